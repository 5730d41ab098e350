package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * Encoded packets waiting for the transport. Packets are appended to one batch buffer up to
 * {@link #BATCH_BYTES}, so that a burst of acknowledgements costs one buffer and one write, not one each.
 *
 * <p>It also counts the bytes of the current connection that have not reached the socket yet: encoded here, or handed
 * to the transport and still in its buffer. The transport reports what it wrote ({@link #written}) and whether its
 * socket takes more ({@link #writable}); the publish flow encodes new messages only while both allow it, so that a
 * server that reads slowly or not at all holds up publishes in the bounded publish queue, not in memory here.
 */
final class OutboundBytes {

    static final int BATCH_BYTES = 64 * 1024;

    private final ByteBufAllocator allocator;
    private final ArrayDeque<ByteBuf> full = new ArrayDeque<>();
    private ByteBuf batch;
    private MqttEncoder encoder;
    private long lastWriteNanos;
    /** Bytes encoded on the current connection. */
    private long encoded;
    /** Bytes of the current connection the transport reported written to the socket. */
    private long written;

    private boolean writable = true;

    OutboundBytes(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** The encoder for the current connection (its version and the server's Maximum Packet Size). */
    void encoder(MqttEncoder encoder) {
        this.encoder = encoder;
    }

    /** Encodes {@code packet}; on {@link MqttEncodeException} nothing is written. */
    void write(MqttPacket packet, long nowNanos) {
        ByteBuf b = batch;
        if (b == null) {
            b = allocator.buffer(512);
            batch = b;
        }
        encoded += encoder.encode(packet, b); // sizes and validates first
        if (b.readableBytes() >= BATCH_BYTES) {
            full.add(b);
            batch = null;
        }
        lastWriteNanos = nowNanos;
    }

    /** When the last packet was queued: the keep-alive timer counts from there (MQTT-3.1.2-20). */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    ByteBuf poll() {
        ByteBuf next = full.poll();
        if (next != null) {
            return next;
        }
        next = batch;
        batch = null;
        return next;
    }

    /** Bytes encoded on this connection so far: the offset at which the last encoded packet ends. */
    long encodedOffset() {
        return encoded;
    }

    /** Bytes of this connection written to the socket so far. */
    long writtenOffset() {
        return written;
    }

    /** Bytes encoded on this connection that have not reached the socket. */
    long pending() {
        return encoded - written;
    }

    /** The transport wrote {@code bytes} more of the buffers it polled, in the order polled. */
    void written(long bytes) {
        written = Math.min(encoded, written + bytes);
    }

    /** Whether the transport's socket takes more bytes now (its buffer is under its high-water mark). */
    boolean isWritable() {
        return writable;
    }

    void writable(boolean on) {
        writable = on;
    }

    /** Drops what was not handed out (it belonged to a connection that is gone) and starts counting anew. */
    void discard() {
        ByteBuf b;
        while ((b = full.poll()) != null) {
            b.release();
        }
        if (batch != null) {
            batch.release();
            batch = null;
        }
        encoded = 0;
        written = 0;
        writable = true;
    }
}
