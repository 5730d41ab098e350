package dev.patchline.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Netty leak detector that remembers what it reports, so that {@link NettyLeakCheck} can fail the test. Netty
 * creates it for every resource type (ByteBuf, timers, ...) when the JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=dev.patchline.testing.LeakRecordingDetector}; the surefire
 * configuration of the build sets that together with {@code -Dio.netty.leakDetection.level=paranoid}, so every
 * buffer is tracked. Reports are still logged as Netty logs them ("LEAK: ...").
 *
 * <p>Netty notices a leak only when the garbage collector has collected an unreleased buffer and the detector of
 * its type then tracks another object; {@link #collectAndDrain} makes both happen.
 *
 * @param <T> the tracked resource type
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {
    private static final List<LeakRecordingDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static final long REFERENCE_PROCESSING_MILLIS = 2_000;

    /** The constructor Netty's {@code ResourceLeakDetectorFactory} calls for a custom detector class. */
    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        DETECTORS.add(this);
    }

    /**
     * The older constructor, which the factory looks up first (and logs an error when it is missing); the maximum
     * of active resources it passes is unused by Netty.
     */
    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Reports even when the logging backend drops errors (some modules test with slf4j-nop). */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " was garbage-collected without release():" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " was garbage-collected without release() (no access records)");
        super.reportUntracedLeak(resourceType);
    }

    /** {@return whether Netty uses this detector in this JVM (it created at least one)} */
    static boolean active() {
        return !DETECTORS.isEmpty();
    }

    /** {@return the leaks reported since the last call, oldest first, and forgets them} */
    static List<String> drain() {
        List<String> leaks = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            leaks.add(leak);
        }
        return leaks;
    }

    /**
     * Runs the garbage collector, waits (bounded) until the references it cleared are enqueued, makes every
     * detector look at its queue, and then drains: the leaks of everything that is no longer reachable.
     */
    static List<String> collectAndDrain() throws InterruptedException {
        if (active()) {
            // The JVM enqueues the references one collection cleared as one batch, in no set order, before it
            // starts on the next batch: once a sentinel of a second collection is enqueued, the first batch is
            // complete.
            collectAndAwaitEnqueued();
            collectAndAwaitEnqueued();
            for (LeakRecordingDetector<?> detector : DETECTORS) {
                detector.poll();
            }
        }
        return drain();
    }

    private static void collectAndAwaitEnqueued() throws InterruptedException {
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), collected);
        System.gc();
        collected.remove(REFERENCE_PROCESSING_MILLIS);
        sentinel.clear();
    }

    /** Netty reports what its queue holds whenever it tracks a new object: track one and release it at once. */
    @SuppressWarnings("unchecked")
    private void poll() {
        T probe = (T) new Object();
        ResourceLeakTracker<T> tracker = trackForcibly(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }
}
