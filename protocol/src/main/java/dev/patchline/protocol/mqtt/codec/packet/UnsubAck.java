package dev.patchline.protocol.mqtt.codec.packet;

import java.util.List;

/**
 * UNSUBACK (MQTT 5 section 3.11). MQTT 3.1.1 UNSUBACK carries no reason codes: the decoder reports
 * an empty list and the encoder writes none.
 */
public record UnsubAck(
        int packetId, List<UnsubAckReasonCode> reasonCodes, String reasonString, UserProperties userProperties)
        implements MqttPacket {

    public UnsubAck {
        Checks.packetId(packetId);
        reasonCodes = List.copyOf(reasonCodes);
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    public static UnsubAck of(int packetId, UnsubAckReasonCode... reasonCodes) {
        return new UnsubAck(packetId, List.of(reasonCodes), null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
