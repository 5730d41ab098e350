package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.engine.MqttMessage;

/**
 * Receives the messages of a subscription, one at a time and in order, on the client's callback executor (never on
 * the event loop). A handler may block, publish, subscribe or wait on a publish future without deadlocking the client;
 * while handlers lag, the client stops acknowledging and reading, so the broker holds the rest (no unbounded queue).
 *
 * <p>The message's payload buffer is valid during the call only: the client releases it when the handler returns.
 * Copy what must outlive the call ({@link MqttMessage#payloadBytes()}).
 */
@FunctionalInterface
public interface MessageHandler {

    void onMessage(MqttMessage message);
}
