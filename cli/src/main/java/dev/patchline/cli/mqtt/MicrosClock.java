package dev.patchline.cli.mqtt;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch that never goes backwards within a run: read once from the system
 * clock, then advanced by {@link System#nanoTime()}, so the intervals of a recording are exact even when NTP adjusts
 * the clock meanwhile. Allocation-free after construction; any thread.
 */
final class MicrosClock {
    private final long startMicros;
    private final long startNanos;

    MicrosClock() {
        Instant now = Instant.now();
        startNanos = System.nanoTime();
        startMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    long nowMicros() {
        return startMicros + (System.nanoTime() - startNanos) / 1000;
    }
}
