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

    @Override
    int findEnd(ByteBuf in, int from, int to) {
        int found = in.forEachByte(from, to - from, FIND_LINE_END);
        if (found < 0) {
            return -1;
        }
        swallowLineFeed = in.getByte(found) == '\r';
        return found + 1;
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
