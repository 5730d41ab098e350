package dev.patchline.protocol.mqtt.transport;

import dev.patchline.protocol.retry.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a connection is lost or an attempt fails: the project's jittered {@link Backoff}, or never.
 *
 * <p>Attempt 1 (the first retry) waits only {@link #firstDelay()} (default 50 ms): most drops are a broker restart or
 * a network blip, and waiting seconds for the first retry loses data-time for nothing. From attempt 2 on, the wait is
 * {@code min(maxDelay, baseDelay * multiplier^(attempt-2))}, spread by ±{@code jitter} so that a fleet of clients
 * cut by the same outage does not come back in lock step.
 *
 * <p>A CONNACK alone proves little. A connection counts as healthy, and its loss starts the count again, when it
 * stayed up for {@link #stableAfter()} (default 5 s) after its CONNACK, or when the client received valid packets on
 * it after the CONNACK and it then broke without a protocol error (a broker restart, a network cut). Any other loss
 * (the server sends garbage, refuses, sends DISCONNECT, resets or closes right after CONNACK) is one more failed
 * attempt, so such a server sees waits that grow to the cap instead of a reconnect storm.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReconnectPolicy {

    private static final ReconnectPolicy DEFAULT = new ReconnectPolicy(
            true, Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2));
    private static final ReconnectPolicy NEVER =
            new ReconnectPolicy(false, Backoff.exponential(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1.0, 0.0));

    private final boolean enabled;
    private final Backoff backoff;

    private ReconnectPolicy(boolean enabled, Backoff backoff) {
        this.enabled = enabled;
        this.backoff = backoff;
    }

    /** 50 ms, then 0.5 s doubling up to 30 s, ±20 % jitter; healthy after 5 s up. */
    public static ReconnectPolicy defaults() {
        return DEFAULT;
    }

    /** Never reconnect: a lost connection is final. */
    public static ReconnectPolicy never() {
        return NEVER;
    }

    /**
     * A custom policy, healthy after {@link Backoff#DEFAULT_STABLE_AFTER}.
     *
     * @param firstDelay wait before the first retry (may be zero)
     * @param baseDelay  wait before the second retry; later waits multiply
     * @param maxDelay   upper bound of any wait
     * @param multiplier growth per attempt, at least 1
     * @param jitter     relative spread in [0, 1): 0.2 means each wait is drawn from [0.8 w, 1.2 w]
     */
    public static ReconnectPolicy exponential(
            Duration firstDelay, Duration baseDelay, Duration maxDelay, double multiplier, double jitter) {
        return new ReconnectPolicy(true, Backoff.exponential(firstDelay, baseDelay, maxDelay, multiplier, jitter));
    }

    /** A policy that retries with {@code backoff}. */
    public static ReconnectPolicy of(Backoff backoff) {
        return new ReconnectPolicy(true, Objects.requireNonNull(backoff, "backoff"));
    }

    /**
     * The same policy with another threshold of health: a connection lost sooner than {@code stableAfter} after its
     * CONNACK counts as a failed attempt.
     */
    public ReconnectPolicy withStableAfter(Duration stableAfter) {
        return new ReconnectPolicy(enabled, backoff.withStableAfter(stableAfter));
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Duration firstDelay() {
        return backoff.firstDelay();
    }

    public Duration baseDelay() {
        return backoff.baseDelay();
    }

    public Duration maxDelay() {
        return backoff.maxDelay();
    }

    /** How long a connection must stay up after its CONNACK before its loss starts the backoff again. */
    public Duration stableAfter() {
        return backoff.stableAfter();
    }

    /** The waits of this policy (also for a disabled one, which never asks for them). */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Nanoseconds to wait before retry number {@code attempt} (1-based).
     *
     * @param random uniform values in [0, 1); tests pass a fixed sequence
     */
    public long delayNanos(int attempt, DoubleSupplier random) {
        if (!enabled) {
            throw new IllegalStateException("reconnect is disabled");
        }
        return backoff.delayNanos(attempt, random);
    }

    @Override
    public String toString() {
        return enabled ? "ReconnectPolicy[" + backoff + "]" : "ReconnectPolicy[never]";
    }
}
