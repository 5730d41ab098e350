package dev.patchline.runtime.cook;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one patch's {@link CookActivity} from a shared daemon thread and reports a node, callback or expression
 * that has kept the cook thread busy for longer than a threshold: a warning in the log with the cook thread's stack
 * while it runs, {@link #stall()} for whoever asks, and a call to {@code onReturned} when it finally returns (the
 * patch then puts a warning on the node, from the cook thread).
 *
 * <p>Sampling instead of timing every call keeps the cook thread's cost at two release stores per activity: the
 * watchdog sees the same activity (same change count) on successive ticks and measures from the first tick that saw
 * it, so a report can come up to one tick later than the threshold.
 */
final class Watchdog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "patchline-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String patchName;
    private final CookActivity activity;
    private final Thread cookThread;
    private final long thresholdNanos;
    private final BiConsumer<Stall, Duration> onReturned;
    private ScheduledFuture<?> task;

    // Watchdog thread only, except stall (read by any thread).
    private long seenChanges = Long.MIN_VALUE;
    private long sinceNanos;
    private volatile Stall stall;

    Watchdog(
            String patchName,
            CookActivity activity,
            Thread cookThread,
            Duration threshold,
            BiConsumer<Stall, Duration> onReturned) {
        this.patchName = patchName;
        this.activity = activity;
        this.cookThread = cookThread;
        this.thresholdNanos = threshold.toNanos();
        this.onReturned = onReturned;
    }

    /** Starts ticking: four ticks per threshold, at least every 250 ms. */
    void start() {
        long tick = Math.max(
                TimeUnit.MILLISECONDS.toNanos(10), Math.min(thresholdNanos / 4, TimeUnit.MILLISECONDS.toNanos(250)));
        task = TIMER.scheduleWithFixedDelay(this, tick, tick, TimeUnit.NANOSECONDS);
    }

    void cancel() {
        if (task != null) task.cancel(false);
    }

    /** {@return the current stall, or null while the cook thread keeps moving} */
    Stall stall() {
        return stall;
    }

    @Override
    public void run() {
        try {
            tick(System.nanoTime());
        } catch (RuntimeException e) {
            // A failing tick must not cancel the schedule.
            LOG.warn("patch {}: watchdog tick failed", patchName, e);
        }
    }

    private void tick(long now) {
        CookActivity.Doing doing = activity.current();
        long changes = activity.changes();
        if (doing == null || changes != seenChanges) {
            Stall ended = stall;
            if (ended != null) {
                stall = null;
                Duration ran = Duration.ofNanos(now - sinceNanos);
                LOG.warn(
                        "patch {}: {} returned after {} s",
                        patchName,
                        ended.where(),
                        String.format(java.util.Locale.ROOT, "%.1f", ran.toMillis() / 1000.0));
                onReturned.accept(ended, ran);
            }
            seenChanges = changes;
            sinceNanos = now;
            return;
        }
        if (stall == null && now - sinceNanos >= thresholdNanos) {
            StackTraceElement[] stack = cookThread.getStackTrace();
            Stall s = new Stall(doing.node(), doing.what(), Duration.ofNanos(now - sinceNanos), Arrays.asList(stack));
            stall = s;
            StringBuilder trace = new StringBuilder();
            for (StackTraceElement e : stack) trace.append("\n\tat ").append(e);
            LOG.warn(
                    "patch {}: {}, longer than the watchdog's {} ms; every other node waits for it. Cook thread stack:{}",
                    patchName,
                    s.describe(),
                    TimeUnit.NANOSECONDS.toMillis(thresholdNanos),
                    trace);
        }
    }
}
