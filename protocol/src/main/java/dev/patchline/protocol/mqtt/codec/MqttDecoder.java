package dev.patchline.protocol.mqtt.codec;

import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Streaming MQTT decoder: call {@link #decode(ByteBuf)} with whatever bytes have arrived, in any
 * split; it returns one whole packet at a time, or {@code null} when the next packet is not complete
 * yet, and then leaves the input untouched.
 *
 * <p>It first reads the fixed header (type, flags, remaining length) and rejects a packet larger than
 * the configured Maximum Packet Size before waiting for its body or allocating anything. Then it
 * decodes the body with the buffer bounded to the packet, so that no field can read into the next
 * packet.
 *
 * <p>Any violation throws {@link MqttDecodeException}. The decoder is then failed for good: every
 * later call discards its input and throws the same exception, as the connection must be closed
 * (MQTT-4.13.1-1); a broken stream is never resynchronised by guessing.
 *
 * <p><b>Ownership.</b> A decoded {@link dev.patchline.protocol.mqtt.codec.packet.Publish} holds a
 * retained slice of {@code in} as its payload; the caller owns that reference and must release the
 * PUBLISH. The decoder never releases {@code in}. Because the payload shares memory with {@code in},
 * the caller must not overwrite consumed bytes of {@code in} (e.g. {@code discardReadBytes()}) while
 * {@code in.refCnt() > 1}; Netty's {@code ByteToMessageDecoder} cumulators already make this check.
 *
 * <p><b>Threading.</b> Not thread-safe; confine an instance to one connection and one thread at a time.
 */
public final class MqttDecoder {

    private final DecoderConfig config;
    private final BodyDecoder bodies;
    private MqttVersion version;
    private boolean connectSeen;
    private MqttDecodeException failure;

    public MqttDecoder(DecoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.version = config.version();
        this.bodies = new BodyDecoder(config.side());
    }

    /** The protocol version, or {@code null} while a server decoder waits for the CONNECT. */
    public MqttVersion version() {
        return version;
    }

    public DecoderConfig config() {
        return config;
    }

    /** Whether a previous call failed; a failed decoder accepts no more input. */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Decodes the next packet from {@code in}.
     *
     * @return the packet, with the reader index of {@code in} moved past it; or {@code null} when
     *         {@code in} does not hold a whole packet yet (nothing is consumed)
     * @throws MqttDecodeException when the bytes break the specification; the decoder stays failed
     */
    public MqttPacket decode(ByteBuf in) throws MqttDecodeException {
        if (failure != null) {
            in.skipBytes(in.readableBytes());
            throw failure;
        }
        try {
            return decodeOne(in);
        } catch (MqttDecodeException e) {
            failure = e;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private MqttPacket decodeOne(ByteBuf in) throws MqttDecodeException {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 2) {
            return null;
        }
        int first = in.getUnsignedByte(start);
        PacketType type = checkTypeAndFlags(first);

        // Remaining Length: a variable byte integer of 1..4 bytes (MQTT 5 section 2.1.4).
        int remaining = 0;
        int headerLength = 1;
        while (true) {
            if (headerLength >= readable) {
                return null;
            }
            int b = in.getUnsignedByte(start + headerLength);
            remaining |= (b & 0x7F) << (7 * (headerLength - 1));
            headerLength++;
            if ((b & 0x80) == 0) {
                if (b == 0 && headerLength > 2) {
                    throw MqttDecodeException.malformed(
                            "MQTT-1.5.5-1", type + " remaining length is not encoded in the minimum number of bytes");
                }
                break;
            }
            if (headerLength == 5) {
                throw MqttDecodeException.malformed(null, type + " remaining length is longer than 4 bytes");
            }
        }
        int packetSize = headerLength + remaining;
        if (packetSize > config.maximumPacketSize()) {
            // MQTT 5 sections 3.1.2.11.4 and 3.2.2.3.6: a packet above the advertised limit is
            // answered with 0x95; checked before the body is buffered or anything is allocated.
            throw new MqttDecodeException(
                    MqttDecodeException.PACKET_TOO_LARGE,
                    null,
                    type + " of " + packetSize + " bytes exceeds the Maximum Packet Size of "
                            + config.maximumPacketSize() + " bytes");
        }
        if (readable < packetSize) {
            return null;
        }

        int end = start + packetSize;
        int writerIndex = in.writerIndex();
        in.readerIndex(start + headerLength);
        in.writerIndex(end); // bound the body: readable bytes are now exactly this packet's
        try {
            MqttPacket packet = bodies.decode(type, first & 0x0F, in, version);
            if (type == PacketType.CONNECT) {
                connectSeen = true;
            }
            return packet;
        } finally {
            in.writerIndex(writerIndex);
            if (in.readerIndex() != end) {
                in.readerIndex(end);
            }
            if (type == PacketType.CONNECT && version == null && bodies.lastConnectVersion() != null) {
                version = bodies.lastConnectVersion(); // known even if the CONNECT failed later, to answer in kind
            }
        }
    }

    private PacketType checkTypeAndFlags(int first) throws MqttDecodeException {
        PacketType type = PacketType.ofValue(first >>> 4);
        int flags = first & 0x0F;
        if (type == null) {
            throw MqttDecodeException.malformed(null, "packet type 0 is reserved");
        }
        if (version == null && type != PacketType.CONNECT) {
            throw MqttDecodeException.protocolError(
                    "MQTT-3.1.0-1", "the first packet from a client must be CONNECT, got " + type);
        }
        if (type == PacketType.CONNECT && config.side() == Side.SERVER && connectSeen) {
            throw MqttDecodeException.protocolError("MQTT-3.1.0-2", "a second CONNECT on one connection");
        }
        if (type == PacketType.AUTH && version == MqttVersion.V3_1_1) {
            throw MqttDecodeException.malformed(null, "packet type 15 is reserved in MQTT 3.1.1");
        }
        if (!mayBeSentBy(type, config.side().peer())) {
            throw MqttDecodeException.protocolError(
                    null,
                    type + " cannot be sent by a " + config.side().peer().name().toLowerCase()
                            + " (MQTT 5 section 2.1.2, direction of flow)");
        }
        switch (type) {
            case PUBLISH -> {
                if ((flags & 0b0110) == 0b0110) {
                    throw MqttDecodeException.malformed("MQTT-3.3.1-4", "PUBLISH has QoS 3");
                }
            }
            case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> {
                if (flags != 0b0010) {
                    String id = type == PacketType.PUBREL
                            ? "MQTT-3.6.1-1"
                            : type == PacketType.SUBSCRIBE ? "MQTT-3.8.1-1" : "MQTT-3.10.1-1";
                    throw MqttDecodeException.malformed(
                            id, type + " fixed header flags must be 0010, got " + bits(flags));
                }
            }
            default -> {
                if (flags != 0) {
                    String id = type == PacketType.DISCONNECT
                            ? "MQTT-3.14.1-1"
                            : type == PacketType.AUTH ? "MQTT-3.15.1-1" : "MQTT-2.1.3-1";
                    throw MqttDecodeException.malformed(
                            id, type + " fixed header flags are reserved and must be 0000, got " + bits(flags));
                }
            }
        }
        return type;
    }

    private boolean mayBeSentBy(PacketType type, Side sender) {
        return switch (type) {
            case CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ -> sender == Side.CLIENT;
            case CONNACK, SUBACK, UNSUBACK, PINGRESP -> sender == Side.SERVER;
            // MQTT 3.1.1 DISCONNECT goes from client to server only.
            case DISCONNECT -> sender == Side.CLIENT || version == MqttVersion.V5;
            default -> true;
        };
    }

    private static String bits(int flags) {
        String s = Integer.toBinaryString(flags);
        return "0".repeat(4 - s.length()) + s;
    }
}
