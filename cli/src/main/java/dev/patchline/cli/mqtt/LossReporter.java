package dev.patchline.cli.mqtt;

import java.util.function.Consumer;

/**
 * What a terminal tool prints about lost connections: the cause in full once, then only a count while the same cause
 * repeats ({@code reconnecting (attempt 12, same cause)}), so that a server that fails every connection the same way
 * leaves a few short lines instead of a wall of identical ones. A new cause, or a loss after the connection had been
 * up for a while, is printed in full again.
 *
 * <p>Thread-safe: the client's state listener calls it, one event at a time.
 */
final class LossReporter {

    private final Consumer<String> print;
    private final long healthyAfterNanos;
    private String lastCause;
    private int attempt;
    private long upSinceNanos = -1;
    private boolean up;

    /**
     * @param print              where lines go (standard error, unless quiet)
     * @param healthyAfterNanos  a connection up this long starts a new story: its loss is printed in full
     */
    LossReporter(Consumer<String> print, long healthyAfterNanos) {
        this.print = print;
        this.healthyAfterNanos = healthyAfterNanos;
    }

    /** A connection was accepted at {@code nowNanos}. */
    synchronized void connected(long nowNanos) {
        up = true;
        upSinceNanos = nowNanos;
    }

    /** A connection was lost, or a reconnect attempt failed, for {@code cause}; a retry follows. */
    synchronized void lost(String cause, long nowNanos) {
        boolean wasHealthy = up && nowNanos - upSinceNanos >= healthyAfterNanos;
        up = false;
        if (wasHealthy || !cause.equals(lastCause)) {
            lastCause = cause;
            attempt = 1;
            print.accept("Connection lost: " + cause + "; reconnecting");
            return;
        }
        attempt++;
        print.accept("reconnecting (attempt " + attempt + ", same cause)");
    }

    /** The last cause printed, or null. */
    synchronized String lastCause() {
        return lastCause;
    }
}
