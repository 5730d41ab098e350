package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.engine.MqttMessage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages from the event loop to {@link MessageHandler}s on the callback executor through a bounded
 * single-producer / single-consumer ring: no lock and no allocation per message on the event loop.
 *
 * <p>When the ring is full, {@link #offer} refuses: the engine then keeps the message unacknowledged and stops reading,
 * so a slow handler pushes back on the broker instead of filling memory. Once the handlers have worked the ring down to
 * half, {@code resume} runs (it hops to the event loop and calls {@code engine.resumeInbound}).
 *
 * <p>Threading: {@link #offer} only on the event loop (the single producer); the drain runs on the serial callback
 * executor (the single consumer). The volatile {@code head}/{@code tail} publish the slots between them.
 */
final class HandlerDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerDispatcher.class);
    private static final int DRAIN_BATCH = 256;

    // Allocated by the first offer, not in the constructor: at the default size the two arrays were some 8 KB of a
    // client that never receives a message (most of an idle connection's heap). The volatile write of tail after the
    // assignment publishes them to the consumer.
    private MqttMessage[] messages;
    private MessageHandler[] handlers;
    private final int size;
    private final int mask;
    private final int capacity;
    private final Executor callbacks;
    private final Runnable resume;
    private final Runnable drainTask = this::drain;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile long head;
    private volatile long tail;
    private volatile boolean producerBlocked;

    HandlerDispatcher(int capacity, Executor callbacks, Runnable resume) {
        this.size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.capacity = capacity;
        this.callbacks = callbacks;
        this.resume = resume;
    }

    /** Whether one more message fits right now. Event loop only. */
    boolean hasRoom() {
        return tail - head < capacity;
    }

    /**
     * Queues a message for its handler; false (and the message untouched) when the ring is full. Event loop only.
     */
    boolean offer(MqttMessage message, MessageHandler handler) {
        long t = tail;
        if (t - head >= capacity) {
            producerBlocked = true;
            // Re-check after raising the flag: the consumer may have emptied the ring in between and missed the flag.
            if (t - head >= capacity) {
                return false;
            }
            producerBlocked = false;
        }
        if (messages == null) {
            messages = new MqttMessage[size];
            handlers = new MessageHandler[size];
        }
        int index = (int) t & mask;
        messages[index] = message;
        handlers[index] = handler;
        tail = t + 1;
        if (drainScheduled.compareAndSet(false, true)) {
            callbacks.execute(drainTask);
        }
        return true;
    }

    /** How many more messages fit right now. Event loop only. */
    int room() {
        return capacity - (int) (tail - head);
    }

    /** Asks for a resume call once the handlers have worked the ring down (after a refusal not made by offer). */
    void markBlocked() {
        producerBlocked = true;
        if (tail - head <= capacity / 2 && !drainScheduled.get()) {
            // Nothing left to drain that would notice the flag: resume right away.
            producerBlocked = false;
            resume.run();
        }
    }

    /** Messages waiting for their handler. Any thread. */
    int pending() {
        return (int) (tail - head);
    }

    private void drain() {
        long h = head;
        long end = Math.min(tail, h + DRAIN_BATCH); // the volatile read of tail makes the slots up to it visible
        // Locals: the fields share a cache line with tail, which the event loop writes once per message.
        MqttMessage[] messages = this.messages;
        MessageHandler[] handlers = this.handlers;
        int mask = this.mask;
        for (long i = h; i < end; i++) {
            int index = (int) i & mask;
            MqttMessage message = messages[index];
            try {
                handlers[index].onMessage(message);
            } catch (RuntimeException e) {
                LOG.error("message handler failed for topic '{}'; the message counts as delivered", message.topic(), e);
            }
        }
        // Released after the batch's handlers, in one run, and the slots handed back with one write of head: the
        // payloads are slices of the event loop's read buffer, whose reference count (and this ring's head) would
        // otherwise move between the two cores once per message while the event loop keeps retaining.
        for (long i = h; i < end; i++) {
            int index = (int) i & mask;
            MqttMessage message = messages[index];
            messages[index] = null;
            handlers[index] = null;
            message.release();
        }
        head = end;
        drainScheduled.set(false);
        if (producerBlocked && tail - end <= capacity / 2) {
            // The producer gave up for room: there is some again.
            producerBlocked = false;
            resume.run();
        }
        if (end < tail && drainScheduled.compareAndSet(false, true)) {
            callbacks.execute(drainTask);
        }
    }

    /** Releases undelivered messages; after the client is closed. */
    void discard() {
        long h = head;
        long t = tail; // read before the arrays: the volatile read makes the first offer's allocation visible
        if (messages == null) return; // never received anything
        while (h < t) {
            int index = (int) h & mask;
            MqttMessage message = messages[index];
            if (message != null) {
                messages[index] = null;
                handlers[index] = null;
                message.release();
            }
            h++;
        }
        head = h;
    }
}
