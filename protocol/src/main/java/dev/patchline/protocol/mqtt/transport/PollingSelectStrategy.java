package dev.patchline.protocol.mqtt.transport;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Keeps an event loop polling its sockets without blocking for a short window after each burst of activity, and only
 * then lets it block in {@code epoll_wait}/{@code select}.
 *
 * <p>Why: MQTT traffic comes in exchanges (a publish and its echo or acknowledgement, a broker forwarding a stream).
 * A loop that blocks as soon as it has nothing to do must be woken for the next packet, and that wake-up is paid twice:
 * by the peer that writes (a broker on the same machine wakes the sleeping thread inside its {@code write}) and in
 * latency (the sleeping CPU has to come back). Measured on a 2-core virtual machine (docs/benchmarks.md, poll window):
 * polling for 200 µs after activity let mosquitto forward 22 % more messages a second to a Patchline subscriber, and
 * took the round trip at 1,000 messages a second from 141 to 80 µs. The price is CPU while messages flow: at most one
 * window of spinning per burst, so none on an idle connection and up to one core per loop under a steady stream.
 *
 * <p>"Activity" is any return from a blocking wait (packets, a task from another thread, a timer) and any non-blocking
 * poll that found packets. With a window of zero this behaves exactly like Netty's default strategy.
 *
 * <p>While polls keep finding packets (a stream), the next poll waits a little, 5 µs doubling up to 40 µs, and the gap
 * closes again as soon as a poll finds nothing. A loop polling flat out would read each packet of a QoS 1
 * stream on its own and answer it with its own PUBACK write, and a stream through mosquitto would lose a fifth of its
 * rate; with the gap, packets gather between polls so that one read and one flush serve several.
 *
 * <p>Once two polls in a row have found packets, the loop sleeps through the gap instead of spinning. A stream needs no
 * spinning to be served on time, and on a machine with few cores the spinning core is one the peer needs: with a broker
 * on the same 2-core machine, spinning through the gaps cost a QoS 1 stream 11-15 % of its rate, while sleeping gave
 * it back and also raised the QoS 0 rate (docs/benchmarks.md, {@code bench/run client}). A sleeping loop is not in
 * {@code epoll_wait}, so the peer's writes do not have to wake it; it finds their packets when it wakes. The price: the
 * operating system rounds short sleeps up (Linux's timer slack, 50 µs by default), so while a stream flows a task
 * from another thread (a publish) may wait that long before the loop runs it. Only on Linux: elsewhere a short sleep
 * may last a millisecond or more (Windows rounds it up to its timer tick), which would hold up every task and poll
 * of a streaming loop, so there the loop spins through the gaps.
 *
 * <p>Threading: one instance per event loop, used only by that loop's thread.
 */
final class PollingSelectStrategy implements SelectStrategy {

    static final long MIN_POLL_GAP_NANOS = 5_000;
    static final long MAX_POLL_GAP_NANOS = 40_000;
    /** From this gap on (the second poll in a row that found packets) the loop sleeps through gaps instead of spinning. */
    static final long SLEEP_FROM_GAP_NANOS = 2 * MIN_POLL_GAP_NANOS;
    /** Where a sleep of some microseconds lasts about that long (plus the timer slack); see the class comment. */
    private static final boolean SHORT_SLEEPS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

    private final long windowNanos;
    private final LongSupplier clock;
    private final LongConsumer sleep;
    private long lastActivity;
    private boolean blockedLast = true;
    /** Zero while polls find nothing; grows while they keep finding packets. */
    private long pollGap;

    private long nextPoll;

    /**
     * {@code sleep} pauses the calling thread for about the given nanoseconds (tests record it instead); null where
     * short sleeps are not to be trusted: the loop then spins through the gaps of a stream too.
     */
    PollingSelectStrategy(long windowNanos, LongSupplier clock, LongConsumer sleep) {
        this.windowNanos = requireWindow(windowNanos);
        this.clock = clock;
        this.sleep = sleep;
    }

    /**
     * A factory giving each event loop its own strategy; a window of zero gives Netty's default behaviour. A negative
     * window is refused here, before any event loop is built.
     */
    static SelectStrategyFactory factory(long windowNanos) {
        requireWindow(windowNanos);
        return () ->
                new PollingSelectStrategy(windowNanos, System::nanoTime, SHORT_SLEEPS ? LockSupport::parkNanos : null);
    }

    private static long requireWindow(long windowNanos) {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("poll window must not be negative: " + windowNanos + " ns");
        }
        return windowNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (windowNanos == 0) {
            return hasTasks ? selectNow.get() : SelectStrategy.SELECT; // Netty's DefaultSelectStrategy
        }
        long now = clock.getAsLong();
        if (blockedLast) {
            // Back from a blocking wait: something happened (packets, a task, a timer).
            lastActivity = now;
            blockedLast = false;
        }
        if (hasTasks) {
            return poll(selectNow, now); // handle what is ready (possibly nothing), then run the tasks
        }
        if (now - lastActivity >= windowNanos) {
            blockedLast = true;
            return SelectStrategy.SELECT;
        }
        if (now - nextPoll < 0) {
            // A stream: let its packets gather a little longer.
            if (sleep != null && pollGap >= SLEEP_FROM_GAP_NANOS) {
                sleep.accept(nextPoll - now);
            } else {
                Thread.onSpinWait();
            }
            return SelectStrategy.CONTINUE;
        }
        int ready = poll(selectNow, now);
        if (ready > 0) {
            return ready;
        }
        Thread.onSpinWait();
        return SelectStrategy.CONTINUE; // poll again; tasks submitted meanwhile run first
    }

    private int poll(IntSupplier selectNow, long now) throws Exception {
        int ready = selectNow.get();
        if (ready > 0) {
            lastActivity = now;
            pollGap = pollGap == 0 ? MIN_POLL_GAP_NANOS : Math.min(2 * pollGap, MAX_POLL_GAP_NANOS);
            nextPoll = now + pollGap;
        } else {
            pollGap = 0;
            nextPoll = now;
        }
        return ready;
    }
}
