package dev.patchline.nodes.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The bounded hand-over of received messages from one MQTT link (the single producer: the client's serial callback
 * executor) to one node's cook (the single consumer). Lock-free and allocation-free in both directions.
 *
 * <p>What "full" means is the producer's choice, per the architecture's backpressure rule:
 * <ul>
 *   <li>QoS 0: {@link #offerDroppingOldest} discards the oldest waiting message and counts it in {@link #dropped()};</li>
 *   <li>QoS 1/2: {@link #offerWaiting} parks the producer until the cook drains. The MQTT client's own bounded hand-over
 *       then fills up, the engine stops acknowledging and reading, and the broker holds the rest: nothing is lost and
 *       memory stays bounded.</li>
 * </ul>
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
    private volatile Thread waitingProducer;
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
     * Adds, waiting while full; gives up only when the ring is closed (the node stopped).
     *
     * @return false when the ring was closed before there was room
     */
    boolean offerWaiting(InboundMessage message) {
        if (offer(message)) return true;
        waitingProducer = Thread.currentThread();
        try {
            while (!closed) {
                if (offer(message)) return true;
                // The consumer unparks us after each drain; the timeout covers a drain that ran just before we parked.
                LockSupport.parkNanos(this, 5_000_000L);
            }
            return false;
        } finally {
            waitingProducer = null;
        }
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

    /** Lets a producer waiting for room (QoS 1/2) try again; call after taking messages with {@link #poll}. */
    void wakeProducer() {
        Thread waiting = waitingProducer;
        if (waiting != null) LockSupport.unpark(waiting);
    }

    /** Stops a waiting producer for good; later offers still work but nobody drains. Any thread. */
    void close() {
        closed = true;
        Thread waiting = waitingProducer;
        if (waiting != null) LockSupport.unpark(waiting);
    }

    int size() {
        long s = tail - head.get();
        return (int) Math.max(0, Math.min(s, capacity));
    }

    int capacity() { return capacity; }

    /** QoS 0 messages discarded because the cook fell behind. Any thread. */
    long dropped() { return dropped; }
}
