package dev.patchline.nodes.mqtt;

import java.util.function.Consumer;

/**
 * The bounded hand-over of received messages from one MQTT link (the single producer: the client's event loop, through
 * {@link LinkUser}) to one node's cook (the single consumer). Bounded twice: in messages ({@code capacity}) and in bytes
 * ({@code maxBytes}, counted with {@link #weight}). Lock-free and allocation-free in both directions.
 *
 * <p>A message in the ring is never taken out again by anyone but the consumer: once a QoS 1/2 message is in, the
 * client acknowledges it, so nothing here may lose it. When the ring is full the producer decides before it adds:
 * <ul>
 *   <li>QoS 1/2: {@link #hasRoomElseMarkRefused} says no; the MQTT client then keeps the message unacknowledged and stops
 *       reading, so the broker holds the rest. The consumer's next {@link #drain} or {@link #wakeProducer} runs the
 *       {@code resume} action (the client's {@code resumeInbound}), which offers the held message again.</li>
 *   <li>QoS 0: the arriving message is dropped and counted in {@link #dropped()} ({@link #dropNewest}); the waiting
 *       ones stay. Dropping the newest rather than the oldest keeps every slot and the head single-writer (evicting a
 *       waiting message would race the consumer for it) and can never touch a waiting QoS 1/2 message.</li>
 * </ul>
 * One message heavier than {@code maxBytes} still fits into an empty ring: otherwise a QoS 1/2 message larger than the
 * budget would stop the connection for good (the largest message is bounded by the client's maximum packet size).
 * The producer never waits here: it runs on a Netty event loop.
 *
 * <p>Memory: {@code head}, {@code bytesOut} and the slots' clearing belong to the consumer, {@code tail},
 * {@code bytesIn} and {@code dropped} to the producer; each is written by one thread only, so volatile fields suffice.
 * The consumer clears a slot before it publishes the new head, so a consumed message is garbage right away and the
 * producer never sees a slot it may not fill.
 */
final class MessageRing {
    /** What a message costs beyond its payload: the object, its topic and properties, about. */
    static final int OVERHEAD_BYTES = 128;

    private final InboundMessage[] slots;
    private final int mask;
    private final int capacity;
    private final long maxBytes;
    private volatile long head; // consumer
    private volatile long tail; // producer
    private volatile long bytesOut; // consumer: weight of the messages taken
    private volatile long bytesIn; // producer: weight of the messages added
    private volatile long dropped; // producer
    /** Set by the producer when it found the ring full; the consumer clears it and resumes the producer. */
    private volatile boolean refused;

    private volatile Runnable resume = () -> {};
    private volatile boolean closed;

    MessageRing(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    MessageRing(int capacity, long maxBytes) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("message ring capacity must be between 1 and 16777216, got " + capacity);
        }
        if (maxBytes < 1)
            throw new IllegalArgumentException("message ring byte budget must be positive, got " + maxBytes);
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) size <<= 1;
        this.slots = new InboundMessage[size];
        this.mask = size - 1;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** What a message of {@code payloadBytes} and {@code topicChars} counts against the byte budget. */
    static long weight(int payloadBytes, int topicChars) {
        return (long) payloadBytes + 2L * topicChars + OVERHEAD_BYTES;
    }

    /** Whether a message of {@code weight} fits now (always into an empty ring). Producer only. */
    boolean hasRoomFor(long weight) {
        long t = tail;
        long waiting = t - head;
        if (waiting == 0) return true;
        return waiting < capacity && bytesIn - bytesOut + weight <= maxBytes;
    }

    /**
     * Adds unless full. Producer only; a caller that has just seen {@link #hasRoomFor} or
     * {@link #hasRoomElseMarkRefused} say yes for this weight gets true (only the producer adds).
     */
    boolean offer(InboundMessage message) {
        long weight = message.weight();
        if (!hasRoomFor(weight)) return false;
        long t = tail;
        slots[(int) t & mask] = message;
        bytesIn = bytesIn + weight;
        tail = t + 1; // volatile write publishes the slot to the consumer
        return true;
    }

    /** Counts a QoS 0 message the producer drops because the ring is full. Producer only. */
    void dropNewest() {
        dropped = dropped + 1; // single writer
    }

    /**
     * Whether a message of {@code weight} fits. When it does not, the ring remembers that it refused, and the consumer
     * runs the {@code resume} action once it has taken messages. A closed ring always has room (nobody reads it any
     * more; the producer may as well take and forget). Producer only.
     */
    boolean hasRoomElseMarkRefused(long weight) {
        if (closed || hasRoomFor(weight)) return true;
        refused = true;
        // Look again after raising the flag: the consumer may have taken everything in between without seeing it.
        if (hasRoomFor(weight)) {
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
        long h = head;
        if (h >= tail) return null;
        int index = (int) h & mask;
        InboundMessage m = slots[index];
        slots[index] = null; // before head moves: the producer may refill the slot after that
        bytesOut = bytesOut + m.weight();
        head = h + 1;
        return m;
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
     * volatile read when nothing was refused. When the held message is still too heavy the producer refuses again and a
     * later call resumes it; at the latest the empty ring takes it. Consumer only.
     */
    void wakeProducer() {
        if (refused && tail - head < capacity && (tail == head || bytesIn - bytesOut < maxBytes)) {
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
        long s = tail - head;
        return (int) Math.max(0, Math.min(s, capacity));
    }

    int capacity() {
        return capacity;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Weight of the messages waiting now ({@link #weight}). Any thread; approximate while the ring is busy. */
    long bytes() {
        return Math.max(0, bytesIn - bytesOut);
    }

    /** QoS 0 messages discarded because the inbox was full (in messages or bytes). Any thread. */
    long dropped() {
        return dropped;
    }
}
