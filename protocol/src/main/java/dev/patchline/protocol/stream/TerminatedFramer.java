package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Common machinery of formats whose messages end with a terminator: frames that arrive whole are passed as regions
 * of the incoming buffer (no copy); only a message split across reads is gathered in a cumulation buffer, which
 * never grows beyond the maximum length plus a terminator. When that bound is crossed the message is reported and
 * the framer discards bytes up to the next terminator, where it picks the stream up again.
 */
abstract class TerminatedFramer extends StreamFramer {
    private final ByteBufAllocator allocator;
    private final int terminatorLength;
    private ByteBuf cumulation;
    private boolean discarding;
    private long frameStart;

    TerminatedFramer(StreamFormat format, ByteBufAllocator allocator, int terminatorLength) {
        super(format);
        this.allocator = allocator;
        this.terminatorLength = terminatorLength;
    }

    /**
     * Scans [from, to) for the end of the current message and returns the index just after its terminator, or -1.
     * Scanning state (a partially matched delimiter) may carry over to the next call.
     */
    abstract int findEnd(ByteBuf in, int from, int to);

    /** Called at the start of each message while bytes are available; returns where the message really starts. */
    int skipAtMessageStart(ByteBuf in, int index) {
        return index;
    }

    /** Clears scanning state on {@link #reset()}. */
    abstract void resetScan();

    @Override
    protected final void decode(ByteBuf in, int start, int end, FrameHandler handler) {
        int index = start;
        while (index < end) {
            if (discarding) {
                int after = findEnd(in, index, end);
                if (after < 0) {
                    return;
                }
                discarding = false;
                index = after;
                continue;
            }
            boolean atMessageStart = cumulated() == 0;
            if (atMessageStart) {
                index = skipAtMessageStart(in, index);
                if (index == end) {
                    return;
                }
                frameStart = position + (index - start);
            }
            int after = findEnd(in, index, end);
            if (after < 0) {
                keepPartial(in, index, end, handler);
                return;
            }
            int length = cumulated() + (after - index) - terminatorLength;
            if (length > format.maxLength()) {
                clearCumulation();
                handler.onFrameTooLong(tooLong(frameStart, length, true));
            } else if (cumulated() == 0) {
                handler.onFrame(in, index, length);
            } else {
                cumulation.writeBytes(in, index, after - index);
                try {
                    handler.onFrame(cumulation, cumulation.readerIndex(), length);
                } finally {
                    clearCumulation();
                }
            }
            index = after;
        }
    }

    private void keepPartial(ByteBuf in, int index, int end, FrameHandler handler) {
        int pending = cumulated() + (end - index);
        // Up to terminatorLength - 1 of the pending bytes may be the start of a terminator, not message content.
        if (pending > format.maxLength() + terminatorLength - 1) {
            clearCumulation();
            discarding = true;
            handler.onFrameTooLong(tooLong(frameStart, pending - (terminatorLength - 1), false));
            return;
        }
        if (cumulation == null) {
            int limit = format.maxLength() + terminatorLength;
            cumulation = allocator.heapBuffer(Math.min(limit, Math.max(64, pending * 2)), limit);
        }
        cumulation.writeBytes(in, index, end - index);
    }

    private int cumulated() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    private void clearCumulation() {
        if (cumulation != null) {
            cumulation.clear();
        }
    }

    @Override
    public final int bufferedBytes() {
        return cumulated();
    }

    @Override
    public final void reset() {
        super.reset();
        clearCumulation();
        discarding = false;
        resetScan();
    }

    @Override
    public final void close() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
