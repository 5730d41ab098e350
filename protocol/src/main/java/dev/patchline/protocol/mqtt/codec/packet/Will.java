package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * The Will Message of a CONNECT (MQTT 5 section 3.1.2.5, 3.1.3.2-3.1.3.4). The payload is small
 * binary data owned by this record, so a CONNECT needs no release.
 */
public record Will(String topic, BinaryData payload, Qos qos, boolean retain, WillProperties properties) {

    public Will {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        properties = properties == null ? WillProperties.NONE : properties;
    }

    public static Will of(String topic, BinaryData payload, Qos qos, boolean retain) {
        return new Will(topic, payload, qos, retain, WillProperties.NONE);
    }
}
