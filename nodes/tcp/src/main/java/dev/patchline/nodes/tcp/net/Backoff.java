package dev.patchline.nodes.tcp.net;

/** Exponential reconnect delay: min, 2·min, 4·min … capped at max; reset after a successful connect. */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private long next;

    Backoff(long minNanos, long maxNanos) {
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.next = minNanos;
    }

    long nextDelayNanos() {
        long delay = next;
        next = Math.min(maxNanos, next > maxNanos / 2 ? maxNanos : next * 2);
        return delay;
    }

    void reset() {
        next = minNanos;
    }
}
