package dev.patchline.runtime.op;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A bounded multi-producer, single-consumer queue that carries work from I/O threads (Netty event
 * loops, reader threads) to an operator's cook. {@link #offer} is lock-free, never blocks and
 * allocates nothing; when the inbox is full it returns {@code false} and the producer decides what
 * backpressure means (stop reading, withhold an acknowledgement, count a drop). A successful offer
 * wakes the owning node.
 *
 * <p>Threading: {@link #offer}, {@link #size()} and {@link #capacity()} from any thread;
 * {@link #poll()} and {@link #drain} only from the cook thread.
 *
 * @param <T> the item type
 */
public final class Inbox<T> {
    // Vyukov's bounded queue: each slot carries a sequence number that says whether it is free for
    // the producer holding ticket t (seq == t) or filled for the consumer at position h (seq == h + 1).
    private final AtomicReferenceArray<T> items;
    private final AtomicLongArray sequences;
    private final int mask;
    private final int capacity;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final Runnable onOffer;

    /**
     * Creates an inbox. Operators normally use {@link OperatorContext#newInbox(int)}.
     *
     * @param capacity maximum number of queued items, at least 1
     * @param onOffer  run after every successful offer (the node's wakeup); must be thread-safe and cheap
     */
    public Inbox(int capacity, Runnable onOffer) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("inbox capacity must be between 1 and 2^30, got " + capacity);
        }
        int slots = Integer.highestOneBit(capacity);
        if (slots < capacity) slots <<= 1;
        this.items = new AtomicReferenceArray<>(slots);
        this.sequences = new AtomicLongArray(slots);
        for (int i = 0; i < slots; i++) sequences.set(i, i);
        this.mask = slots - 1;
        this.capacity = capacity;
        this.onOffer = Objects.requireNonNull(onOffer, "onOffer");
    }

    /**
     * Adds an item unless the inbox is full.
     *
     * @return false when full (nothing was added)
     */
    public boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        while (true) {
            long t = tail.get();
            int slot = (int) t & mask;
            long seq = sequences.getAcquire(slot);
            if (seq == t) {
                if (t - head.get() >= capacity) return false;
                if (tail.compareAndSet(t, t + 1)) {
                    items.setPlain(slot, item);
                    sequences.setRelease(slot, t + 1);
                    onOffer.run();
                    return true;
                }
            } else if (seq < t) {
                return false; // the consumer has not freed this slot yet: full
            }
            // else another producer took ticket t; retry with a fresh tail
        }
    }

    /** {@return the oldest item, or null when empty} Cook thread only. */
    public T poll() {
        long h = head.getPlain();
        int slot = (int) h & mask;
        if (sequences.getAcquire(slot) != h + 1) return null;
        T item = items.getPlain(slot);
        items.setPlain(slot, null);
        sequences.setRelease(slot, h + mask + 1);
        head.setRelease(h + 1);
        return item;
    }

    /**
     * Hands up to {@code max} items to {@code sink}, oldest first. Cook thread only.
     *
     * @return how many items were drained
     */
    public int drain(Consumer<? super T> sink, int max) {
        int n = 0;
        while (n < max) {
            T item = poll();
            if (item == null) break;
            sink.accept(item);
            n++;
        }
        return n;
    }

    /** {@return the number of queued items (a snapshot when producers are active)} */
    public int size() {
        long s = tail.get() - head.get();
        return (int) Math.max(0, Math.min(s, capacity));
    }

    /** {@return whether no item is queued (a snapshot)} */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** {@return the maximum number of queued items} */
    public int capacity() {
        return capacity;
    }
}
