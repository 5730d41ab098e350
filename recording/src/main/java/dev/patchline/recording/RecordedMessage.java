package dev.patchline.recording;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import java.util.Objects;

/**
 * One message of a recording, as it was received.
 *
 * @param timeMicros when the recorder received it, in microseconds since 1970-01-01T00:00:00Z
 * @param topic the topic name (an alias already resolved)
 * @param payload the payload bytes; the record owns the array, do not modify it
 * @param qos the QoS it was delivered with, 0..2
 * @param retain whether the broker sent it as a retained message
 * @param dup whether the broker marked it as a possible re-delivery
 * @param properties its MQTT 5 properties without the topic alias; {@link PublishProperties#NONE} when there were none
 */
public record RecordedMessage(
        long timeMicros,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        boolean dup,
        PublishProperties properties) {

    public RecordedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
        properties = properties == null ? PublishProperties.NONE : properties.withTopicAlias(null);
    }

    /** The receive time in milliseconds since the epoch. */
    public long timeMillis() {
        return Math.floorDiv(timeMicros, 1000);
    }

    @Override
    public String toString() {
        return "RecordedMessage[" + topic + ", " + payload.length + " bytes, qos " + qos + (retain ? ", retained" : "")
                + ", t=" + timeMicros + "us]";
    }
}
