package dev.patchline.bench.client;

import java.util.concurrent.atomic.AtomicLong;

/** Waiting for a counting subscriber: the one loop the receive measurements share. */
final class Arrivals {

    private Arrivals() {}

    /**
     * Polls {@code count} every {@code pollMillis} until it reaches {@code target} or has stood still for
     * {@code quietNanos} (messages lost on the way never arrive); returns the count then.
     */
    static long awaitOrQuiet(AtomicLong count, long target, long pollMillis, long quietNanos)
            throws InterruptedException {
        long seen = -1;
        long idleSince = System.nanoTime();
        while (count.get() < target) {
            Thread.sleep(pollMillis);
            long now = count.get();
            if (now != seen) {
                seen = now;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > quietNanos) {
                break;
            }
        }
        return count.get();
    }
}
