package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;

/**
 * Cuts one byte stream into messages. Feed it every chunk in order; it calls the handler once per complete message
 * and keeps at most {@link StreamFormat#maxLength()} (plus a terminator) of an incomplete one.
 *
 * <p>One instance per stream, used by one thread. {@link #close()} releases the buffered partial message.
 */
public abstract class StreamFramer implements AutoCloseable {
    /** The format this framer implements. */
    protected final StreamFormat format;
    /** Bytes fed before the current chunk; gives error reports their stream offset. */
    protected long position;

    protected StreamFramer(StreamFormat format) {
        this.format = format;
    }

    public final StreamFormat format() {
        return format;
    }

    /**
     * Consumes all readable bytes of {@code in} (its reader index ends at its writer index), calling
     * {@code handler} for every message completed by them. Does not release {@code in}.
     */
    public final void feed(ByteBuf in, FrameHandler handler) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        try {
            decode(in, start, end, handler);
        } finally {
            position += end - start;
            in.readerIndex(end);
        }
    }

    /** Frames bytes [start, end) of {@code in}. */
    protected abstract void decode(ByteBuf in, int start, int end, FrameHandler handler);

    /** Bytes of an incomplete message held back, waiting for the rest. */
    public abstract int bufferedBytes();

    /** Forgets any partial message, as if the stream started again (after a reconnect). */
    public void reset() {
        position = 0;
    }

    /** Releases buffered memory; the framer must not be fed afterwards. */
    @Override
    public void close() {}

    protected final FrameTooLongException tooLong(long offset, long length, boolean lengthKnown) {
        return new FrameTooLongException(format, offset, length, lengthKnown, format.maxLength());
    }
}
