package dev.patchline.protocol.retry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Counts the retries of one connection and turns them into waits with a {@link Backoff}.
 *
 * <p>A retry follows every failure: a connect that did not succeed, and a connection that was lost. The count (and so
 * the wait) starts again only when the lost connection was healthy: it had been up for at least
 * {@link Backoff#stableAfter()}, or its owner {@link #proved() vouched for it} (for MQTT: it carried valid packets and
 * then broke, as a broker restart looks). A connection that a server accepts and then closes, resets or fills with
 * garbage at once keeps the waits growing up to the cap, instead of being retried at the first delay forever.
 *
 * <p>Not thread-safe: the one thread that connects (an event loop) calls every method. No allocation per call.
 */
public final class RetryCounter {

    private static final long NOT_UP = Long.MIN_VALUE;

    private final Backoff backoff;
    private final DoubleSupplier random;
    private int attempt;
    private long upSinceNanos = NOT_UP;
    private boolean proved;

    /** A counter drawing its jitter from {@link ThreadLocalRandom}. */
    public RetryCounter(Backoff backoff) {
        this(backoff, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform values in [0, 1) for the jitter; tests pass a fixed sequence */
    public RetryCounter(Backoff backoff, DoubleSupplier random) {
        this.backoff = backoff;
        this.random = random;
    }

    /** The connection is up (for MQTT: accepted by CONNACK) at {@code nowNanos} ({@link System#nanoTime()} terms). */
    public void connected(long nowNanos) {
        upSinceNanos = nowNanos;
        proved = false;
    }

    /**
     * The current connection is healthy whatever its age: its loss (the next {@link #failed}) starts the count
     * again. Ignored when no connection is up.
     */
    public void proved() {
        proved = upSinceNanos != NOT_UP;
    }

    /**
     * The connection is lost, or an attempt failed, at {@code nowNanos}: counts one more retry and returns the
     * nanoseconds to wait before it. A connection that had been up for {@link Backoff#stableAfter()} first restarts
     * the count.
     */
    public long failed(long nowNanos) {
        if (upSinceNanos != NOT_UP
                && (proved || nowNanos - upSinceNanos >= backoff.stableAfter().toNanos())) {
            attempt = 0;
        }
        upSinceNanos = NOT_UP;
        proved = false;
        if (attempt < Integer.MAX_VALUE) {
            attempt++;
        }
        return backoff.delayNanos(attempt, random);
    }

    /** Retries since the last healthy connection (0 before the first failure). */
    public int attempt() {
        return attempt;
    }

    /** Starts the count again (a user asked to reconnect now, or changed the settings). */
    public void reset() {
        attempt = 0;
        upSinceNanos = NOT_UP;
        proved = false;
    }

    public Backoff backoff() {
        return backoff;
    }
}
