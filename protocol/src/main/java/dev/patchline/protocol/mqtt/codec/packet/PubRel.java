package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBREL (MQTT 5 section 3.6), QoS 2 delivery part 2. In MQTT 3.1.1 only the packet identifier is on the wire: the decoder reports
 * {@code SUCCESS} and the encoder drops the rest.
 */
public record PubRel(int packetId, PubRelReasonCode reasonCode, String reasonString, UserProperties userProperties)
        implements MqttPacket {

    public PubRel {
        Checks.packetId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    /** A successful PUBREL without properties. */
    public static PubRel of(int packetId) {
        return new PubRel(packetId, PubRelReasonCode.SUCCESS, null, UserProperties.EMPTY);
    }

    public static PubRel of(int packetId, PubRelReasonCode reasonCode) {
        return new PubRel(packetId, reasonCode, null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
