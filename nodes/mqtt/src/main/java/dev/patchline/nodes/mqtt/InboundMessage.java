package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A received message copied out of the network buffers, on its way from the MQTT client to a node's cook. Immutable;
 * also the optional 7th argument of {@code onMessage} ({@code msg.contentType}, {@code msg.userProperties},
 * {@code msg.bytes}), so scripts can read MQTT 5 properties.
 */
public final class InboundMessage {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retained;
    private final boolean dup;
    private final PublishProperties properties;
    private final long receivedMillis;
    /** What it counts against the inbox's byte budget ({@link MessageRing#weight}). */
    private final long weight;

    InboundMessage(
            String topic,
            byte[] payload,
            int qos,
            boolean retained,
            boolean dup,
            PublishProperties properties,
            long receivedMillis) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retained = retained;
        this.dup = dup;
        this.properties = properties;
        this.receivedMillis = receivedMillis;
        this.weight = MessageRing.weight(payload.length, topic.length());
    }

    /** Copies what must outlive the client's buffer; the caller still releases {@code message}. */
    static InboundMessage copyOf(MqttMessage message, long nowMillis) {
        return new InboundMessage(
                message.topic(),
                message.payloadBytes(),
                message.qos().value(),
                message.retain(),
                message.dup(),
                message.properties(),
                nowMillis);
    }

    long weight() {
        return weight;
    }

    public String getTopic() {
        return topic;
    }

    /** The payload bytes (the array itself: do not modify it). */
    public byte[] getBytes() {
        return payload;
    }

    /** The payload decoded as UTF-8. */
    public String getText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public int getQos() {
        return qos;
    }

    public boolean isRetained() {
        return retained;
    }

    public boolean isDup() {
        return dup;
    }

    /** Wall-clock time the client handed the message over, in milliseconds since the epoch. */
    public long getReceivedMillis() {
        return receivedMillis;
    }

    /** MQTT 5 content type, or null. */
    public String getContentType() {
        return properties.contentType();
    }

    /** MQTT 5 response topic, or null. */
    public String getResponseTopic() {
        return properties.responseTopic();
    }

    /** MQTT 5 correlation data, or null. */
    public byte[] getCorrelationData() {
        return properties.correlationData() == null
                ? null
                : properties.correlationData().toByteArray();
    }

    /** MQTT 5 user properties in arrival order (a repeated name keeps its last value here). */
    public Map<String, String> getUserProperties() {
        UserProperties up = properties.userProperties();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < up.size(); i++) {
            map.put(up.name(i), up.value(i));
        }
        return map;
    }

    /** All MQTT 5 properties as the codec sees them. */
    public PublishProperties getProperties() {
        return properties;
    }

    @Override
    public String toString() {
        return "InboundMessage[" + topic + ", " + payload.length + " bytes, qos " + qos + (retained ? ", retained" : "")
                + (dup ? ", dup" : "") + "]";
    }
}
