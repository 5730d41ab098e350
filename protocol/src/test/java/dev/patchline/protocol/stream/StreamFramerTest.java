package dev.patchline.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamFramerTest {

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void defaultMaximumIsOneMebibyteAndStreamStaysUsableAfterIt() {
        StreamFormat format = StreamFormat.perLine();
        assertThat(format.maxLength()).isEqualTo(1 << 20);
        Collector c = new Collector();
        try (StreamFramer framer = format.newFramer()) {
            // 3 MB of 'x' without a terminator, in 3000 reads: memory must stay at the limit.
            for (int i = 0; i < 3_000; i++) {
                framer.feed(ascii("x".repeat(1000)), c);
                assertThat(framer.bufferedBytes()).isLessThanOrEqualTo(1 << 20);
            }
            framer.feed(ascii("\nafter\n"), c);
        }
        assertThat(c.events).containsExactly("!TOO_LONG@0", "after");
        assertThat(c.errors.get(0).getMessage())
                .contains("perline message at stream byte 0")
                .contains("limit is 1048576 bytes")
                .contains("Raise the maximum message length");
        assertThat(c.errors.get(0).length()).isGreaterThan(1 << 20);
    }

    @Test
    void wholeFramesArePassedWithoutCopy() {
        ByteBuf in = ascii("ab\ncd\n");
        List<ByteBuf> seen = new ArrayList<>();
        try (StreamFramer framer = StreamFormat.perLine().newFramer()) {
            framer.feed(in, (buffer, offset, length) -> seen.add(buffer));
        }
        assertThat(seen).hasSize(2).allSatisfy(b -> assertThat(b).isSameAs(in));
    }

    @Test
    void resetForgetsPartialMessagesAndOffsets() {
        Collector c = new Collector();
        try (StreamFramer framer = StreamFormat.perLine().withMaxLength(3).newFramer()) {
            framer.feed(ascii("stale"), c);
            framer.reset();
            assertThat(framer.bufferedBytes()).isZero();
            framer.feed(ascii("ok\nlonger\n"), c);
        }
        assertThat(c.events).containsExactly("!TOO_LONG@0", "ok", "!TOO_LONG@3");
    }

    @Test
    void lengthPrefixReportsTheDeclaredLength() {
        Collector c = new Collector();
        try (StreamFramer framer = StreamFormat.lengthPrefixed(4, ByteOrder.BIG_ENDIAN)
                .withMaxLength(10)
                .newFramer()) {
            ByteBuf in = Unpooled.buffer().writeInt(0x7FFF_FFFF);
            framer.feed(in, c);
        }
        assertThat(c.errors).singleElement().satisfies(e -> {
            assertThat(e.length()).isEqualTo(0x7FFF_FFFFL);
            assertThat(e.getMessage()).contains("declares 2147483647 bytes").contains("skipped");
        });
    }

    @Test
    void unsignedFourByteLengthAboveIntMaxIsSkippedNotNegative() {
        Collector c = new Collector();
        try (StreamFramer framer =
                StreamFormat.lengthPrefixed(4, ByteOrder.LITTLE_ENDIAN).newFramer()) {
            framer.feed(Unpooled.buffer().writeIntLE(0xFFFF_FFFF), c);
        }
        assertThat(c.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.length()).isEqualTo(0xFFFF_FFFFL));
    }

    @Test
    void encoderAppliesDefaultExplicitAndNoTerminator() {
        FrameEncoder lines = StreamFormat.perLine().encoder();
        assertThat(encodeToString(lines, "hi", null)).isEqualTo("hi\n");
        assertThat(encodeToString(lines, "hi", new byte[0])).isEqualTo("hi");
        assertThat(encodeToString(lines, "hi", "\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("hi\r\n");
        FrameEncoder td =
                StreamFormat.perLine().withDefaultTerminator(new byte[] {0}).encoder();
        assertThat(encodeToString(td, "hi", null)).isEqualTo("hi\0");
        assertThat(encodeToString(StreamFormat.delimited("END").encoder(), "hi", null))
                .isEqualTo("hiEND");
        assertThat(encodeToString(StreamFormat.perByte().encoder(), "hi", null)).isEqualTo("hi");
        assertThat(encodeToString(StreamFormat.all().encoder(), "hi", null)).isEqualTo("hi");
        assertThat(lines.encodedLength(2, null)).isEqualTo(3);
    }

    @Test
    void encoderWritesUtf8AndOtherCharsets() {
        FrameEncoder lines = StreamFormat.perLine().encoder();
        ByteBuf utf8 = lines.encode(ByteBufAllocator.DEFAULT, "größe", StandardCharsets.UTF_8, null);
        ByteBuf latin1 = lines.encode(ByteBufAllocator.DEFAULT, "größe", StandardCharsets.ISO_8859_1, null);
        try {
            assertThat(utf8.readableBytes()).isEqualTo(8);
            assertThat(utf8.toString(StandardCharsets.UTF_8)).isEqualTo("größe\n");
            assertThat(latin1.readableBytes()).isEqualTo(6);
        } finally {
            utf8.release();
            latin1.release();
        }
    }

    @Test
    void writeTextAppendsFramedTextAndCountsBytes() {
        ByteBuf out = Unpooled.buffer();
        FrameEncoder le =
                StreamFormat.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN).encoder();
        assertThat(le.writeText(out, "ü!", StandardCharsets.UTF_8, null)).isEqualTo(5);
        assertThat(out.getUnsignedShortLE(0)).isEqualTo(3);
        FrameEncoder lines = StreamFormat.perLine().encoder();
        assertThat(lines.writeText(out, "ü", StandardCharsets.ISO_8859_1, "\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(3);
        assertThat(out.readableBytes()).isEqualTo(8);
        assertThat(out.getByte(5)).isEqualTo((byte) 0xFC);
    }

    @Test
    void lengthPrefixEncoderChecksWidthAndRejectsTerminators() {
        FrameEncoder one = StreamFormat.lengthPrefixed(1, ByteOrder.BIG_ENDIAN).encoder();
        ByteBuf out = one.encode(ByteBufAllocator.DEFAULT, new byte[255], null);
        assertThat(out.getUnsignedByte(0)).isEqualTo((short) 255);
        out.release();
        assertThatThrownBy(() -> one.encode(ByteBufAllocator.DEFAULT, new byte[256], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit the 1-byte length prefix");
        assertThatThrownBy(() -> one.encode(ByteBufAllocator.DEFAULT, new byte[1], new byte[] {'\n'}))
                .hasMessageContaining("length header");
        FrameEncoder le2 =
                StreamFormat.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN).encoder();
        ByteBuf two = le2.encode(ByteBufAllocator.DEFAULT, new byte[258], null);
        assertThat(two.getUnsignedShortLE(0)).isEqualTo(258);
        two.release();
    }

    @Test
    void rejectsBadFormatArguments() {
        assertThatThrownBy(() -> StreamFormat.lengthPrefixed(3, ByteOrder.BIG_ENDIAN))
                .hasMessageContaining("use 1, 2 or 4");
        assertThatThrownBy(() -> StreamFormat.delimited(new byte[0])).hasMessageContaining("at least one byte");
        assertThatThrownBy(() -> StreamFormat.perLine().withMaxLength(0)).hasMessageContaining("at least 1 byte");
        assertThat(StreamFormat.delimited("\r\n").toString()).isEqualTo("delimited(\\r\\n)");
        assertThat(StreamFormat.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN).toString())
                .isEqualTo("lengthprefixed(2LE)");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 99, 2024})
    void randomMessagesRoundTripThroughEncoderAndRandomReads(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StreamFormat[] formats = {
            StreamFormat.perLine(),
            StreamFormat.delimited("<EOM>"),
            StreamFormat.delimited("\u0004"),
            StreamFormat.lengthPrefixed(1, ByteOrder.BIG_ENDIAN),
            StreamFormat.lengthPrefixed(2, ByteOrder.LITTLE_ENDIAN),
            StreamFormat.lengthPrefixed(4, ByteOrder.BIG_ENDIAN)
        };
        UnpooledByteBufAllocator pool = new UnpooledByteBufAllocator(false); // counts live heap buffers
        for (StreamFormat format : formats) {
            List<String> sent = new ArrayList<>();
            ByteBuf wire = Unpooled.buffer();
            for (int i = 0; i < 300; i++) {
                String message = randomMessage(random, format);
                sent.add(message);
                byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
                format.encoder().write(wire, bytes, 0, bytes.length, null);
            }
            Collector c = new Collector();
            try (StreamFramer framer = format.newFramer(pool)) {
                while (wire.isReadable()) {
                    int n = Math.min(wire.readableBytes(), 1 + random.nextInt(40));
                    ByteBuf chunk = wire.readRetainedSlice(n);
                    framer.feed(chunk, c);
                    chunk.release();
                }
            }
            assertThat(c.events).as("seed %d format %s", seed, format).isEqualTo(sent);
        }
        assertThat(pool.metric().usedHeapMemory())
                .as("cumulation buffers released on close")
                .isZero();
    }

    private static String randomMessage(SplittableRandom random, StreamFormat format) {
        int length = random.nextInt(format.kind() == StreamFormat.Kind.LENGTH_PREFIXED ? 255 : 60);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = (char) random.nextInt(256);
            boolean terminatorByte = format.kind() == StreamFormat.Kind.PER_LINE
                    ? c == '\n' || c == '\r' || c == 0
                    : format.kind() == StreamFormat.Kind.DELIMITED && (c == '\u0004' || c == '<');
            sb.append(terminatorByte ? 'x' : c);
        }
        return sb.toString();
    }

    private static String encodeToString(FrameEncoder encoder, String text, byte[] terminator) {
        ByteBuf out = encoder.encode(ByteBufAllocator.DEFAULT, text, StandardCharsets.ISO_8859_1, terminator);
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }
}
