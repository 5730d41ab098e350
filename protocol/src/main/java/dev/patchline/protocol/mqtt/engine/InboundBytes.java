package dev.patchline.protocol.mqtt.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Received bytes not yet decoded: usually the transport's buffer itself (no copy); only a packet split across reads
 * is merged into a buffer of our own.
 *
 * <p>The merged buffer grows by doubling, but never beyond the largest packet accepted ({@code limit}, the client's
 * Maximum Packet Size) or what it must hold right now, whichever is more: the decoder refuses a larger packet from its
 * fixed header, before its body is buffered, so a packet that will be refused never makes the buffer grow, and one
 * that is accepted costs at most its own size plus one read, not twice that.
 */
final class InboundBytes {

    private final ByteBufAllocator allocator;
    private final int limit;
    private ByteBuf bytes;
    private boolean owned;

    InboundBytes(ByteBufAllocator allocator, int limit) {
        this.allocator = allocator;
        this.limit = limit;
    }

    /** Takes ownership of {@code in} and appends it. */
    void append(ByteBuf in) {
        if (bytes == null) {
            bytes = in;
            owned = false;
            return;
        }
        int extra = in.readableBytes();
        // Grow in place only when nothing else references the buffer: decoded PUBLISH payloads are slices of it,
        // and moving or reallocating its memory under them would corrupt them.
        if (owned && bytes.refCnt() == 1 && bytes.maxWritableBytes() >= extra) {
            bytes.discardReadBytes();
            bytes.writeBytes(in);
            in.release();
            return;
        }
        int needed = bytes.readableBytes() + extra;
        int maxCapacity = Math.max(needed, limit);
        ByteBuf merged = allocator.buffer((int) Math.min(maxCapacity, Math.max(256, 2L * needed)), maxCapacity);
        merged.writeBytes(bytes);
        merged.writeBytes(in);
        bytes.release();
        in.release();
        bytes = merged;
        owned = true;
    }

    /** The bytes to decode from, or {@code null}. */
    ByteBuf buffer() {
        return bytes;
    }

    /** Bytes received and not decoded yet. */
    int readable() {
        return bytes == null ? 0 : bytes.readableBytes();
    }

    /**
     * How many complete PINGRESP packets wait among the undecoded bytes, which start at a packet boundary; walks the
     * fixed headers only, stops at an incomplete or malformed header (the decoder will report that one).
     */
    int pingResponsesWaiting() {
        if (bytes == null) {
            return 0;
        }
        int count = 0;
        int index = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (index + 2 <= end) {
            int first = bytes.getUnsignedByte(index);
            int remaining = 0;
            int headerLength = 1;
            int b;
            do {
                if (index + headerLength >= end || headerLength > 4) {
                    return count;
                }
                b = bytes.getUnsignedByte(index + headerLength);
                remaining |= (b & 0x7F) << (7 * (headerLength - 1));
                headerLength++;
            } while ((b & 0x80) != 0);
            long next = (long) index + headerLength + remaining;
            if (next > end) {
                return count;
            }
            if (first == 0xD0 && remaining == 0) {
                count++;
            }
            index = (int) next;
        }
        return count;
    }

    /** Lets go of the buffer once everything in it was decoded. */
    void releaseIfDrained() {
        if (bytes != null && !bytes.isReadable()) {
            bytes.release();
            bytes = null;
        }
    }

    void discard() {
        if (bytes != null) {
            bytes.release();
            bytes = null;
        }
    }
}
