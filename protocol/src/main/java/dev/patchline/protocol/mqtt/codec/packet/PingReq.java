package dev.patchline.protocol.mqtt.codec.packet;

/** PINGREQ (MQTT 5 section 3.12); use {@link #INSTANCE}. */
public record PingReq() implements MqttPacket {

    public static final PingReq INSTANCE = new PingReq();

    @Override
    public PacketType type() {
        return PacketType.PINGREQ;
    }
}
