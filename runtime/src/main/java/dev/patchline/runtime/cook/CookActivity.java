package dev.patchline.runtime.cook;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the cook thread is doing right now (which node, which callback or expression), for the watchdog and for
 * the report of a cook thread that died. Written by the cook thread only, with release stores that cost nothing
 * on x86; read by the watchdog thread with acquire loads.
 *
 * <p>{@link #enter} returns what was current before; the caller hands it back to {@link #exit} on its normal
 * path. Errors that escape are deliberately not unwound here, so that after an {@link OutOfMemoryError} ends the
 * cook loop, {@link #current()} still names where it happened. The level that catches an exception restores its
 * own entry with {@link #exit}.
 */
final class CookActivity {
    private static final VarHandle CURRENT;
    private static final VarHandle CHANGES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CURRENT = l.findVarHandle(CookActivity.class, "current", Doing.class);
            CHANGES = l.findVarHandle(CookActivity.class, "changes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One thing the cook thread can be busy with; created once per node and callback, not per call.
     *
     * @param node the node id, or null for the patch's own work between nodes
     * @param what e.g. "cook", "callback onFrameStart", "expression of parameter 'rate'"
     */
    record Doing(String node, String what) {
        /** {@return e.g. "node 'loop' (callback onFrameStart)"} */
        String describe() {
            return node == null ? "the cook thread (" + what + ")" : "node '" + node + "' (" + what + ")";
        }
    }

    static final Doing FRAME = new Doing(null, "frame bookkeeping and live edits");
    static final Doing STOPPING = new Doing(null, "stopping");

    @SuppressWarnings("unused")
    private Doing current;

    @SuppressWarnings("unused")
    private long changes;
    /** Cook-thread copy of {@link #changes}, so that counting needs no load of the shared field. */
    private long count;

    /** Marks {@code doing} as current; {@return what was current before} Cook thread only. */
    Doing enter(Doing doing) {
        Doing previous = (Doing) CURRENT.get(this);
        CURRENT.setRelease(this, doing);
        CHANGES.setRelease(this, ++count);
        return previous;
    }

    /** Makes {@code previous} current again. Cook thread only. */
    void exit(Doing previous) {
        CURRENT.setRelease(this, previous);
        CHANGES.setRelease(this, ++count);
    }

    /** {@return what the cook thread is doing, or null when it is idle} Any thread. */
    Doing current() {
        return (Doing) CURRENT.getAcquire(this);
    }

    /** {@return a number that changes whenever the activity changes} Any thread. */
    long changes() {
        return (long) CHANGES.getAcquire(this);
    }
}
