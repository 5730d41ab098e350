package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBREC (MQTT 5 section 3.5), QoS 2 delivery part 1. In MQTT 3.1.1 only the packet identifier is on the wire: the decoder reports
 * {@code SUCCESS} and the encoder drops the rest.
 */
public record PubRec(int packetId, PubRecReasonCode reasonCode, String reasonString, UserProperties userProperties)
        implements MqttPacket {

    public PubRec {
        Checks.packetId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    /** A successful PUBREC without properties. */
    public static PubRec of(int packetId) {
        return new PubRec(packetId, PubRecReasonCode.SUCCESS, null, UserProperties.EMPTY);
    }

    public static PubRec of(int packetId, PubRecReasonCode reasonCode) {
        return new PubRec(packetId, reasonCode, null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
