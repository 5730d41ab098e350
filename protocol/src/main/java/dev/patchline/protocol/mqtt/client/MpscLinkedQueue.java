package dev.patchline.protocol.mqtt.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded lock-free queue for many producers and one consumer whose elements are their own links: offering
 * allocates nothing. It is the classic linked design with a stub head (producers swap the tail atomically, then link
 * the old tail to the new node; the consumer follows the links from the head).
 *
 * <p>Rules that come with the intrusive links: an element may be offered at most once in its life, and the element
 * returned last by {@link #poll()} stays referenced as the head until the next poll (it serves as the stub).
 *
 * <p>Threading: {@link #offer} from any thread; {@link #poll} and {@link #isEmpty} from the one consumer thread only.
 */
final class MpscLinkedQueue<E extends MpscLinkedQueue.Linked<E>> {

    /**
     * The link an element carries (an interface, so that an element may extend another class). Implementations keep
     * it in a {@code volatile} field: the consumer must see a linked element whole.
     */
    interface Linked<E> {
        E nextInQueue();

        void nextInQueue(E next);
    }

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MpscLinkedQueue.class, "tail", Linked.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Consumer-only. */
    private E head;
    /** Swapped by producers. */
    @SuppressWarnings("unused")
    private volatile Linked<E> tail;

    /** @param stub an element that is never offered; it starts as the head */
    MpscLinkedQueue(E stub) {
        head = stub;
        tail = stub;
    }

    /** Appends {@code element}. Any thread; never blocks, wait-free apart from the one atomic swap. */
    void offer(E element) {
        element.nextInQueue(null);
        @SuppressWarnings("unchecked")
        E previous = (E) TAIL.getAndSet(this, element);
        // Between the swap and this store the element is in the queue but not yet reachable: the consumer sees the
        // queue as ending at `previous` for that instant, which only delays the element, never loses it.
        previous.nextInQueue(element);
    }

    /** The oldest element, or {@code null} when none is reachable. Consumer thread only. */
    E poll() {
        E next = head.nextInQueue();
        if (next == null) {
            return null;
        }
        head.nextInQueue(null); // the old head is garbage from here; it must not keep the chain alive
        head = next;
        return next;
    }

    /** Whether no element is reachable right now. Consumer thread only. */
    boolean isEmpty() {
        return head.nextInQueue() == null;
    }
}
