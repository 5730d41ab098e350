package dev.patchline.protocol.mqtt.transport;

import io.netty.buffer.ByteBuf;

/**
 * The sans-I/O side of a connection that a {@link MqttTransport} drives: the MQTT client engine, or anything that turns
 * received bytes and the passing of time into bytes to send. The transport calls every method on its event loop only,
 * one call at a time, so implementations need no locking; none of them may block.
 *
 * <p>Time is given, never read: {@code nowNanos} comes from {@link System#nanoTime()} on the transport side.
 */
public interface StreamProtocol {

    /** A new connection (after TCP, TLS and WebSocket handshakes) is ready for bytes; e.g. queue CONNECT now. */
    void connectionOpened(long nowNanos);

    /** Bytes arrived; the protocol owns {@code bytes} and must release it. */
    void receive(ByteBuf bytes, long nowNanos);

    /** The connection is gone (closed by either side, reset, or failed before opening); {@code cause} may be null. */
    void connectionClosed(long nowNanos, Throwable cause);

    /** The deadline last returned by {@link #nextDeadlineNanos()} has passed. */
    void handleTimeout(long nowNanos);

    /** Next bytes to write, or null when there are none. The transport takes ownership. */
    ByteBuf pollOutbound();

    /** When {@link #handleTimeout} should be called next, in {@link System#nanoTime()} terms; {@link Long#MAX_VALUE} for never. */
    long nextDeadlineNanos();

    /**
     * {@code bytes} more of the buffers taken from {@link #pollOutbound()} have been written to the socket, in the
     * order they were taken. Bytes that never reach it (the connection ended first) are not reported.
     */
    default void outboundWritten(long bytes, long nowNanos) {}

    /**
     * The socket's send buffer went above its high-water mark ({@code false}: the transport stops taking bytes from
     * {@link #pollOutbound()}) or back below its low-water mark ({@code true}).
     */
    default void writabilityChanged(boolean writable, long nowNanos) {}
}
