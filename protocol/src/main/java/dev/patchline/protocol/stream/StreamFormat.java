package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a byte stream is cut into messages: TouchDesigner's {@code perbyte}, {@code perline} and {@code all}, plus a
 * custom delimiter and a length prefix. Immutable; {@link #newFramer()} makes the per-connection state.
 *
 * <p>Default terminators used by {@link FrameEncoder} when a send gives none: {@code perline} appends {@code \n}
 * (which every line reader, including TouchDesigner's, ends a line on; TouchDesigner itself appends {@code \0} —
 * use {@link #withDefaultTerminator} to get that), a delimited format appends its delimiter, and the others
 * append nothing.
 */
public final class StreamFormat {

    /** The framing rule. */
    public enum Kind {
        /** Every byte is a message. */
        PER_BYTE("perbyte"),
        /** A message ends at {@code \n}, {@code \r} or {@code \0}; {@code \r\n} is one end. */
        PER_LINE("perline"),
        /** Every read from the socket is a message, however the sender cut it. */
        ALL("all"),
        /** A message ends at a given byte sequence. */
        DELIMITED("delimited"),
        /** A message is preceded by its length as an unsigned 1, 2 or 4 byte integer. */
        LENGTH_PREFIXED("lengthprefixed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The lower-case name used in parameters and messages. */
        public String label() {
            return label;
        }
    }

    /** 1 MiB: long enough for any sane line, short enough that a missing terminator cannot exhaust memory. */
    public static final int DEFAULT_MAX_LENGTH = 1 << 20;

    private static final byte[] NONE = new byte[0];
    private static final byte[] LF = {'\n'};

    private final Kind kind;
    private final byte[] delimiter;
    private final int prefixWidth;
    private final ByteOrder prefixOrder;
    private final int maxLength;
    private final byte[] defaultTerminator;

    private StreamFormat(
            Kind kind,
            byte[] delimiter,
            int prefixWidth,
            ByteOrder prefixOrder,
            int maxLength,
            byte[] defaultTerminator) {
        this.kind = kind;
        this.delimiter = delimiter;
        this.prefixWidth = prefixWidth;
        this.prefixOrder = prefixOrder;
        this.maxLength = maxLength;
        this.defaultTerminator = defaultTerminator;
    }

    public static StreamFormat perByte() {
        return new StreamFormat(Kind.PER_BYTE, NONE, 0, null, DEFAULT_MAX_LENGTH, NONE);
    }

    public static StreamFormat perLine() {
        return new StreamFormat(Kind.PER_LINE, NONE, 0, null, DEFAULT_MAX_LENGTH, LF);
    }

    public static StreamFormat all() {
        return new StreamFormat(Kind.ALL, NONE, 0, null, DEFAULT_MAX_LENGTH, NONE);
    }

    /** Messages end at {@code delimiter} (one or more bytes), which is not part of the message. */
    public static StreamFormat delimited(byte[] delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter is empty; give at least one byte, e.g. \"\\n\" or \"END\"");
        }
        byte[] copy = delimiter.clone();
        return new StreamFormat(Kind.DELIMITED, copy, 0, null, DEFAULT_MAX_LENGTH, copy);
    }

    /** Messages end at the UTF-8 bytes of {@code delimiter}. */
    public static StreamFormat delimited(String delimiter) {
        return delimited(Objects.requireNonNull(delimiter, "delimiter").getBytes(StandardCharsets.UTF_8));
    }

    /** Each message is preceded by its length in {@code width} (1, 2 or 4) bytes, unsigned, in {@code order}. */
    public static StreamFormat lengthPrefixed(int width, ByteOrder order) {
        if (width != 1 && width != 2 && width != 4) {
            throw new IllegalArgumentException(
                    "length prefix width " + width + " is not supported; use 1, 2 or 4 bytes");
        }
        return new StreamFormat(
                Kind.LENGTH_PREFIXED, NONE, width, Objects.requireNonNull(order, "order"), DEFAULT_MAX_LENGTH, NONE);
    }

    /** The same format with another maximum message length (bytes, excluding terminator or prefix). */
    public StreamFormat withMaxLength(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum message length " + maxLength + " must be at least 1 byte");
        }
        return new StreamFormat(kind, delimiter, prefixWidth, prefixOrder, maxLength, defaultTerminator);
    }

    /**
     * The same format whose encoder appends {@code terminator} when a send names none (for example {@code "\0"} as
     * TouchDesigner does, or {@code "\r\n"} for a projector).
     */
    public StreamFormat withDefaultTerminator(byte[] terminator) {
        Objects.requireNonNull(terminator, "terminator");
        if (kind == Kind.LENGTH_PREFIXED && terminator.length > 0) {
            throw new IllegalArgumentException(
                    "a length-prefixed format frames messages by its header; it takes no" + " terminator");
        }
        return new StreamFormat(kind, delimiter, prefixWidth, prefixOrder, maxLength, terminator.clone());
    }

    public Kind kind() {
        return kind;
    }

    /** The delimiter of a {@link Kind#DELIMITED} format (a copy), empty otherwise. */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /** 1, 2 or 4 for {@link Kind#LENGTH_PREFIXED}, 0 otherwise. */
    public int prefixWidth() {
        return prefixWidth;
    }

    /** Byte order of the length prefix, or null. */
    public ByteOrder prefixOrder() {
        return prefixOrder;
    }

    public int maxLength() {
        return maxLength;
    }

    /** What {@link FrameEncoder} appends when a send gives no terminator (a copy). */
    public byte[] defaultTerminator() {
        return defaultTerminator.clone();
    }

    byte[] defaultTerminatorUnsafe() {
        return defaultTerminator;
    }

    byte[] delimiterUnsafe() {
        return delimiter;
    }

    /** A new framer for one stream, buffering partial messages in pooled memory. */
    public StreamFramer newFramer() {
        return newFramer(ByteBufAllocator.DEFAULT);
    }

    /** A new framer for one stream, buffering partial messages from {@code allocator}. */
    public StreamFramer newFramer(ByteBufAllocator allocator) {
        Objects.requireNonNull(allocator, "allocator");
        switch (kind) {
            case PER_BYTE:
                return new PerByteFramer(this);
            case ALL:
                return new PerReadFramer(this);
            case PER_LINE:
                return new LineFramer(this, allocator);
            case DELIMITED:
                return new DelimiterFramer(this, allocator);
            case LENGTH_PREFIXED:
                return new LengthPrefixFramer(this, allocator);
            default:
                throw new AssertionError(kind);
        }
    }

    /** The matching encoder. */
    public FrameEncoder encoder() {
        return new FrameEncoder(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamFormat)) {
            return false;
        }
        StreamFormat other = (StreamFormat) o;
        return kind == other.kind
                && prefixWidth == other.prefixWidth
                && maxLength == other.maxLength
                && Objects.equals(prefixOrder, other.prefixOrder)
                && Arrays.equals(delimiter, other.delimiter)
                && Arrays.equals(defaultTerminator, other.defaultTerminator);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, prefixWidth, maxLength, prefixOrder, Arrays.hashCode(delimiter));
    }

    @Override
    public String toString() {
        switch (kind) {
            case DELIMITED:
                return "delimited(" + escape(delimiter) + ")";
            case LENGTH_PREFIXED:
                return "lengthprefixed(" + prefixWidth + (ByteOrder.BIG_ENDIAN.equals(prefixOrder) ? "BE" : "LE") + ")";
            default:
                return kind.label();
        }
    }

    private static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
