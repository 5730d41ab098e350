package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * CONNACK (MQTT 5 section 3.2). For MQTT 3.1.1 the reason code stands for the return code
 * ({@link ConnectReasonCode#v3ReturnCode()}) and the properties are not written.
 */
public record ConnAck(boolean sessionPresent, ConnectReasonCode reasonCode, ConnAckProperties properties)
        implements MqttPacket {

    public ConnAck {
        Objects.requireNonNull(reasonCode, "reasonCode");
        properties = properties == null ? ConnAckProperties.NONE : properties;
        if (sessionPresent && reasonCode != ConnectReasonCode.SUCCESS) {
            // MQTT-3.2.2-6
            throw new IllegalArgumentException("a CONNACK with a non-zero reason code must have session present 0");
        }
    }

    public static ConnAck success(boolean sessionPresent) {
        return new ConnAck(sessionPresent, ConnectReasonCode.SUCCESS, ConnAckProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
