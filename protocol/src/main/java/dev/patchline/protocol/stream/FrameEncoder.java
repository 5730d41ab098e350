package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Writes messages in a {@link StreamFormat}: the payload followed by a terminator, or preceded by its length.
 *
 * <p>Terminators follow TouchDesigner's {@code send(*messages, terminator=...)}: pass {@code null} for the format's
 * default terminator ({@link StreamFormat#defaultTerminator()}), an empty array for none, or any bytes. Every
 * method computes the exact size first so that one buffer is allocated per message. Immutable and thread-safe.
 */
public final class FrameEncoder {
    private final StreamFormat format;
    private final int prefixWidth;
    private final boolean bigEndian;

    FrameEncoder(StreamFormat format) {
        this.format = format;
        this.prefixWidth = format.prefixWidth();
        this.bigEndian = ByteOrder.BIG_ENDIAN.equals(format.prefixOrder());
    }

    public StreamFormat format() {
        return format;
    }

    /** Bytes that {@code write} produces for a payload of {@code payloadLength} bytes. */
    public int encodedLength(int payloadLength, byte[] terminator) {
        return prefixWidth + payloadLength + resolve(terminator).length;
    }

    /** Appends the framed readable bytes of {@code payload} to {@code out}; {@code payload}'s indices are unchanged. */
    public void write(ByteBuf out, ByteBuf payload, byte[] terminator) {
        int length = payload.readableBytes();
        byte[] end = resolve(terminator);
        out.ensureWritable(prefixWidth + length + end.length);
        writePrefix(out, length);
        out.writeBytes(payload, payload.readerIndex(), length);
        out.writeBytes(end);
    }

    /** Appends {@code payload[offset, offset + length)} framed to {@code out}. */
    public void write(ByteBuf out, byte[] payload, int offset, int length, byte[] terminator) {
        byte[] end = resolve(terminator);
        out.ensureWritable(prefixWidth + length + end.length);
        writePrefix(out, length);
        out.writeBytes(payload, offset, length);
        out.writeBytes(end);
    }

    /**
     * Appends {@code text} encoded in {@code charset} and framed to {@code out}. UTF-8 is written straight into the
     * buffer without an intermediate array.
     *
     * @return the number of bytes written
     */
    public int writeText(ByteBuf out, CharSequence text, Charset charset, byte[] terminator) {
        byte[] end = resolve(terminator);
        int before = out.writerIndex();
        if (StandardCharsets.UTF_8.equals(charset) && prefixWidth == 0) {
            // No length header to fill in first: write in one pass instead of measuring the text, then writing it.
            ByteBufUtil.reserveAndWriteUtf8(out, text, ByteBufUtil.utf8MaxBytes(text) + end.length);
            out.writeBytes(end);
        } else if (StandardCharsets.UTF_8.equals(charset)) {
            int length = ByteBufUtil.utf8Bytes(text);
            out.ensureWritable(prefixWidth + length + end.length);
            writePrefix(out, length);
            ByteBufUtil.reserveAndWriteUtf8(out, text, length);
            out.writeBytes(end);
        } else {
            byte[] bytes = text.toString().getBytes(charset);
            write(out, bytes, 0, bytes.length, terminator);
        }
        return out.writerIndex() - before;
    }

    /**
     * A new buffer holding {@code text} encoded in {@code charset} and framed; the caller owns (releases) it. A
     * message refused (too long for the length prefix) leaves no buffer behind.
     */
    public ByteBuf encode(ByteBufAllocator allocator, CharSequence text, Charset charset, byte[] terminator) {
        byte[] end = resolve(terminator);
        if (StandardCharsets.UTF_8.equals(charset)) {
            int length = ByteBufUtil.utf8Bytes(text);
            ByteBuf out = allocator.buffer(prefixWidth + length + end.length);
            try {
                writePrefix(out, length);
                ByteBufUtil.reserveAndWriteUtf8(out, text, length);
                out.writeBytes(end);
                return out;
            } catch (RuntimeException refused) {
                out.release();
                throw refused;
            }
        }
        byte[] bytes = text.toString().getBytes(charset);
        return encode(allocator, bytes, terminator);
    }

    /**
     * A new buffer holding {@code payload} framed; the caller owns (releases) it. A message refused (too long for
     * the length prefix) leaves no buffer behind.
     */
    public ByteBuf encode(ByteBufAllocator allocator, byte[] payload, byte[] terminator) {
        ByteBuf out = allocator.buffer(encodedLength(payload.length, terminator));
        try {
            write(out, payload, 0, payload.length, terminator);
            return out;
        } catch (RuntimeException refused) {
            out.release();
            throw refused;
        }
    }

    private byte[] resolve(byte[] terminator) {
        if (terminator == null) {
            return format.defaultTerminatorUnsafe();
        }
        if (prefixWidth > 0 && terminator.length > 0) {
            throw new IllegalArgumentException("format " + format + " frames messages by a length header; send without"
                    + " a terminator (terminator='' or the default)");
        }
        return terminator;
    }

    private void writePrefix(ByteBuf out, int length) {
        switch (prefixWidth) {
            case 0:
                return;
            case 1:
                checkFits(length, 0xFF);
                out.writeByte(length);
                return;
            case 2:
                checkFits(length, 0xFFFF);
                if (bigEndian) {
                    out.writeShort(length);
                } else {
                    out.writeShortLE(length);
                }
                return;
            default:
                if (bigEndian) {
                    out.writeInt(length);
                } else {
                    out.writeIntLE(length);
                }
        }
    }

    private void checkFits(int length, int max) {
        if (length > max) {
            throw new IllegalArgumentException(
                    "message of " + length + " bytes does not fit the " + prefixWidth + "-byte length prefix of "
                            + format + " (at most " + max + " bytes); split it or use a wider prefix");
        }
    }
}
