package dev.patchline.protocol.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before a retry: exponential backoff with jitter, and how long a connection must stay up before it
 * counts as healthy again.
 *
 * <p>Retry 1 waits {@link #firstDelay()}: most drops are a restart or a blip, and waiting long for the first retry
 * loses time for nothing. From retry 2 on the wait is {@code min(maxDelay, baseDelay * multiplier^(n-2))}, spread by
 * ±{@code jitter} so that many clients cut by the same outage do not come back in lock step.
 *
 * <p>A connection that fails within {@link #stableAfter()} of opening (a server that accepts and then closes, resets,
 * or sends garbage) is one more failed attempt: the waits keep growing. Only one that stayed up that long starts the
 * count again (see {@link RetryCounter}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Backoff {

    /** How long a connection must stay up before its loss restarts the backoff, unless configured. */
    public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(5);

    private final Duration firstDelay;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final Duration stableAfter;

    private Backoff(
            Duration firstDelay,
            Duration baseDelay,
            Duration maxDelay,
            double multiplier,
            double jitter,
            Duration stableAfter) {
        this.firstDelay = firstDelay;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.stableAfter = stableAfter;
    }

    /**
     * An exponential backoff that counts a connection as healthy after {@link #DEFAULT_STABLE_AFTER}.
     *
     * @param firstDelay wait before the first retry (may be zero)
     * @param baseDelay  wait before the second retry; later waits multiply
     * @param maxDelay   upper bound of any wait (before jitter)
     * @param multiplier growth per attempt, at least 1
     * @param jitter     relative spread in [0, 1): 0.2 means each wait is drawn from [0.8 w, 1.2 w]
     * @throws IllegalArgumentException naming the value that is out of range
     */
    public static Backoff exponential(
            Duration firstDelay, Duration baseDelay, Duration maxDelay, double multiplier, double jitter) {
        if (firstDelay.isNegative() || baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("reconnect delays must not be negative: first " + firstDelay + ", base "
                    + baseDelay + ", max " + maxDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("reconnect maxDelay " + maxDelay + " is below baseDelay " + baseDelay);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("reconnect multiplier must be at least 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("reconnect jitter must be in [0, 1), got " + jitter);
        }
        return new Backoff(firstDelay, baseDelay, maxDelay, multiplier, jitter, DEFAULT_STABLE_AFTER);
    }

    /**
     * The same backoff with another threshold of health: a connection lost sooner than {@code stableAfter} after it
     * opened counts as a failed attempt. Zero restarts the count at every successful connect.
     */
    public Backoff withStableAfter(Duration stableAfter) {
        if (stableAfter.isNegative()) {
            throw new IllegalArgumentException("stableAfter must not be negative, got " + stableAfter);
        }
        return new Backoff(firstDelay, baseDelay, maxDelay, multiplier, jitter, stableAfter);
    }

    public Duration firstDelay() {
        return firstDelay;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public double multiplier() {
        return multiplier;
    }

    public double jitter() {
        return jitter;
    }

    /** How long a connection must stay up for its loss to restart the count. */
    public Duration stableAfter() {
        return stableAfter;
    }

    /**
     * Nanoseconds to wait before retry number {@code attempt} (1-based).
     *
     * @param random uniform values in [0, 1); tests pass a fixed sequence
     */
    public long delayNanos(int attempt, DoubleSupplier random) {
        double nominal;
        if (attempt <= 1) {
            nominal = firstDelay.toNanos();
        } else {
            double grown = baseDelay.toNanos() * Math.pow(multiplier, Math.min(attempt - 2, 62));
            nominal = Math.min(grown, maxDelay.toNanos());
        }
        double spread = 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
        return (long) Math.min(nominal * spread, (double) maxDelay.toNanos() * (1.0 + jitter));
    }

    @Override
    public String toString() {
        return "Backoff[first " + firstDelay.toMillis() + " ms, base " + baseDelay.toMillis() + " ms x" + multiplier
                + " up to " + maxDelay.toMillis() + " ms, jitter " + jitter + ", stable after " + stableAfter.toMillis()
                + " ms]";
    }
}
