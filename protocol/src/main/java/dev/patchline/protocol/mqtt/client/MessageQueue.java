package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.engine.SubscribeResult;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A subscription whose messages wait in a bounded queue for the application to take them, from any thread.
 *
 * <p>When the queue is full the client stops acknowledging and reading (the broker holds further QoS 1/2 messages, and
 * the TCP window the rest); taking messages frees room and reading resumes. Nothing is dropped by the client, and
 * memory stays bounded by {@link #capacity()}. Messages are copies ({@link ReceivedMessage}); nothing to release.
 * Thread-safe.
 */
public final class MessageQueue {

    private final ArrayBlockingQueue<ReceivedMessage> queue;
    private final int capacity;
    private final Runnable resume;
    private final CompletableFuture<SubscribeResult> subscribed = new CompletableFuture<>();
    private volatile boolean producerBlocked;

    MessageQueue(int capacity, Runnable resume) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.resume = resume;
    }

    /** Completes with the SUBACK result (on the event loop; do not block in dependents added without async). */
    public CompletableFuture<SubscribeResult> subscribed() {
        return subscribed;
    }

    /** The next message, or null when none is waiting. */
    public ReceivedMessage poll() {
        return taken(queue.poll());
    }

    /** The next message, waiting up to {@code timeout}; null when none came. */
    public ReceivedMessage poll(Duration timeout) throws InterruptedException {
        return taken(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The next message, waiting as long as it takes. */
    public ReceivedMessage take() throws InterruptedException {
        return taken(queue.take());
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    private ReceivedMessage taken(ReceivedMessage message) {
        if (message != null && producerBlocked && queue.size() <= capacity / 2) {
            producerBlocked = false;
            resume.run();
        }
        return message;
    }

    /** Whether one more message fits. Event loop. */
    boolean hasRoom() {
        if (queue.remainingCapacity() > 0) {
            return true;
        }
        producerBlocked = true;
        // A consumer may have taken in between and missed the flag: check again.
        if (queue.remainingCapacity() > 0) {
            producerBlocked = false;
            return true;
        }
        return false;
    }

    /** Adds a message; the caller checked {@link #hasRoom()} on the same (only) producer thread. Event loop. */
    void add(ReceivedMessage message) {
        queue.add(message);
    }

    void subscribeCompleted(SubscribeResult result, Throwable failure) {
        if (failure != null) {
            subscribed.completeExceptionally(failure);
        } else {
            subscribed.complete(result);
        }
    }
}
