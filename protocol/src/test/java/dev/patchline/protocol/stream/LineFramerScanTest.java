package dev.patchline.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The perline framer scans eight bytes at a time; these streams are made of the bytes that fool word-at-a-time
 * tricks (line ends next to 0x01, 0x0b, 0x0c, 0x0e, 0x80, 0xff) and are checked against a byte-by-byte reading of
 * TouchDesigner's rule, in reads of every size and from heap and direct buffers.
 */
class LineFramerScanTest {
    private static final byte[] ALPHABET = {
        0, 1, '\n', '\r', 0x0b, 0x0c, 0x0e, 'a', (byte) 0x80, (byte) 0x8a, (byte) 0x8d, (byte) 0xff, 'z', ' '
    };

    @Test
    void wordAtATimeScanAgreesWithAByteByByteReference() {
        SplittableRandom random = new SplittableRandom(20261127);
        for (int round = 0; round < 2_000; round++) {
            byte[] stream = new byte[random.nextInt(1, 200)];
            int density = random.nextInt(1, 40); // from lines of about a byte to lines of about 40
            for (int i = 0; i < stream.length; i++) {
                stream[i] = random.nextInt(density) == 0
                        ? ALPHABET[random.nextInt(4)]
                        : ALPHABET[4 + random.nextInt(ALPHABET.length - 4)];
            }
            List<String> expected = reference(stream);
            int read = random.nextInt(1, 64);
            boolean direct = random.nextBoolean();
            assertThat(frame(stream, read, direct))
                    .as("round %d, reads of %d, direct %s", round, read, direct)
                    .isEqualTo(expected);
        }
    }

    private static List<String> frame(byte[] stream, int readSize, boolean direct) {
        Collector collector = new Collector();
        try (StreamFramer framer = StreamFormat.perLine().newFramer()) {
            for (int at = 0; at < stream.length; at += readSize) {
                int n = Math.min(readSize, stream.length - at);
                ByteBuf chunk = direct ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
                try {
                    chunk.writeBytes(stream, at, n);
                    framer.feed(chunk, collector);
                } finally {
                    chunk.release();
                }
            }
        }
        return collector.events;
    }

    /** A line ends at \n, \r or \0; a \n right after a \r belongs to that end. */
    private static List<String> reference(byte[] stream) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean afterCarriageReturn = false;
        for (byte b : stream) {
            boolean swallow = afterCarriageReturn && b == '\n';
            afterCarriageReturn = false;
            if (swallow) {
                continue;
            }
            if (b == '\n' || b == '\r' || b == 0) {
                lines.add(line.toString());
                line.setLength(0);
                afterCarriageReturn = b == '\r';
            } else {
                line.append((char) (b & 0xFF));
            }
        }
        return lines;
    }
}
