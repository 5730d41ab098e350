package dev.patchline.protocol.mqtt.codec.packet;

/** PINGRESP (MQTT 5 section 3.13); use {@link #INSTANCE}. */
public record PingResp() implements MqttPacket {

    public static final PingResp INSTANCE = new PingResp();

    @Override
    public PacketType type() {
        return PacketType.PINGRESP;
    }
}
