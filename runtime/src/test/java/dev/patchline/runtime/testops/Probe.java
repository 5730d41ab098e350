package dev.patchline.runtime.testops;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often test expressions run: {@code dev.patchline.runtime.testops.Probe.hit(x)} returns x. */
public final class Probe {
    public static final AtomicInteger HITS = new AtomicInteger();

    private Probe() {}

    public static Object hit(Object value) {
        HITS.incrementAndGet();
        return value;
    }
}
