package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * An application message received from the server, with its topic alias already resolved and the subscriptions it
 * was delivered for.
 *
 * <p><b>Ownership.</b> The payload is a reference-counted slice of the received bytes. When the listener accepts the
 * message ({@link MqttEngineListener#messageReceived} returns {@code true}) it owns one reference and must call
 * {@link #release()} when done, on any thread. When it refuses, the engine keeps the message and offers it again later.
 */
public final class MqttMessage {

    private final Publish publish;
    private final List<MqttSubscription> subscriptions;

    MqttMessage(Publish publish, List<MqttSubscription> subscriptions) {
        this.publish = publish;
        this.subscriptions = subscriptions;
    }

    /** The topic name (resolved from the alias when the server used one). */
    public String topic() {
        return publish.topic();
    }

    /** The payload bytes; do not release it directly, use {@link #release()}. */
    public ByteBuf payload() {
        return publish.payload();
    }

    /** A copy of the payload bytes. */
    public byte[] payloadBytes() {
        ByteBuf p = publish.payload();
        byte[] bytes = new byte[p.readableBytes()];
        p.getBytes(p.readerIndex(), bytes);
        return bytes;
    }

    public Qos qos() {
        return publish.qos();
    }

    public boolean retain() {
        return publish.retain();
    }

    /** Whether the server marked this as a possible re-delivery (DUP). */
    public boolean dup() {
        return publish.dup();
    }

    /** The MQTT 5 properties, with the Topic Alias removed. */
    public PublishProperties properties() {
        return publish.properties();
    }

    public UserProperties userProperties() {
        return publish.properties().userProperties();
    }

    /** MQTT 5 request/response: where the sender wants an answer, or {@code null}. */
    public String responseTopic() {
        return publish.properties().responseTopic();
    }

    /** MQTT 5 request/response: the data to echo in the answer, or {@code null}. */
    public BinaryData correlationData() {
        return publish.properties().correlationData();
    }

    /** The Subscription Identifiers the server attached (MQTT 5), possibly empty. */
    public List<Integer> subscriptionIdentifiers() {
        return publish.properties().subscriptionIdentifiers();
    }

    /**
     * The subscriptions this message was delivered for; empty when none is known, e.g. for messages the server
     * replays from a session that an earlier process created.
     */
    public List<MqttSubscription> subscriptions() {
        return subscriptions;
    }

    /** The PUBLISH as decoded (alias resolved); shares the payload. */
    public Publish publish() {
        return publish;
    }

    /** Gives up the owner's reference to the payload. */
    public void release() {
        publish.release();
    }

    @Override
    public String toString() {
        return "MqttMessage[" + publish + ", subscriptions=" + subscriptions + "]";
    }
}
