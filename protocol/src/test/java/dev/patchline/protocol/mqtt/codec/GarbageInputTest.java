package dev.patchline.protocol.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.Goldens.Golden;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and mutated bytes: the decoder may only return packets, return {@code null} or throw
 * {@link MqttDecodeException}, and the memory one decode call allocates stays bounded by the
 * configured Maximum Packet Size, whatever lengths the bytes claim. Seeded; the seed is in every
 * failure message ({@code -Dcodec.seed=N} replays one).
 */
class GarbageInputTest {

    private static final int INPUTS_PER_SEED = 3_000;
    /** Exceptions with stack traces, strings and lists: generous, but far below what a lying length would cost. */
    private static final long FIXED_ALLOWANCE = 96 * 1024;

    private static final long PER_PACKET_BYTE = 16;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void warmUp() {
        // load and initialise every class on the decode path before allocation is measured
        for (int i = 0; i < 3; i++) {
            runSeed(999L + i, false);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void garbage_and_mutated_input_only_raises_decode_errors_and_allocates_within_bounds(long baseSeed) {
        runSeed(RoundTripPropertyTest.seed(baseSeed), true);
    }

    @ParameterizedTest(name = "claimed remaining length {0}")
    @ValueSource(ints = {127, 16_383, 2_097_151, 268_435_455})
    void lying_remaining_length_allocates_nothing_while_waiting_or_rejecting(int claimed) throws MqttDecodeException {
        byte[] header = header(0x30, claimed);
        // a decoder with a small limit rejects from the header alone
        ByteBuf in = Unpooled.wrappedBuffer(header);
        MqttDecoder small = new MqttDecoder(DecoderConfig.client(MqttVersion.V5, 64));
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            small.decode(in);
            throw new AssertionError("expected Packet too large");
        } catch (MqttDecodeException e) {
            assertThat(e.reasonCode()).isEqualTo(MqttDecodeException.PACKET_TOO_LARGE);
        } finally {
            in.release();
        }
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(FIXED_ALLOWANCE);

        // a decoder with the protocol's limit just waits for the body, allocating nothing
        ByteBuf partial = Unpooled.wrappedBuffer(header, new byte[] {0, 1, 't'});
        MqttDecoder large =
                new MqttDecoder(DecoderConfig.client(MqttVersion.V5, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE));
        large.decode(partial); // warm
        int packets = 0;
        before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            packets += large.decode(partial) == null ? 0 : 1;
        }
        long perCall = (THREADS.getCurrentThreadAllocatedBytes() - before) / 1000;
        assertThat(packets).isZero();
        assertThat(perCall).as("bytes allocated per decode call while waiting").isLessThan(64);
        assertThat(partial.readerIndex()).isZero();
        partial.release();
    }

    private static byte[] header(int first, int remaining) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(first);
        Wire.writeVariableByteInteger(b, remaining);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    private static void runSeed(long seed, boolean measure) {
        Random random = new Random(seed);
        for (int i = 0; i < INPUTS_PER_SEED; i++) {
            byte[] input = random.nextInt(3) == 0 ? randomBytes(random) : mutatedGolden(random);
            MqttVersion version = random.nextBoolean() ? MqttVersion.V5 : MqttVersion.V3_1_1;
            Side on = random.nextBoolean() ? Side.CLIENT : Side.SERVER;
            int limit = 16 + random.nextInt(2000);
            DecoderConfig config = on == Side.SERVER && random.nextInt(4) == 0
                    ? DecoderConfig.server(limit)
                    : new DecoderConfig(version, limit, on);
            feed(
                    new MqttDecoder(config),
                    input,
                    random,
                    seed,
                    i,
                    measure ? FIXED_ALLOWANCE + PER_PACKET_BYTE * limit : Long.MAX_VALUE);
        }
    }

    private static void feed(MqttDecoder decoder, byte[] input, Random random, long seed, int index, long allowance) {
        ByteBuf in = Unpooled.buffer(input.length);
        int at = 0;
        try {
            while (at < input.length) {
                int n = Math.min(input.length - at, 1 + random.nextInt(64));
                in.writeBytes(input, at, n);
                at += n;
                while (true) {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    MqttPacket p;
                    try {
                        p = decoder.decode(in);
                    } catch (MqttDecodeException expected) {
                        assertThat(expected.reasonCode().code()).isIn(0x81, 0x82, 0x84, 0x90, 0x95);
                        assertThat(expected.getMessage()).isNotBlank();
                        return;
                    } catch (Throwable t) {
                        throw new AssertionError(
                                "seed " + seed + " input " + index + " (" + ByteBufUtil.hexDump(input) + ") raised "
                                        + t,
                                t);
                    }
                    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                    assertThat(allocated)
                            .as("seed %d input %d: bytes allocated by one decode call", seed, index)
                            .isLessThanOrEqualTo(allowance);
                    if (p == null) {
                        break;
                    }
                    CodecTesting.release(p);
                }
            }
        } finally {
            in.release();
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = (byte) ((1 + random.nextInt(15)) << 4); // a plausible packet type, to get past the first byte
        }
        return b;
    }

    private static byte[] mutatedGolden(Random random) {
        Golden g = Goldens.ALL.get(random.nextInt(Goldens.ALL.size()));
        byte[] b = g.bytes().clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int pos = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[pos] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[pos] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, pos); // truncate
                case 3 -> { // insert a byte
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, pos);
                    c[pos] = (byte) random.nextInt(256);
                    System.arraycopy(b, pos, c, pos + 1, b.length - pos);
                    b = c;
                }
                default -> { // delete a byte
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, pos);
                    System.arraycopy(b, pos + 1, c, pos, b.length - pos - 1);
                    b = c;
                }
            }
        }
        return b;
    }
}
