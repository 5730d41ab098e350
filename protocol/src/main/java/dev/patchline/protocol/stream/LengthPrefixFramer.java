package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteOrder;

/**
 * Messages preceded by their length (1, 2 or 4 bytes, unsigned, big or little endian; the length counts the
 * message only). A declared length above the maximum is reported and that many bytes are skipped, so the next
 * header is found exactly where the sender put it.
 */
final class LengthPrefixFramer extends StreamFramer {
    private final ByteBufAllocator allocator;
    private final int width;
    private final boolean bigEndian;

    private int headerBytes;
    private long header;
    private long bodyRemaining = -1; // -1: reading a header
    private long skipRemaining;
    private long frameStart;
    private ByteBuf cumulation;

    LengthPrefixFramer(StreamFormat format, ByteBufAllocator allocator) {
        super(format);
        this.allocator = allocator;
        this.width = format.prefixWidth();
        this.bigEndian = ByteOrder.BIG_ENDIAN.equals(format.prefixOrder());
    }

    @Override
    protected void decode(ByteBuf in, int start, int end, FrameHandler handler) {
        int index = start;
        while (index < end) {
            if (skipRemaining > 0) {
                int n = (int) Math.min(skipRemaining, end - index);
                skipRemaining -= n;
                index += n;
                continue;
            }
            if (bodyRemaining < 0) {
                if (headerBytes == 0) {
                    frameStart = position + (index - start);
                }
                while (headerBytes < width && index < end) {
                    long b = in.getUnsignedByte(index++);
                    header = bigEndian ? (header << 8) | b : header | (b << (8 * headerBytes));
                    headerBytes++;
                }
                if (headerBytes < width) {
                    return;
                }
                long length = header;
                headerBytes = 0;
                header = 0;
                if (length > format.maxLength()) {
                    skipRemaining = length;
                    handler.onFrameTooLong(tooLong(frameStart, length, true));
                    continue;
                }
                bodyRemaining = length;
            }
            int available = end - index;
            if (cumulated() == 0 && available >= bodyRemaining) {
                int length = (int) bodyRemaining;
                bodyRemaining = -1;
                handler.onFrame(in, index, length);
                index += length;
                continue;
            }
            int n = (int) Math.min(bodyRemaining, available);
            if (cumulation == null) {
                int initial = (int) Math.min(format.maxLength(), Math.max(64, Math.min(bodyRemaining, 1 << 16)));
                cumulation = allocator.heapBuffer(initial, format.maxLength());
            }
            cumulation.writeBytes(in, index, n);
            index += n;
            bodyRemaining -= n;
            if (bodyRemaining == 0) {
                bodyRemaining = -1;
                try {
                    handler.onFrame(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
                } finally {
                    cumulation.clear();
                }
            }
        }
    }

    private int cumulated() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    @Override
    public int bufferedBytes() {
        return cumulated() + headerBytes;
    }

    @Override
    public void reset() {
        super.reset();
        headerBytes = 0;
        header = 0;
        bodyRemaining = -1;
        skipRemaining = 0;
        if (cumulation != null) {
            cumulation.clear();
        }
    }

    @Override
    public void close() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
