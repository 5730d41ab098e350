package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ByteProcessor;

/**
 * TouchDesigner's {@code perline}: a line ends at {@code \n}, {@code \r} or {@code \0}, and {@code \r\n} is one
 * end even when the {@code \r} closes one read and the {@code \n} opens the next. Empty lines are messages.
 */
final class LineFramer extends TerminatedFramer {
    private static final ByteProcessor FIND_LINE_END = b -> b != '\n' && b != '\r' && b != 0;

    /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that end. */
    private boolean swallowLineFeed;

    LineFramer(StreamFormat format, ByteBufAllocator allocator) {
        super(format, allocator, 1);
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LINE_FEEDS = ONES * '\n';
    private static final long CARRIAGE_RETURNS = ONES * '\r';

    @Override
    int findEnd(ByteBuf in, int from, int to) {
        int found = indexOfLineEnd(in, from, to);
        if (found < 0) {
            return -1;
        }
        swallowLineFeed = in.getByte(found) == '\r';
        return found + 1;
    }

    /**
     * The first {@code \n}, {@code \r} or {@code \0} in [from, to), or -1. Tests eight bytes per step (a line end is
     * a zero byte of the word XOR the wanted byte), which matters on a firehose of short lines; the tail goes byte
     * by byte.
     */
    private static int indexOfLineEnd(ByteBuf in, int from, int to) {
        int i = from;
        for (; to - i >= Long.BYTES; i += Long.BYTES) {
            long word = in.getLongLE(i);
            long ends = zeroBytes(word) | zeroBytes(word ^ LINE_FEEDS) | zeroBytes(word ^ CARRIAGE_RETURNS);
            if (ends != 0) {
                // Little endian: the lowest flagged byte is the first in the stream. Only bytes above a true zero
                // byte can be flagged falsely, so the lowest flag is exact.
                return i + (Long.numberOfTrailingZeros(ends) >>> 3);
            }
        }
        return i < to ? in.forEachByte(i, to - i, FIND_LINE_END) : -1;
    }

    /** A word with the high bit set in the lowest byte of {@code word} that is zero (higher flags may be false). */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    @Override
    int skipAtMessageStart(ByteBuf in, int index) {
        if (swallowLineFeed) {
            swallowLineFeed = false;
            if (in.getByte(index) == '\n') {
                return index + 1;
            }
        }
        return index;
    }

    @Override
    void resetScan() {
        swallowLineFeed = false;
    }
}
