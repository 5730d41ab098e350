package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/** One MQTT 5 User Property: a name and a value, both UTF-8 strings. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
