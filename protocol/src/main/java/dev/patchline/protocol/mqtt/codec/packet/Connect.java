package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;
import java.util.Set;

/**
 * CONNECT (MQTT 5 section 3.1, MQTT 3.1.1 section 3.1). {@code cleanStart} is "Clean Session" in
 * 3.1.1. A {@code null} username, password or will means the flag is 0. {@code properties} are
 * written only for MQTT 5.
 */
public record Connect(
        MqttVersion version,
        String clientId,
        boolean cleanStart,
        int keepAliveSeconds,
        String username,
        BinaryData password,
        Will will,
        ConnectProperties properties)
        implements MqttPacket {

    public Connect {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        Checks.range(keepAliveSeconds, 0, 65_535, "keepAliveSeconds");
        properties = properties == null ? ConnectProperties.NONE : properties;
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }

    /** Shows every component except {@code password}, so that the record can be logged. */
    @Override
    public String toString() {
        return Redacted.toString(this, Set.of("password"));
    }

    public static Builder builder(MqttVersion version, String clientId) {
        return new Builder(version, clientId);
    }

    /** Builds a CONNECT; defaults: clean start, keep alive 60 s, no credentials, no will. */
    public static final class Builder {
        private final MqttVersion version;
        private final String clientId;
        private boolean cleanStart = true;
        private int keepAliveSeconds = 60;
        private String username;
        private BinaryData password;
        private Will will;
        private ConnectProperties properties = ConnectProperties.NONE;

        private Builder(MqttVersion version, String clientId) {
            this.version = version;
            this.clientId = clientId;
        }

        public Builder cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        public Builder keepAliveSeconds(int keepAliveSeconds) {
            this.keepAliveSeconds = keepAliveSeconds;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(BinaryData password) {
            this.password = password;
            return this;
        }

        public Builder will(Will will) {
            this.will = will;
            return this;
        }

        public Builder properties(ConnectProperties properties) {
            this.properties = properties;
            return this;
        }

        public Connect build() {
            return new Connect(version, clientId, cleanStart, keepAliveSeconds, username, password, will, properties);
        }
    }
}
