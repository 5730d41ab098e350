package dev.patchline.nodes.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bounded hand-over of received messages from one MQTT link (the single producer: the client's event loop, through
 * {@link LinkUser}) to one node's cook (the single consumer). Lock-free and allocation-free in both directions.
 *
 * <p>What "full" means is the producer's choice, per the architecture's backpressure rule:
 * <ul>
 *   <li>QoS 0: {@link #offerDroppingOldest} discards the oldest waiting message and counts it in {@link #dropped()};</li>
 *   <li>QoS 1/2: the producer asks {@link #hasRoomElseMarkRefused} first. When it says no, the MQTT client keeps the
 *       message unacknowledged and stops reading, so the broker holds the rest: nothing is lost and memory stays
 *       bounded. The consumer's next {@link #drain} or {@link #wakeProducer} then runs the {@code resume} action (the
 *       client's {@code resumeInbound}), which offers the held message again.</li>
 * </ul>
 * The producer never waits here: it runs on a Netty event loop.
 *
 * <p>Why the head is an {@link AtomicLong}: dropping the oldest is done by the producer, so producer and consumer both
 * advance the head, each with a compare-and-set; whoever wins owns that slot. Slots are not cleared by the consumer
 * (the producer may already be refilling them), so up to {@code capacity} consumed messages stay referenced until
 * overwritten: that is within the bound anyway.
 */
final class MessageRing {
    private final InboundMessage[] slots;
    private final int mask;
    private final int capacity;
    private final AtomicLong head = new AtomicLong();
    private volatile long tail;
    private volatile long dropped;          // single writer: the producer
    /** Set by the producer when it found the ring full; the consumer clears it and resumes the producer. */
    private volatile boolean refused;
    private volatile Runnable resume = () -> { };
    private volatile boolean closed;

    MessageRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("message ring capacity must be between 1 and 16777216, got " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) size <<= 1;
        this.slots = new InboundMessage[size];
        this.mask = size - 1;
        this.capacity = capacity;
    }

    /** Adds unless full. Producer only. */
    boolean offer(InboundMessage message) {
        long t = tail;
        if (t - head.get() >= capacity) return false;
        slots[(int) t & mask] = message;
        tail = t + 1;                       // volatile write publishes the slot to the consumer
        return true;
    }

    /** Adds, discarding (and counting) the oldest waiting messages while full. Producer only. */
    void offerDroppingOldest(InboundMessage message) {
        while (!offer(message)) {
            long h = head.get();
            if (head.compareAndSet(h, h + 1)) {
                dropped = dropped + 1;      // single writer
            }
        }
    }

    /**
     * Whether one more message fits. When it does not, the ring remembers that it refused, and the consumer runs the
     * {@code resume} action once it has taken messages. A closed ring always has room (nobody reads it any more; the
     * producer may as well take and forget). Producer only.
     */
    boolean hasRoomElseMarkRefused() {
        if (closed || tail - head.get() < capacity) return true;
        refused = true;
        // Look again after raising the flag: the consumer may have taken everything in between without seeing it.
        if (tail - head.get() < capacity) {
            refused = false;
            return true;
        }
        return false;
    }

    /** What lets a refused producer go on (the MQTT client's {@code resumeInbound}). Any thread. */
    void onRoom(Runnable resume) {
        this.resume = resume;
    }

    boolean isClosed() {
        return closed;
    }

    /** The oldest message, or null. Consumer only. */
    InboundMessage poll() {
        while (true) {
            long h = head.get();
            if (h >= tail) return null;
            InboundMessage m = slots[(int) h & mask];
            if (head.compareAndSet(h, h + 1)) return m;
            // The producer dropped this message meanwhile; try the next one.
        }
    }

    /** Hands up to {@code max} messages to {@code sink}, oldest first, then wakes a waiting producer. Consumer only. */
    int drain(Consumer<InboundMessage> sink, int max) {
        int n = 0;
        while (n < max) {
            InboundMessage m = poll();
            if (m == null) break;
            sink.accept(m);
            n++;
        }
        wakeProducer();
        return n;
    }

    /**
     * Lets a refused producer (QoS 1/2, ring full) try again; call after taking messages with {@link #poll}. Costs one
     * volatile read when nothing was refused. Consumer only.
     */
    void wakeProducer() {
        if (refused && tail - head.get() < capacity) {
            refused = false;
            resume.run();
        }
    }

    /** Stops using the ring: from now on it always has room and nobody drains it. Lets a refused producer go on. Any thread. */
    void close() {
        closed = true;
        if (refused) {
            refused = false;
            resume.run();
        }
    }

    int size() {
        long s = tail - head.get();
        return (int) Math.max(0, Math.min(s, capacity));
    }

    int capacity() { return capacity; }

    /** QoS 0 messages discarded because the cook fell behind. Any thread. */
    long dropped() { return dropped; }
}
