package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBCOMP (MQTT 5 section 3.7), QoS 2 delivery part 3. In MQTT 3.1.1 only the packet identifier is on the wire: the decoder reports
 * {@code SUCCESS} and the encoder drops the rest.
 */
public record PubComp(int packetId, PubCompReasonCode reasonCode, String reasonString, UserProperties userProperties)
        implements MqttPacket {

    public PubComp {
        Checks.packetId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    /** A successful PUBCOMP without properties. */
    public static PubComp of(int packetId) {
        return new PubComp(packetId, PubCompReasonCode.SUCCESS, null, UserProperties.EMPTY);
    }

    public static PubComp of(int packetId, PubCompReasonCode reasonCode) {
        return new PubComp(packetId, reasonCode, null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
