package dev.patchline.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format on streams with known messages, fed whole, byte by byte, split at every offset, and split at every
 * pair of offsets: the messages found must never depend on how TCP cut the stream.
 */
class StreamFramerSplitTest {

    static Stream<Arguments> cases() {
        StreamFormat line = StreamFormat.perLine();
        StreamFormat shortLine = StreamFormat.perLine().withMaxLength(4);
        StreamFormat end = StreamFormat.delimited("END");
        StreamFormat aab = StreamFormat.delimited("aab").withMaxLength(5);
        StreamFormat pipe = StreamFormat.delimited("|").withMaxLength(3);
        return Stream.of(
                Arguments.of(
                        "lines with each terminator",
                        line,
                        "one\ntwo\rthree\0four\r\nfive\n",
                        List.of("one", "two", "three", "four", "five")),
                Arguments.of("crlf is one end, lfcr is two", line, "a\r\nb\n\rc\r\r\n", List.of("a", "b", "", "c", "")),
                Arguments.of("empty lines are messages", line, "\n\n\0x\n", List.of("", "", "", "x")),
                Arguments.of("incomplete last line waits", line, "done\npartial", List.of("done")),
                Arguments.of("cr at the very end waits for the next read", line, "a\r", List.of("a")),
                Arguments.of(
                        "over-long line is dropped and the stream recovers",
                        shortLine,
                        "abcd\nTOOLONGLINE\nok\r\nabcde\nlast\n",
                        List.of("abcd", "!TOO_LONG@5", "ok", "!TOO_LONG@21", "last")),
                Arguments.of(
                        "over-long line ending in cr keeps crlf as one end",
                        shortLine,
                        "123456789\r\nx\n",
                        List.of("!TOO_LONG@0", "x")),
                Arguments.of("multi-byte delimiter", end, "helloENDworldENDENDxEN", List.of("hello", "world", "")),
                Arguments.of("self-overlapping delimiter", aab, "xaaabyaab", List.of("xa", "y")),
                Arguments.of(
                        "delimiter limit counts content not delimiter",
                        aab,
                        "12345aab123456aabz" + "aab",
                        List.of("12345", "!TOO_LONG@8", "z")),
                Arguments.of(
                        "single-byte delimiter with limit", pipe, "abc|abcd|ef|", List.of("abc", "!TOO_LONG@4", "ef")),
                Arguments.of("per byte", StreamFormat.perByte(), "a\nb\0", List.of("a", "\n", "b", "\0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameMessagesWhateverTheSplit(String name, StreamFormat format, String stream, List<String> expected) {
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(frame(format, bytes, new int[0])).as("whole").isEqualTo(expected);
        int[] each = new int[Math.max(0, bytes.length - 1)];
        for (int i = 0; i < each.length; i++) {
            each[i] = i + 1;
        }
        assertThat(frame(format, bytes, each)).as("byte by byte").isEqualTo(expected);
        for (int a = 0; a <= bytes.length; a++) {
            assertThat(frame(format, bytes, new int[] {a})).as("split at %d", a).isEqualTo(expected);
            for (int b = a; b <= bytes.length; b++) {
                assertThat(frame(format, bytes, new int[] {a, b}))
                        .as("split at %d and %d", a, b)
                        .isEqualTo(expected);
            }
        }
    }

    static Stream<Arguments> lengthPrefixed() {
        return Stream.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)
                .flatMap(order -> Stream.of(1, 2, 4).map(width -> Arguments.of(width, order)));
    }

    @ParameterizedTest(name = "{0} bytes {1}")
    @MethodSource("lengthPrefixed")
    void lengthPrefixedSplitsAndSkipsOverLongMessages(int width, ByteOrder order) {
        StreamFormat format = StreamFormat.lengthPrefixed(width, order).withMaxLength(5);
        ByteBuf stream = Unpooled.buffer();
        writeLength(stream, width, order, 3).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
        writeLength(stream, width, order, 0);
        writeLength(stream, width, order, 7).writeBytes("1234567".getBytes(StandardCharsets.US_ASCII)); // too long
        writeLength(stream, width, order, 5).writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
        writeLength(stream, width, order, 2).writeBytes("zz".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = new byte[stream.readableBytes()];
        stream.readBytes(bytes);
        int tooLongAt = 2 * width + 3;
        List<String> expected = List.of("abc", "", "!TOO_LONG@" + tooLongAt, "hello", "zz");
        for (int a = 0; a <= bytes.length; a++) {
            for (int b = a; b <= bytes.length; b++) {
                assertThat(frame(format, bytes, new int[] {a, b}))
                        .as("split at %d and %d", a, b)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "all: {0}")
    @MethodSource("cases")
    void allFormatGivesOneMessagePerRead(String name, StreamFormat ignored, String stream, List<String> ignoredToo) {
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        for (int a = 0; a <= bytes.length; a++) {
            List<String> expected = new ArrayList<>();
            if (a > 0) {
                expected.add(stream.substring(0, a));
            }
            if (a < bytes.length) {
                expected.add(stream.substring(a));
            }
            assertThat(frame(StreamFormat.all(), bytes, new int[] {a})).isEqualTo(expected);
        }
    }

    static ByteBuf writeLength(ByteBuf out, int width, ByteOrder order, int length) {
        boolean be = order == ByteOrder.BIG_ENDIAN;
        switch (width) {
            case 1:
                return out.writeByte(length);
            case 2:
                return be ? out.writeShort(length) : out.writeShortLE(length);
            default:
                return be ? out.writeInt(length) : out.writeIntLE(length);
        }
    }

    /**
     * Feeds {@code bytes} cut at the given offsets. Each chunk sits inside a larger buffer at a non-zero reader
     * index, so a framer that confuses relative and absolute indices fails.
     */
    static List<String> frame(StreamFormat format, byte[] bytes, int[] cuts) {
        Collector collector = new Collector();
        try (StreamFramer framer = format.newFramer()) {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : bytes.length;
                ByteBuf chunk = Unpooled.buffer(to - from + 6);
                chunk.writeBytes(new byte[] {'#', '#', '#'})
                        .writeBytes(bytes, from, to - from)
                        .writeBytes(new byte[] {'#', '#', '#'});
                chunk.readerIndex(3).writerIndex(3 + to - from);
                framer.feed(chunk, collector);
                assertThat(chunk.isReadable()).isFalse();
                assertThat(framer.bufferedBytes()).isLessThanOrEqualTo(format.maxLength() + 3);
                from = to;
            }
        }
        return collector.events;
    }
}
