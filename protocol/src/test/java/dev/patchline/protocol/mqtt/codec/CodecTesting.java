package dev.patchline.protocol.mqtt.codec;

import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the codec tests. */
final class CodecTesting {

    static final int LIMIT = DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE;

    private CodecTesting() {}

    /** A decoder that receives what {@code sender} sends. */
    static MqttDecoder decoderFor(MqttVersion version, Side sender) {
        return new MqttDecoder(new DecoderConfig(version, LIMIT, sender.peer()));
    }

    /** Decodes exactly one packet from {@code bytes}, asserting nothing is left over. */
    static MqttPacket decodeOne(byte[] bytes, MqttVersion version, Side sender) throws MqttDecodeException {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            MqttPacket p = decoderFor(version, sender).decode(in);
            if (p == null || in.isReadable()) {
                throw new AssertionError("expected exactly one packet in " + ByteBufUtil.hexDump(bytes) + ", got " + p
                        + " with " + in.readableBytes() + " bytes left");
            }
            return p;
        } finally {
            in.release();
        }
    }

    /** Feeds {@code chunks} one after another into one decoder, the way a socket delivers them. */
    static List<MqttPacket> decodeChunks(MqttDecoder decoder, List<byte[]> chunks) throws MqttDecodeException {
        List<MqttPacket> out = new ArrayList<>();
        ByteBuf cumulation = Unpooled.buffer();
        try {
            for (byte[] chunk : chunks) {
                cumulation.writeBytes(chunk);
                MqttPacket p;
                while ((p = decoder.decode(cumulation)) != null) {
                    out.add(p);
                }
                if (cumulation.refCnt() == 1) {
                    cumulation.discardReadBytes();
                } else {
                    // Decoded PUBLISH payloads still share this memory: never move bytes under
                    // them (Netty's cumulators make the same refCnt check). Start a new buffer.
                    ByteBuf next = Unpooled.buffer();
                    next.writeBytes(cumulation);
                    cumulation.release();
                    cumulation = next;
                }
            }
            if (cumulation.isReadable()) {
                throw new AssertionError(cumulation.readableBytes() + " bytes left undecoded");
            }
            return out;
        } finally {
            cumulation.release();
        }
    }

    static byte[] encode(MqttPacket packet, MqttVersion version) {
        ByteBuf buf = new MqttEncoder(version).encode(packet, Unpooled.buffer().alloc());
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static void release(MqttPacket p) {
        if (p instanceof Publish publish) {
            publish.release();
        }
    }

    static void releaseAll(List<MqttPacket> packets) {
        packets.forEach(CodecTesting::release);
    }
}
