package dev.patchline.protocol.mqtt.codec;

import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import java.util.Objects;

/**
 * What a {@link MqttDecoder} needs to know about its connection.
 *
 * @param version          the protocol version, or {@code null} to take it from the first CONNECT
 *                         (server side only)
 * @param maximumPacketSize the largest whole packet (fixed header included) this side accepts, as
 *                         advertised in its CONNECT or CONNACK; 2..268435460
 * @param side             the side this decoder runs on; it decodes what the peer sends
 */
public record DecoderConfig(MqttVersion version, int maximumPacketSize, Side side) {

    /** The largest packet the protocol can express: 1 type byte, 4 length bytes, 268,435,455 bytes. */
    public static final int PROTOCOL_MAXIMUM_PACKET_SIZE = 1 + 4 + 268_435_455;

    public DecoderConfig {
        Objects.requireNonNull(side, "side");
        if (maximumPacketSize < 2 || maximumPacketSize > PROTOCOL_MAXIMUM_PACKET_SIZE) {
            throw new IllegalArgumentException(
                    "maximumPacketSize must be in 2.." + PROTOCOL_MAXIMUM_PACKET_SIZE + ", got " + maximumPacketSize);
        }
        if (version == null && side == Side.CLIENT) {
            throw new IllegalArgumentException(
                    "a client decoder must know its version; only a server detects it from CONNECT");
        }
    }

    /** A client-side decoder for a connection it opened with {@code version}. */
    public static DecoderConfig client(MqttVersion version, int maximumPacketSize) {
        return new DecoderConfig(Objects.requireNonNull(version, "version"), maximumPacketSize, Side.CLIENT);
    }

    /** A server-side decoder that learns the version from the client's CONNECT. */
    public static DecoderConfig server(int maximumPacketSize) {
        return new DecoderConfig(null, maximumPacketSize, Side.SERVER);
    }
}
