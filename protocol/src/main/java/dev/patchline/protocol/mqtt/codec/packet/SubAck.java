package dev.patchline.protocol.mqtt.codec.packet;

import java.util.List;

/** SUBACK (MQTT 5 section 3.9): one reason code per subscription, in order (MQTT-3.9.3-1). */
public record SubAck(
        int packetId, List<SubAckReasonCode> reasonCodes, String reasonString, UserProperties userProperties)
        implements MqttPacket {

    public SubAck {
        Checks.packetId(packetId);
        reasonCodes = List.copyOf(reasonCodes);
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    public static SubAck of(int packetId, SubAckReasonCode... reasonCodes) {
        return new SubAck(packetId, List.of(reasonCodes), null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
