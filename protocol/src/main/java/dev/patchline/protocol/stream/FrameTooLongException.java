package dev.patchline.protocol.stream;

/**
 * Reports a message longer than {@link StreamFormat#maxLength()}. It is handed to
 * {@link FrameHandler#onFrameTooLong}, not thrown: the framer has already skipped the message and stays usable.
 */
public final class FrameTooLongException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long streamOffset;
    private final long length;
    private final int maxLength;

    FrameTooLongException(StreamFormat format, long streamOffset, long length, boolean lengthKnown, int maxLength) {
        super(describe(format, streamOffset, length, lengthKnown, maxLength), null, false, false);
        this.streamOffset = streamOffset;
        this.length = length;
        this.maxLength = maxLength;
    }

    /** Offset in the stream (bytes since the framer was created or reset) where the dropped message began. */
    public long streamOffset() {
        return streamOffset;
    }

    /** The declared length (length-prefixed formats) or the length seen when the limit was crossed (a lower bound). */
    public long length() {
        return length;
    }

    /** The limit that was exceeded. */
    public int maxLength() {
        return maxLength;
    }

    private static String describe(StreamFormat format, long offset, long length, boolean lengthKnown, int max) {
        String size = lengthKnown
                ? "declares " + length + " bytes"
                : "is longer than that (" + length + "+ bytes" + " without a terminator)";
        String resume = format.kind() == StreamFormat.Kind.LENGTH_PREFIXED
                ? "its bytes were skipped"
                : format.kind() == StreamFormat.Kind.ALL
                        ? "the read was dropped"
                        : "bytes were dropped up to the next terminator";
        return format + " message at stream byte " + offset + " " + size + "; the limit is " + max + " bytes. " + resume
                + " and framing continues. Raise the maximum message length or check the sender's framing.";
    }
}
