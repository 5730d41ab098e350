package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * DISCONNECT (MQTT 5 section 3.14). MQTT 3.1.1 DISCONNECT is empty: the decoder reports
 * {@code NORMAL_DISCONNECTION} and the encoder writes nothing but the fixed header. The server never
 * sends a session expiry interval (MQTT-3.14.2-2).
 */
public record Disconnect(
        DisconnectReasonCode reasonCode,
        Long sessionExpiryInterval,
        String reasonString,
        String serverReference,
        UserProperties userProperties)
        implements MqttPacket {

    /** A normal disconnection without properties. */
    public static final Disconnect NORMAL =
            new Disconnect(DisconnectReasonCode.NORMAL_DISCONNECTION, null, null, null, UserProperties.EMPTY);

    public Disconnect {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Checks.uint32(sessionExpiryInterval, "sessionExpiryInterval");
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    public static Disconnect of(DisconnectReasonCode reasonCode) {
        return new Disconnect(reasonCode, null, null, null, UserProperties.EMPTY);
    }

    public static Disconnect of(DisconnectReasonCode reasonCode, String reasonString) {
        return new Disconnect(reasonCode, null, reasonString, null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
