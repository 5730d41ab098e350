package dev.patchline.protocol.mqtt.codec.packet;

import java.util.List;

/**
 * The MQTT 5 properties of a PUBLISH packet (MQTT 5 section 3.3.2.3). Absent properties are {@code null}; user properties are never {@code null} (empty instead).
 * Subscription identifiers are an empty list when absent; only the server sends them (MQTT-3.3.4-6).
 */
public record PublishProperties(
        PayloadFormat payloadFormat,
        Long messageExpiryInterval,
        Integer topicAlias,
        String responseTopic,
        BinaryData correlationData,
        UserProperties userProperties,
        List<Integer> subscriptionIdentifiers,
        String contentType) {

    /** No properties. */
    public static final PublishProperties NONE = builder().build();

    public PublishProperties {
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
        subscriptionIdentifiers = subscriptionIdentifiers == null ? List.of() : List.copyOf(subscriptionIdentifiers);
        Checks.uint32(messageExpiryInterval, "messageExpiryInterval");
        if (topicAlias != null) {
            Checks.range(topicAlias, 1, 65_535, "topicAlias");
        }
        for (Integer id : subscriptionIdentifiers) {
            Checks.range(id, 1, Checks.MAX_VARIABLE_BYTE_INTEGER, "subscriptionIdentifier");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.payloadFormat = payloadFormat;
        b.messageExpiryInterval = messageExpiryInterval;
        b.topicAlias = topicAlias;
        b.responseTopic = responseTopic;
        b.correlationData = correlationData;
        b.userProperties = userProperties;
        b.subscriptionIdentifiers = subscriptionIdentifiers;
        b.contentType = contentType;
        return b;
    }

    /** Whether no property is present, so the PUBLISH encodes with a property length of 0. */
    public boolean isEmpty() {
        return payloadFormat == null
                && messageExpiryInterval == null
                && topicAlias == null
                && responseTopic == null
                && correlationData == null
                && userProperties.isEmpty()
                && subscriptionIdentifiers.isEmpty()
                && contentType == null;
    }

    /** These properties with the topic alias removed or replaced ({@code null} removes it). */
    public PublishProperties withTopicAlias(Integer alias) {
        return new PublishProperties(
                payloadFormat,
                messageExpiryInterval,
                alias,
                responseTopic,
                correlationData,
                userProperties,
                subscriptionIdentifiers,
                contentType);
    }

    /** Builds {@link PublishProperties}; unset properties stay absent. */
    public static final class Builder {
        private PayloadFormat payloadFormat;
        private Long messageExpiryInterval;
        private Integer topicAlias;
        private String responseTopic;
        private BinaryData correlationData;
        private UserProperties userProperties;
        private List<Integer> subscriptionIdentifiers;
        private String contentType;

        private Builder() {}

        public Builder payloadFormat(PayloadFormat payloadFormat) {
            this.payloadFormat = payloadFormat;
            return this;
        }

        /** Seconds (0..4294967295). */
        public Builder messageExpiryInterval(Long messageExpiryInterval) {
            this.messageExpiryInterval = messageExpiryInterval;
            return this;
        }

        /** 1..65535 (MQTT-3.3.2-8: never 0). */
        public Builder topicAlias(Integer topicAlias) {
            this.topicAlias = topicAlias;
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

        /** Each 1..268435455. */
        public Builder subscriptionIdentifiers(List<Integer> subscriptionIdentifiers) {
            this.subscriptionIdentifiers = subscriptionIdentifiers;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public PublishProperties build() {
            return new PublishProperties(
                    payloadFormat,
                    messageExpiryInterval,
                    topicAlias,
                    responseTopic,
                    correlationData,
                    userProperties,
                    subscriptionIdentifiers,
                    contentType);
        }
    }
}
