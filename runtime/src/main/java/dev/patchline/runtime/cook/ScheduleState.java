package dev.patchline.runtime.cook;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node's place in the frame scan and its reasons to cook. The {@link FrameScheduler} owns it;
 * {@link Topology} writes the position fields when it rebuilds the order, and the node's
 * {@link dev.patchline.runtime.op.CookContext} methods only read it (and set
 * {@link #requestNextDuringCook} while cooking). Cook thread only, except {@link #wakeFlag} (any thread).
 */
final class ScheduleState {
    /** Index in the topological order, or -1 while the node is not in it. */
    int topo = -1;
    /** Whether a root (watched, always-cook or with callbacks) depends on the node (pull model). */
    boolean needed;

    // Reasons to cook.
    boolean firstCook = true;
    boolean wokenNow;
    boolean nextFrameRequested;
    boolean requestNextDuringCook;
    boolean paramsChanged = true;

    /** Whether the operator is cooking right now (reports go to the cook's state, reads are not pulled). */
    boolean cooking;
    /** The pull-on-demand walk that visited the node last, so one walk visits it once. */
    int freshEpoch;

    /** Each input's output version at the node's last cook, and whether it differs this cook. */
    long[] seenInputVersions = new long[0];

    boolean[] inputChangedNow = new boolean[0];

    /** Set while the node is on the scheduler's wakeup stack, so a burst of wakeups pushes it once. */
    final AtomicBoolean wakeFlag = new AtomicBoolean();
    /** Intrusive link of the scheduler's lock-free wakeup stack. */
    NodeRuntime wakeNext;
}
