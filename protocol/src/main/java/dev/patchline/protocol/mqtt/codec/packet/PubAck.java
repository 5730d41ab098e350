package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBACK (MQTT 5 section 3.4), the QoS 1 acknowledgement. In MQTT 3.1.1 only the packet identifier is on the wire: the decoder reports
 * {@code SUCCESS} and the encoder drops the rest.
 */
public record PubAck(int packetId, PubAckReasonCode reasonCode, String reasonString, UserProperties userProperties)
        implements MqttPacket {

    public PubAck {
        Checks.packetId(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    /** A successful PUBACK without properties. */
    public static PubAck of(int packetId) {
        return new PubAck(packetId, PubAckReasonCode.SUCCESS, null, UserProperties.EMPTY);
    }

    public static PubAck of(int packetId, PubAckReasonCode reasonCode) {
        return new PubAck(packetId, reasonCode, null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
