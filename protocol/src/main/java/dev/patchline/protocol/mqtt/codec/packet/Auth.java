package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;
import java.util.Set;

/** AUTH (MQTT 5 section 3.15), enhanced authentication; MQTT 5 only. */
public record Auth(
        AuthReasonCode reasonCode,
        String authenticationMethod,
        BinaryData authenticationData,
        String reasonString,
        UserProperties userProperties)
        implements MqttPacket {

    public Auth {
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    @Override
    public PacketType type() {
        return PacketType.AUTH;
    }

    /** Shows every component except {@code authenticationData}, so that the record can be logged. */
    @Override
    public String toString() {
        return Redacted.toString(this, Set.of("authenticationData"));
    }
}
