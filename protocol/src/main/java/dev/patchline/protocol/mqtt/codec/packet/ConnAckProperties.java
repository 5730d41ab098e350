package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Set;

/**
 * The MQTT 5 properties of a CONNACK packet (MQTT 5 section 3.2.2.3). Absent properties are {@code null}; user properties are never {@code null} (empty instead).
 * The {@code ...OrDefault} methods apply the defaults the specification gives for absent values.
 */
public record ConnAckProperties(
        Long sessionExpiryInterval,
        Integer receiveMaximum,
        Qos maximumQos,
        Boolean retainAvailable,
        Long maximumPacketSize,
        String assignedClientIdentifier,
        Integer topicAliasMaximum,
        String reasonString,
        UserProperties userProperties,
        Boolean wildcardSubscriptionAvailable,
        Boolean subscriptionIdentifiersAvailable,
        Boolean sharedSubscriptionAvailable,
        Integer serverKeepAlive,
        String responseInformation,
        String serverReference,
        String authenticationMethod,
        BinaryData authenticationData) {

    /** No properties. */
    public static final ConnAckProperties NONE = builder().build();

    public ConnAckProperties {
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
        Checks.uint32(sessionExpiryInterval, "sessionExpiryInterval");
        if (receiveMaximum != null) {
            Checks.range(receiveMaximum, 1, 65_535, "receiveMaximum");
        }
        if (maximumQos == Qos.EXACTLY_ONCE) {
            throw new IllegalArgumentException("Maximum QoS is sent only as 0 or 1; leave it absent for QoS 2");
        }
        if (maximumPacketSize != null) {
            Checks.range(maximumPacketSize, 1, 0xFFFF_FFFFL, "maximumPacketSize");
        }
        if (topicAliasMaximum != null) {
            Checks.range(topicAliasMaximum, 0, 65_535, "topicAliasMaximum");
        }
        if (serverKeepAlive != null) {
            Checks.range(serverKeepAlive, 0, 65_535, "serverKeepAlive");
        }
    }

    /** Shows every component except {@code authenticationData}, so that the record can be logged. */
    @Override
    public String toString() {
        return Redacted.toString(this, Set.of("authenticationData"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sessionExpiryInterval = sessionExpiryInterval;
        b.receiveMaximum = receiveMaximum;
        b.maximumQos = maximumQos;
        b.retainAvailable = retainAvailable;
        b.maximumPacketSize = maximumPacketSize;
        b.assignedClientIdentifier = assignedClientIdentifier;
        b.topicAliasMaximum = topicAliasMaximum;
        b.reasonString = reasonString;
        b.userProperties = userProperties;
        b.wildcardSubscriptionAvailable = wildcardSubscriptionAvailable;
        b.subscriptionIdentifiersAvailable = subscriptionIdentifiersAvailable;
        b.sharedSubscriptionAvailable = sharedSubscriptionAvailable;
        b.serverKeepAlive = serverKeepAlive;
        b.responseInformation = responseInformation;
        b.serverReference = serverReference;
        b.authenticationMethod = authenticationMethod;
        b.authenticationData = authenticationData;
        return b;
    }

    public int receiveMaximumOrDefault() {
        return receiveMaximum == null ? 65_535 : receiveMaximum;
    }

    public Qos maximumQosOrDefault() {
        return maximumQos == null ? Qos.EXACTLY_ONCE : maximumQos;
    }

    public boolean retainAvailableOrDefault() {
        return retainAvailable == null || retainAvailable;
    }

    public int topicAliasMaximumOrDefault() {
        return topicAliasMaximum == null ? 0 : topicAliasMaximum;
    }

    public boolean wildcardSubscriptionAvailableOrDefault() {
        return wildcardSubscriptionAvailable == null || wildcardSubscriptionAvailable;
    }

    public boolean subscriptionIdentifiersAvailableOrDefault() {
        return subscriptionIdentifiersAvailable == null || subscriptionIdentifiersAvailable;
    }

    public boolean sharedSubscriptionAvailableOrDefault() {
        return sharedSubscriptionAvailable == null || sharedSubscriptionAvailable;
    }

    /** Builds {@link ConnAckProperties}; unset properties stay absent. */
    public static final class Builder {
        private Long sessionExpiryInterval;
        private Integer receiveMaximum;
        private Qos maximumQos;
        private Boolean retainAvailable;
        private Long maximumPacketSize;
        private String assignedClientIdentifier;
        private Integer topicAliasMaximum;
        private String reasonString;
        private UserProperties userProperties;
        private Boolean wildcardSubscriptionAvailable;
        private Boolean subscriptionIdentifiersAvailable;
        private Boolean sharedSubscriptionAvailable;
        private Integer serverKeepAlive;
        private String responseInformation;
        private String serverReference;
        private String authenticationMethod;
        private BinaryData authenticationData;

        private Builder() {}

        /** Seconds; absent means the client's value applies. */
        public Builder sessionExpiryInterval(Long sessionExpiryInterval) {
            this.sessionExpiryInterval = sessionExpiryInterval;
            return this;
        }

        /** 1..65535; absent means 65535. */
        public Builder receiveMaximum(Integer receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        /** AT_MOST_ONCE or AT_LEAST_ONCE; absent means EXACTLY_ONCE is supported. */
        public Builder maximumQos(Qos maximumQos) {
            this.maximumQos = maximumQos;
            return this;
        }

        /** Absent means true. */
        public Builder retainAvailable(Boolean retainAvailable) {
            this.retainAvailable = retainAvailable;
            return this;
        }

        /** 1..4294967295; absent means no limit beyond the protocol's. */
        public Builder maximumPacketSize(Long maximumPacketSize) {
            this.maximumPacketSize = maximumPacketSize;
            return this;
        }

        public Builder assignedClientIdentifier(String assignedClientIdentifier) {
            this.assignedClientIdentifier = assignedClientIdentifier;
            return this;
        }

        /** 0..65535; absent means 0. */
        public Builder topicAliasMaximum(Integer topicAliasMaximum) {
            this.topicAliasMaximum = topicAliasMaximum;
            return this;
        }

        public Builder reasonString(String reasonString) {
            this.reasonString = reasonString;
            return this;
        }

        public Builder userProperties(UserProperties userProperties) {
            this.userProperties = userProperties;
            return this;
        }

        /** Absent means true. */
        public Builder wildcardSubscriptionAvailable(Boolean wildcardSubscriptionAvailable) {
            this.wildcardSubscriptionAvailable = wildcardSubscriptionAvailable;
            return this;
        }

        /** Absent means true. */
        public Builder subscriptionIdentifiersAvailable(Boolean subscriptionIdentifiersAvailable) {
            this.subscriptionIdentifiersAvailable = subscriptionIdentifiersAvailable;
            return this;
        }

        /** Absent means true. */
        public Builder sharedSubscriptionAvailable(Boolean sharedSubscriptionAvailable) {
            this.sharedSubscriptionAvailable = sharedSubscriptionAvailable;
            return this;
        }

        /** Seconds 0..65535; replaces the client's keep alive (MQTT-3.2.2-21). */
        public Builder serverKeepAlive(Integer serverKeepAlive) {
            this.serverKeepAlive = serverKeepAlive;
            return this;
        }

        public Builder responseInformation(String responseInformation) {
            this.responseInformation = responseInformation;
            return this;
        }

        public Builder serverReference(String serverReference) {
            this.serverReference = serverReference;
            return this;
        }

        public Builder authenticationMethod(String authenticationMethod) {
            this.authenticationMethod = authenticationMethod;
            return this;
        }

        public Builder authenticationData(BinaryData authenticationData) {
            this.authenticationData = authenticationData;
            return this;
        }

        public ConnAckProperties build() {
            return new ConnAckProperties(
                    sessionExpiryInterval,
                    receiveMaximum,
                    maximumQos,
                    retainAvailable,
                    maximumPacketSize,
                    assignedClientIdentifier,
                    topicAliasMaximum,
                    reasonString,
                    userProperties,
                    wildcardSubscriptionAvailable,
                    subscriptionIdentifiersAvailable,
                    sharedSubscriptionAvailable,
                    serverKeepAlive,
                    responseInformation,
                    serverReference,
                    authenticationMethod,
                    authenticationData);
        }
    }
}
