package dev.patchline.nodes.tcp.net;

/** What happened on a link, in order per connection. */
public sealed interface TcpEvent {

    /** The connection the event belongs to. */
    TcpConnection connection();

    /** A connection is up (after the TLS handshake when TLS is on). */
    record Connected(TcpConnection connection) implements TcpEvent {}

    /**
     * One framed message, sent while the link keeps raw bytes ({@link TcpLink#keepRawBytes(boolean)}; otherwise
     * messages come as {@link Lines}).
     *
     * @param text  the bytes decoded with the link's charset (malformed input becomes U+FFFD)
     * @param bytes the raw message bytes, owned by the receiver
     */
    record Received(TcpConnection connection, String text, byte[] bytes) implements TcpEvent {}

    /**
     * The messages framed from one batch of socket reads, in order: one hand-over (and one inbox slot) for many
     * messages, sent while the link keeps raw bytes (otherwise messages come as {@link Lines}). {@code texts[i]}
     * and {@code bytes[i]} for {@code i < count} are owned by the receiver.
     */
    record Messages(TcpConnection connection, String[] texts, byte[][] bytes, int count) implements TcpEvent {}

    /**
     * Messages framed from one batch of socket reads, still undecoded: message {@code i < count} is
     * {@code data[start(i) .. ends[i])}. The receiver decodes only what it shows (with a bounded table, the newest
     * rows), so messages that never become visible cost one byte copy instead of a String each. Arrays owned by the
     * receiver, read-only.
     */
    record Lines(TcpConnection connection, byte[] data, int[] ends, int count) implements TcpEvent {
        /** {@return where message {@code i} starts in {@link #data}} */
        public int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }
    }

    /** The connection is gone; {@code reason} says why in words. */
    record Closed(TcpConnection connection, String reason) implements TcpEvent {}
}
