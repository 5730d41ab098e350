package dev.patchline.protocol.mqtt.codec.packet;

/**
 * The MQTT 5 properties of a Will Message (MQTT 5 section 3.1.3.2). Absent properties are {@code null}; user properties are never {@code null} (empty instead).
 */
public record WillProperties(
        Long willDelayInterval,
        PayloadFormat payloadFormat,
        Long messageExpiryInterval,
        String contentType,
        String responseTopic,
        BinaryData correlationData,
        UserProperties userProperties) {

    /** No properties. */
    public static final WillProperties NONE = builder().build();

    public WillProperties {
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
        Checks.uint32(willDelayInterval, "willDelayInterval");
        Checks.uint32(messageExpiryInterval, "messageExpiryInterval");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.willDelayInterval = willDelayInterval;
        b.payloadFormat = payloadFormat;
        b.messageExpiryInterval = messageExpiryInterval;
        b.contentType = contentType;
        b.responseTopic = responseTopic;
        b.correlationData = correlationData;
        b.userProperties = userProperties;
        return b;
    }

    /** Builds {@link WillProperties}; unset properties stay absent. */
    public static final class Builder {
        private Long willDelayInterval;
        private PayloadFormat payloadFormat;
        private Long messageExpiryInterval;
        private String contentType;
        private String responseTopic;
        private BinaryData correlationData;
        private UserProperties userProperties;

        private Builder() {}

        /** Seconds (0..4294967295) before the server publishes the will. */
        public Builder willDelayInterval(Long willDelayInterval) {
            this.willDelayInterval = willDelayInterval;
            return this;
        }

        public Builder payloadFormat(PayloadFormat payloadFormat) {
            this.payloadFormat = payloadFormat;
            return this;
        }

        /** Seconds (0..4294967295). */
        public Builder messageExpiryInterval(Long messageExpiryInterval) {
            this.messageExpiryInterval = messageExpiryInterval;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** A topic name without wildcards (MQTT-3.3.2-14). */
        public Builder responseTopic(String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        public Builder correlationData(BinaryData correlationData) {
            this.correlationData = correlationData;
            return this;
        }

        public Builder userProperties(UserProperties userProperties) {
            this.userProperties = userProperties;
            return this;
        }

        public WillProperties build() {
            return new WillProperties(
                    willDelayInterval,
                    payloadFormat,
                    messageExpiryInterval,
                    contentType,
                    responseTopic,
                    correlationData,
                    userProperties);
        }
    }
}
