package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Set;

/**
 * The MQTT 5 properties of a CONNECT packet (MQTT 5 section 3.1.2.11). Absent properties are {@code null}; user properties are never {@code null} (empty instead).
 * The {@code ...OrDefault} methods apply the defaults the specification gives for absent values.
 */
public record ConnectProperties(
        Long sessionExpiryInterval,
        Integer receiveMaximum,
        Long maximumPacketSize,
        Integer topicAliasMaximum,
        Boolean requestResponseInformation,
        Boolean requestProblemInformation,
        UserProperties userProperties,
        String authenticationMethod,
        BinaryData authenticationData) {

    /** No properties. */
    public static final ConnectProperties NONE = builder().build();

    public ConnectProperties {
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
        Checks.uint32(sessionExpiryInterval, "sessionExpiryInterval");
        if (receiveMaximum != null) {
            Checks.range(receiveMaximum, 1, 65_535, "receiveMaximum");
        }
        if (maximumPacketSize != null) {
            Checks.range(maximumPacketSize, 1, 0xFFFF_FFFFL, "maximumPacketSize");
        }
        if (topicAliasMaximum != null) {
            Checks.range(topicAliasMaximum, 0, 65_535, "topicAliasMaximum");
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
        b.maximumPacketSize = maximumPacketSize;
        b.topicAliasMaximum = topicAliasMaximum;
        b.requestResponseInformation = requestResponseInformation;
        b.requestProblemInformation = requestProblemInformation;
        b.userProperties = userProperties;
        b.authenticationMethod = authenticationMethod;
        b.authenticationData = authenticationData;
        return b;
    }

    public long sessionExpiryIntervalOrDefault() {
        return sessionExpiryInterval == null ? 0 : sessionExpiryInterval;
    }

    public int receiveMaximumOrDefault() {
        return receiveMaximum == null ? 65_535 : receiveMaximum;
    }

    public int topicAliasMaximumOrDefault() {
        return topicAliasMaximum == null ? 0 : topicAliasMaximum;
    }

    public boolean requestProblemInformationOrDefault() {
        return requestProblemInformation == null || requestProblemInformation;
    }

    /** Builds {@link ConnectProperties}; unset properties stay absent. */
    public static final class Builder {
        private Long sessionExpiryInterval;
        private Integer receiveMaximum;
        private Long maximumPacketSize;
        private Integer topicAliasMaximum;
        private Boolean requestResponseInformation;
        private Boolean requestProblemInformation;
        private UserProperties userProperties;
        private String authenticationMethod;
        private BinaryData authenticationData;

        private Builder() {}

        /** Seconds (0..4294967295); absent means 0. */
        public Builder sessionExpiryInterval(Long sessionExpiryInterval) {
            this.sessionExpiryInterval = sessionExpiryInterval;
            return this;
        }

        /** 1..65535; absent means 65535. */
        public Builder receiveMaximum(Integer receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        /** 1..4294967295 bytes; absent means no limit beyond the protocol's. */
        public Builder maximumPacketSize(Long maximumPacketSize) {
            this.maximumPacketSize = maximumPacketSize;
            return this;
        }

        /** 0..65535; absent means 0. */
        public Builder topicAliasMaximum(Integer topicAliasMaximum) {
            this.topicAliasMaximum = topicAliasMaximum;
            return this;
        }

        /** Absent means false. */
        public Builder requestResponseInformation(Boolean requestResponseInformation) {
            this.requestResponseInformation = requestResponseInformation;
            return this;
        }

        /** Absent means true. */
        public Builder requestProblemInformation(Boolean requestProblemInformation) {
            this.requestProblemInformation = requestProblemInformation;
            return this;
        }

        public Builder userProperties(UserProperties userProperties) {
            this.userProperties = userProperties;
            return this;
        }

        public Builder authenticationMethod(String authenticationMethod) {
            this.authenticationMethod = authenticationMethod;
            return this;
        }

        /** Only with an authentication method. */
        public Builder authenticationData(BinaryData authenticationData) {
            this.authenticationData = authenticationData;
            return this;
        }

        public ConnectProperties build() {
            return new ConnectProperties(
                    sessionExpiryInterval,
                    receiveMaximum,
                    maximumPacketSize,
                    topicAliasMaximum,
                    requestResponseInformation,
                    requestProblemInformation,
                    userProperties,
                    authenticationMethod,
                    authenticationData);
        }
    }
}
