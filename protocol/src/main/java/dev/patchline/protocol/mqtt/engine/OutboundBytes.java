package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * Encoded packets waiting for the transport. Packets are appended to one batch buffer up to
 * {@link #BATCH_BYTES}, so that a burst of acknowledgements costs one buffer and one write, not one each.
 */
final class OutboundBytes {

    static final int BATCH_BYTES = 64 * 1024;

    private final ByteBufAllocator allocator;
    private final ArrayDeque<ByteBuf> full = new ArrayDeque<>();
    private ByteBuf batch;
    private MqttEncoder encoder;
    private long lastWriteNanos;

    OutboundBytes(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** The encoder for the current connection (its version and the server's Maximum Packet Size). */
    void encoder(MqttEncoder encoder) {
        this.encoder = encoder;
    }

    /** Encodes {@code packet}; on {@link dev.patchline.protocol.mqtt.codec.MqttEncodeException} nothing is written. */
    void write(MqttPacket packet, long nowNanos) {
        ByteBuf b = batch;
        if (b == null) {
            b = allocator.buffer(512);
            batch = b;
        }
        encoder.encode(packet, b); // sizes and validates first
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

    /** Drops what was not handed out: it belonged to a connection that is gone. */
    void discard() {
        ByteBuf b;
        while ((b = full.poll()) != null) {
            b.release();
        }
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }
}
