package dev.patchline.protocol.mqtt.transport;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a connection is lost or an attempt fails: exponential backoff with jitter.
 *
 * <p>Attempt 1 (the first retry) waits only {@link #firstDelay()} (default 50 ms): most drops are a broker restart or
 * a network blip, and waiting seconds for the first retry loses data-time for nothing. From attempt 2 on, the wait is
 * {@code min(maxDelay, baseDelay * multiplier^(attempt-2))}, spread by ±{@code jitter} so that a fleet of clients
 * cut by the same outage does not come back in lock step. The counter resets once the transport reports a
 * connection as established (for MQTT: after a successful CONNACK, not after the TCP handshake, so that a broker
 * that accepts sockets but refuses sessions does not get hammered).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReconnectPolicy {

    private static final ReconnectPolicy DEFAULT = new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500),
            Duration.ofSeconds(30), 2.0, 0.2);
    private static final ReconnectPolicy NEVER = new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    private final boolean enabled;
    private final Duration firstDelay;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;

    private ReconnectPolicy(boolean enabled, Duration firstDelay, Duration baseDelay, Duration maxDelay, double multiplier,
                            double jitter) {
        this.enabled = enabled;
        this.firstDelay = firstDelay;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    /** 50 ms, then 0.5 s doubling up to 30 s, ±20 % jitter. */
    public static ReconnectPolicy defaults() {
        return DEFAULT;
    }

    /** Never reconnect: a lost connection is final. */
    public static ReconnectPolicy never() {
        return NEVER;
    }

    /**
     * A custom policy.
     *
     * @param firstDelay wait before the first retry (may be zero)
     * @param baseDelay  wait before the second retry; later waits multiply
     * @param maxDelay   upper bound of any wait
     * @param multiplier growth per attempt, at least 1
     * @param jitter     relative spread in [0, 1): 0.2 means each wait is drawn from [0.8 w, 1.2 w]
     */
    public static ReconnectPolicy exponential(Duration firstDelay, Duration baseDelay, Duration maxDelay, double multiplier,
                                              double jitter) {
        if (firstDelay.isNegative() || baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("reconnect delays must not be negative: first " + firstDelay + ", base " + baseDelay
                    + ", max " + maxDelay);
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
        return new ReconnectPolicy(true, firstDelay, baseDelay, maxDelay, multiplier, jitter);
    }

    public boolean isEnabled() {
        return enabled;
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

    /**
     * Nanoseconds to wait before retry number {@code attempt} (1-based).
     *
     * @param random uniform values in [0, 1); tests pass a fixed sequence
     */
    public long delayNanos(int attempt, DoubleSupplier random) {
        if (!enabled) {
            throw new IllegalStateException("reconnect is disabled");
        }
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
        return enabled ? "ReconnectPolicy[first " + firstDelay.toMillis() + " ms, base " + baseDelay.toMillis() + " ms x" + multiplier
                + " up to " + maxDelay.toMillis() + " ms, jitter " + jitter + "]" : "ReconnectPolicy[never]";
    }
}
