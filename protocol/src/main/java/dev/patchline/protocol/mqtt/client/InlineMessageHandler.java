package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.engine.MqttMessage;

/**
 * Receives the messages of a subscription directly on the client's event loop, for a consumer that only hands them
 * on to a bounded buffer of its own and never blocks (a graph node's ring, for instance). It saves the hop through the
 * callback executor that a {@link MessageHandler} costs: one thread wake-up and one cache transfer per burst fewer,
 * which is what decides the rate when the broker, the publishers and the application share a few cores.
 *
 * <p>Backpressure stays the client's: when {@link #hasRoom} says no, the client keeps the message unacknowledged (no
 * PUBACK/PUBREC, so the Receive Maximum quota of MQTT 5 section 3.3.4 and the TCP window hold the rest back) and stops
 * reading. Once the consumer has made room it must call {@link MqttClient#resumeInbound()}; the client then offers the
 * same message again. Nothing is dropped by the client.
 *
 * <p>Threading: both methods run on the event loop, one message at a time, in arrival order. They must return
 * quickly: no locks that others hold long, no I/O, no waiting.
 */
public interface InlineMessageHandler {

    /**
     * Whether {@code message} can be taken now. When this returns false the consumer must later call
     * {@link MqttClient#resumeInbound()}, or reading stays paused.
     */
    boolean hasRoom(MqttMessage message);

    /**
     * Takes a message {@link #hasRoom} just accepted. The payload buffer is valid during the call only (the client
     * releases it afterwards): copy what must outlive it.
     */
    void onMessage(MqttMessage message);
}
