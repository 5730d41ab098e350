package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ByteProcessor;

/**
 * Messages end at a custom byte sequence. A one-byte delimiter is found with Netty's vectorised byte search; a
 * longer one with Knuth-Morris-Pratt matching, whose state carries over reads so that a delimiter split between two
 * reads (or overlapping itself, like {@code "aab"} in {@code "aaab"}) is still found exactly once.
 */
final class DelimiterFramer extends TerminatedFramer {
    private final byte[] delimiter;
    private final int[] fallback;
    private final ByteProcessor singleByte;
    private int matched;

    DelimiterFramer(StreamFormat format, ByteBufAllocator allocator) {
        super(format, allocator, format.delimiterUnsafe().length);
        this.delimiter = format.delimiterUnsafe();
        this.fallback = failureTable(delimiter);
        this.singleByte = delimiter.length == 1 ? new ByteProcessor.IndexOfProcessor(delimiter[0]) : null;
    }

    @Override
    int findEnd(ByteBuf in, int from, int to) {
        if (singleByte != null) {
            int found = in.forEachByte(from, to - from, singleByte);
            return found < 0 ? -1 : found + 1;
        }
        int m = matched;
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            while (m > 0 && b != delimiter[m]) {
                m = fallback[m - 1];
            }
            if (b == delimiter[m]) {
                m++;
                if (m == delimiter.length) {
                    matched = 0;
                    return i + 1;
                }
            }
        }
        matched = m;
        return -1;
    }

    @Override
    void resetScan() {
        matched = 0;
    }

    /** fallback[i] = length of the longest proper prefix of delimiter[0..i] that is also its suffix. */
    private static int[] failureTable(byte[] d) {
        int[] table = new int[d.length];
        int k = 0;
        for (int i = 1; i < d.length; i++) {
            while (k > 0 && d[i] != d[k]) {
                k = table[k - 1];
            }
            if (d[i] == d[k]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }
}
