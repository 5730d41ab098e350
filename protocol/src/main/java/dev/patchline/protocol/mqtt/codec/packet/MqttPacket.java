package dev.patchline.protocol.mqtt.codec.packet;

/**
 * An MQTT control packet of either protocol version. Implementations are immutable value types;
 * only {@link Publish} holds a reference-counted payload.
 */
public sealed interface MqttPacket
        permits Connect,
                ConnAck,
                Publish,
                PubAck,
                PubRec,
                PubRel,
                PubComp,
                Subscribe,
                SubAck,
                Unsubscribe,
                UnsubAck,
                PingReq,
                PingResp,
                Disconnect,
                Auth {

    PacketType type();
}
