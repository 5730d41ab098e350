package dev.patchline.protocol.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchline.protocol.mqtt.codec.Goldens.Golden;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the decoder with Jazzer. In a normal build ("regression mode") the
 * target runs once over its seed corpus, which is exactly the golden packets (resource directory
 * {@code MqttDecoderFuzzTestInputs/decoder}); with {@code JAZZER_FUZZ=1} Jazzer mutates them for
 * {@code maxDuration} (see docs/dev/mqtt-conformance.md).
 *
 * <p>Input layout: byte 0 chooses the decoder (bit 0 version, bit 1 side, bit 2 version detection
 * on a server, bits 3-4 maximum packet size, bits 5-7 where the input is split in two chunks);
 * the rest is the byte stream. The oracle: only {@link MqttDecodeException} may escape, and every
 * packet that decodes must encode and decode again to an equal packet.
 */
class MqttDecoderFuzzTest {

    private static final int[] LIMITS = {64, 1024, 65_536, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE};

    @FuzzTest(maxDuration = "5m")
    void decoder(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int cfg = data[0] & 0xFF;
        MqttVersion version = (cfg & 1) != 0 ? MqttVersion.V5 : MqttVersion.V3_1_1;
        Side on = (cfg & 2) != 0 ? Side.CLIENT : Side.SERVER;
        int limit = LIMITS[(cfg >>> 3) & 3];
        DecoderConfig config = on == Side.SERVER && (cfg & 4) != 0
                ? DecoderConfig.server(limit)
                : new DecoderConfig(version, limit, on);
        MqttDecoder decoder = new MqttDecoder(config);
        int bodyLength = data.length - 1;
        int split = 1 + bodyLength * ((cfg >>> 5) & 7) / 8;
        ByteBuf in = Unpooled.buffer(bodyLength);
        try {
            in.writeBytes(data, 1, split - 1);
            drain(decoder, in);
            in.writeBytes(data, split, data.length - split);
            drain(decoder, in);
        } catch (MqttDecodeException expected) {
            // the only failure the decoder may report
        } finally {
            in.release();
        }
    }

    private static void drain(MqttDecoder decoder, ByteBuf in) throws MqttDecodeException {
        MqttPacket p;
        while ((p = decoder.decode(in)) != null) {
            try {
                reencodeEqual(p, decoder.version(), decoder.config().side());
            } finally {
                CodecTesting.release(p);
            }
        }
    }

    private static void reencodeEqual(MqttPacket p, MqttVersion version, Side on) throws MqttDecodeException {
        ByteBuf bytes = new MqttEncoder(version).encode(p, ByteBufAllocator.DEFAULT);
        try {
            MqttPacket again = new MqttDecoder(
                            new DecoderConfig(version, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE, on))
                    .decode(bytes);
            try {
                if (!p.equals(again)) {
                    throw new AssertionError("decode(encode(p)) != p for " + p + " vs " + again);
                }
            } finally {
                if (again != null) {
                    CodecTesting.release(again);
                }
            }
        } finally {
            bytes.release();
        }
    }

    /** The seed file for a golden: a config byte selecting the golden's version and receiving side, then its bytes. */
    static byte[] seedOf(Golden g) {
        int cfg = (g.version().isV5() ? 1 : 0) | (g.sender() == Side.SERVER ? 2 : 0) | (3 << 3);
        byte[] seed = new byte[g.bytes().length + 1];
        seed[0] = (byte) cfg;
        System.arraycopy(g.bytes(), 0, seed, 1, g.bytes().length);
        return seed;
    }

    static String seedName(Golden g) {
        return g.name().replaceAll("[^A-Za-z0-9]+", "_");
    }

    private static Path corpusDirectory() {
        try {
            return Path.of(MqttDecoderFuzzTest.class
                    .getResource("MqttDecoderFuzzTestInputs/decoder")
                    .toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError(
                    "seed corpus directory MqttDecoderFuzzTestInputs/decoder is missing from test resources", e);
        }
    }

    @Test
    void seed_corpus_is_exactly_the_goldens() throws IOException {
        Path dir = corpusDirectory();
        for (Golden g : Goldens.ALL) {
            Path file = dir.resolve(seedName(g));
            assertThat(file)
                    .as("seed for golden '%s' (regenerate with MqttDecoderFuzzTest.main)", g.name())
                    .exists();
            assertThat(Files.readAllBytes(file))
                    .as("seed for golden '%s'", g.name())
                    .isEqualTo(seedOf(g));
        }
        try (Stream<Path> files = Files.list(dir)) {
            // besides the goldens only Jazzer reproducers ("crash-…") may live here, on purpose
            assertThat(files.filter(f -> !f.getFileName().toString().startsWith("crash-"))
                            .count())
                    .as("seed files that are neither goldens nor reproducers")
                    .isEqualTo(Goldens.ALL.size());
        }
    }

    @Test
    void every_seed_decodes_to_its_golden_through_the_fuzz_target_layout() throws MqttDecodeException {
        for (Golden g : Goldens.ALL) {
            byte[] seed = seedOf(g);
            decoder(seed); // must not throw
            MqttPacket expected = g.packet().get();
            MqttPacket decoded =
                    CodecTesting.decodeOne(Arrays.copyOfRange(seed, 1, seed.length), g.version(), g.sender());
            try {
                assertThat(decoded).isEqualTo(expected);
            } finally {
                CodecTesting.release(decoded);
                CodecTesting.release(expected);
            }
        }
    }

    /** Writes the seed corpus from the goldens: {@code java ... MqttDecoderFuzzTest <resources dir>}. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0], "dev/patchline/protocol/mqtt/codec/MqttDecoderFuzzTestInputs/decoder");
        try {
            Files.createDirectories(dir);
            for (Golden g : Goldens.ALL) {
                Files.write(dir.resolve(seedName(g)), seedOf(g));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
