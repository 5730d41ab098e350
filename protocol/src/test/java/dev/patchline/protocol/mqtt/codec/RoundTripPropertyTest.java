package dev.patchline.protocol.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random valid packets encode, decode back equal, and encodedSize predicts the bytes exactly; also
 * as one batched stream cut into random chunks. Seeded: a failure message names the seed, and
 * {@code -Dcodec.seed=N} replays one.
 */
class RoundTripPropertyTest {

    private static final int PACKETS_PER_SEED = 400;

    static long seed(long base) {
        String fixed = System.getProperty("codec.seed");
        return fixed != null ? Long.parseLong(fixed) : base;
    }

    @ParameterizedTest(name = "{0} from {1}, seed {2}")
    @CsvSource({
        "V3_1_1, CLIENT, 1",
        "V3_1_1, SERVER, 2",
        "V5, CLIENT, 3",
        "V5, SERVER, 4",
        "V3_1_1, CLIENT, 11",
        "V3_1_1, SERVER, 12",
        "V5, CLIENT, 13",
        "V5, SERVER, 14"
    })
    void random_packets_round_trip(MqttVersion version, Side sender, long baseSeed) throws MqttDecodeException {
        long seed = seed(baseSeed);
        RandomPackets gen = new RandomPackets(new Random(seed), version);
        MqttEncoder encoder = new MqttEncoder(version);
        for (int i = 0; i < PACKETS_PER_SEED; i++) {
            MqttPacket packet = gen.next(sender);
            if (packet.type() == PacketType.CONNECT && sender == Side.CLIENT) {
                // fine: each round trip uses a fresh decoder, so one CONNECT per connection holds
            }
            ByteBuf bytes = encoder.encode(packet, Unpooled.buffer().alloc());
            MqttPacket decoded = null;
            try {
                assertThat(bytes.readableBytes())
                        .as("seed %d packet %d: encodedSize of %s", seed, i, packet)
                        .isEqualTo(encoder.encodedSize(packet));
                decoded = CodecTesting.decoderFor(version, sender).decode(bytes);
                assertThat(decoded).as("seed %d packet %d", seed, i).isEqualTo(packet);
                assertThat(bytes.isReadable())
                        .as("seed %d packet %d: bytes left", seed, i)
                        .isFalse();
            } finally {
                bytes.release();
                CodecTesting.release(packet);
                if (decoded != null) {
                    CodecTesting.release(decoded);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} from {1}, seed {2}")
    @CsvSource({"V3_1_1, SERVER, 21", "V5, SERVER, 22", "V5, CLIENT, 23"})
    void batched_stream_in_random_chunks_decodes_in_order(MqttVersion version, Side sender, long baseSeed)
            throws MqttDecodeException {
        long seed = seed(baseSeed);
        Random random = new Random(seed);
        RandomPackets gen = new RandomPackets(random, version);
        MqttEncoder encoder = new MqttEncoder(version);
        List<MqttPacket> sent = new ArrayList<>();
        ByteBuf stream = Unpooled.buffer();
        for (int i = 0; i < 300; i++) {
            MqttPacket p = gen.next(sender);
            if (p.type() == PacketType.CONNECT) {
                CodecTesting.release(p);
                continue; // a server accepts one CONNECT per connection
            }
            encoder.encode(p, stream); // batching into one caller-provided buffer
            sent.add(p);
        }
        byte[] all = new byte[stream.readableBytes()];
        stream.readBytes(all);
        stream.release();
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, random.nextInt(300));
            chunks.add(Arrays.copyOfRange(all, at, at + n));
            at += n;
        }
        List<MqttPacket> got = CodecTesting.decodeChunks(CodecTesting.decoderFor(version, sender), chunks);
        try {
            assertThat(got).as("seed %d", seed).containsExactlyElementsOf(sent);
        } finally {
            CodecTesting.releaseAll(got);
            CodecTesting.releaseAll(sent);
        }
    }
}
