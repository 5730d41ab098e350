package dev.patchline.runtime.cook;

import dev.patchline.runtime.op.NodeState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs frames: decides which nodes have a reason to cook and cooks them, on the cook thread.
 *
 * <p>How it avoids work: nodes are kept in a topological order, and only nodes with a possible
 * reason to cook sit in {@link #pending}, a bitmap over that order. A frame scans the bitmap
 * upwards; a node whose output version changes puts its consumers (always later in the order) into
 * the bitmap, so one scan settles the whole graph. A frame where nothing happened touches no node.
 * Nodes not needed by any root (pull model) are never put into the bitmap; they catch up when they
 * become needed.
 *
 * <p>Cook thread only, except {@link #pushWakeup} (any thread, lock-free) and {@link #frame} (volatile).
 */
final class FrameScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(FrameScheduler.class);
    /** One cook in this many (a power of two) is timed for {@link NodeStats#cookNanos()}. */
    static final int COOK_TIME_SAMPLE = 64;
    /** How long the watchdog's warning stays on a node that cooks fine again. */
    static final long SLOW_NOTE_NANOS = 60_000_000_000L;

    private final Engine engine;
    private final CookActivity activity;
    private final double fps;
    private final boolean manual;

    private NodeRuntime[] order = new NodeRuntime[0];
    private final List<NodeRuntime> timeNodes = new ArrayList<>();
    private final List<NodeRuntime> nextFrame = new ArrayList<>();
    private IndexSet pending = new IndexSet();
    private final AtomicReference<NodeRuntime> wakeTop = new AtomicReference<>();
    volatile Runnable signal = () -> {};

    /** Volatile: other threads read it through Patch.frame(); written once per frame. */
    volatile long frame;

    double seconds;
    private long startNanos;
    boolean inFrame;
    /** Topological index the frame scan is at (nodes below it were settled this frame), or -1. */
    private int cursor = -1;

    private int freshEpoch;

    FrameScheduler(Engine engine, double fps, boolean manual) {
        this.engine = engine;
        this.activity = engine.activity;
        this.fps = fps;
        this.manual = manual;
    }

    /** Sets the clock's zero (the real-time clocks count seconds from here). */
    void startClock() {
        startNanos = System.nanoTime();
    }

    /** {@return whether a frame would do anything (work arrived, edits queued, cooks pending)} */
    boolean hasWork() {
        return wakeTop.get() != null || !engine.edits.isEmpty() || !pending.isEmpty() || !nextFrame.isEmpty();
    }

    boolean hasTimeNodes() {
        return !timeNodes.isEmpty();
    }

    /**
     * Runs one frame.
     *
     * @param tick whether time moved on a whole frame (time-dependent nodes cook only then)
     */
    void runFrame(boolean tick) {
        inFrame = true;
        CookActivity.Doing previous = activity.enter(CookActivity.FRAME);
        try {
            Runnable edit;
            while ((edit = engine.edits.poll()) != null) edit.run();
            engine.topology.rebuildIfDirty();
            frame++;
            seconds = manual ? (frame - 1) / fps : (System.nanoTime() - startNanos) / 1e9;
            drainWakeups();
            if (!nextFrame.isEmpty()) {
                for (int i = 0; i < nextFrame.size(); i++) markPending(nextFrame.get(i));
                nextFrame.clear();
            }
            if (tick) {
                for (int i = 0; i < timeNodes.size(); i++) markPending(timeNodes.get(i));
            }
            IndexSet p = pending;
            for (int i = p.next(0); i >= 0; i = p.next(i + 1)) {
                p.remove(i);
                cursor = i;
                process(order[i]);
                if (pending != p) break; // topology changed mid-frame (node removed by a callback); rest waits
            }
            cursor = -1;
            engine.topology.rebuildIfDirty();
            activity.exit(previous);
        } finally {
            inFrame = false;
        }
    }

    private void drainWakeups() {
        NodeRuntime n = wakeTop.getAndSet(null);
        while (n != null) {
            ScheduleState s = n.sched;
            NodeRuntime next = s.wakeNext;
            s.wakeNext = null;
            s.wakeFlag.set(false);
            if (!n.removed) {
                s.wokenNow = true;
                markPending(n);
            }
            n = next;
        }
    }

    void pushWakeup(NodeRuntime n) {
        while (true) {
            NodeRuntime top = wakeTop.get();
            n.sched.wakeNext = top;
            if (wakeTop.compareAndSet(top, n)) break;
        }
        signal.run();
    }

    void markPending(NodeRuntime n) {
        if (n.sched.needed && !n.removed && n.sched.topo >= 0) pending.add(n.sched.topo);
    }

    /** A parameter of {@code n} changed: it cooks with the new value. */
    void paramsChanged(NodeRuntime n) {
        n.sched.paramsChanged = true;
    }

    /** Gives {@code n} a reason to cook at its next visit, as if it had asked for the next frame. */
    void cookAgain(NodeRuntime n) {
        n.sched.nextFrameRequested = true;
    }

    /** Marks the nodes that read {@code n} (expressions, binds, references) as possibly stale. */
    void onStampChanged(NodeRuntime n) {
        List<NodeRuntime> deps = n.softDependents;
        for (int i = 0, size = deps.size(); i < size; i++) markPending(deps.get(i));
    }

    /** {@return the nodes in topological order (the array itself: callers do not change it)} */
    NodeRuntime[] order() {
        return order;
    }

    /** The nodes waiting to cook, in the current order (taken before the order is rebuilt). */
    List<NodeRuntime> pendingNodes() {
        List<NodeRuntime> out = new ArrayList<>();
        for (int i = pending.next(0); i >= 0; i = pending.next(i + 1)) out.add(order[i]);
        return out;
    }

    /**
     * Takes a rebuilt order: the nodes that were waiting and those that just became needed wait in it.
     */
    void install(
            NodeRuntime[] newOrder,
            List<NodeRuntime> newTimeNodes,
            List<NodeRuntime> stillPending,
            List<NodeRuntime> newlyNeeded) {
        order = newOrder;
        timeNodes.clear();
        timeNodes.addAll(newTimeNodes);
        pending = new IndexSet();
        for (NodeRuntime n : stillPending) markPending(n);
        for (NodeRuntime n : newlyNeeded) markPending(n);
        nextFrame.removeIf(n -> n.removed);
    }

    /** Decides whether {@code n} has a reason to cook, and cooks it. */
    private void process(NodeRuntime n) {
        if (n.startFailed || !n.started) return;
        ScheduleState s = n.sched;
        boolean reason = s.firstCook | s.wokenNow | s.nextFrameRequested | s.paramsChanged | n.typeTimeDependent;
        NodeRuntime[] in = n.inputs;
        long[] seen = s.seenInputVersions;
        boolean[] changedNow = s.inputChangedNow;
        for (int i = 0; i < in.length; i++) {
            boolean changed = in[i].outputVersion != seen[i];
            changedNow[i] = changed;
            reason |= changed;
        }
        if (n.hasDynamicParams) reason |= engine.params.refresh(n);
        Reads cookReads = n.cookReads;
        if (cookReads != null && cookReads.count > 0 && cookReads.changed()) reason = true;
        if (reason) cook(n);
    }

    private void cook(NodeRuntime n) {
        ScheduleState sched = n.sched;
        boolean paramsChanged = sched.paramsChanged;
        if (paramsChanged) {
            for (ParamSlot s : n.params) {
                s.changedNow = s.changed || sched.firstCook;
                s.changed = false;
                s.firedNow = s.fired;
                s.fired = false;
            }
        }
        sched.cooking = true;
        n.cookState = NodeState.OK;
        n.cookMessage = "";
        if (n.hasDynamicParams) {
            for (ParamSlot s : n.params) if (s.error != null) n.report(NodeState.ERROR, s.error);
        }
        if (n.cookReads != null) n.cookReads.clear();
        ReadRecorder reads = engine.reads;
        Reads previousReader = reads.reader;
        NodeRuntime previousOwner = reads.owner;
        NodeRuntime previousCook = reads.cook;
        reads.set(null, n, n);
        // Reading the clock costs more than a cheap cook on some machines (270 ns on a VM's kvm-clock),
        // so cook time is sampled: one cook in COOK_TIME_SAMPLE is timed, and their mean stands for all of them.
        boolean timed = (n.cookCount & (COOK_TIME_SAMPLE - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0L;
        CookActivity.Doing previousDoing = activity.enter(n.cookDoing);
        try {
            n.operator.cook(n);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            n.report(NodeState.ERROR, Engine.describe(e));
            LOG.debug("node {} failed to cook", n.id(), e);
        } finally {
            if (timed) {
                n.timedCookNanos += System.nanoTime() - t0;
                n.timedCooks++;
            }
            reads.set(previousReader, previousOwner, previousCook);
            sched.cooking = false;
        }
        activity.exit(previousDoing); // not in the finally: an Error that ends the cook thread leaves the node named
        n.cookCount++;
        afterCook(n, paramsChanged);
    }

    /** Clears the reasons the cook consumed, remembers what it saw and tells the consumers. */
    private void afterCook(NodeRuntime n, boolean paramsChanged) {
        ScheduleState sched = n.sched;
        sched.firstCook = false;
        sched.wokenNow = false;
        sched.paramsChanged = false;
        if (paramsChanged) {
            for (ParamSlot s : n.params) {
                s.changedNow = false;
                s.firedNow = false;
            }
        }
        NodeRuntime[] in = n.inputs;
        for (int i = 0; i < in.length; i++) sched.seenInputVersions[i] = in[i].outputVersion;
        sched.nextFrameRequested = sched.requestNextDuringCook;
        sched.requestNextDuringCook = false;
        if (sched.nextFrameRequested) nextFrame.add(n);
        if (n.cookReads != null && n.cookReads.count > 0) engine.reads.link(n, n.cookReads);

        boolean outputChanged;
        if (n.table != null) {
            outputChanged = n.table.commit();
            if (outputChanged) n.outputVersion = n.table.version();
        } else {
            outputChanged = n.channels.commit();
            if (outputChanged) n.outputVersion = n.channels.version();
        }
        if (outputChanged) {
            NodeRuntime[] consumers = n.consumerArray;
            for (NodeRuntime c : consumers) markPending(c);
            n.stamp++;
            if (n.anySoftDependents) onStampChanged(n);
        }
        if (n.slowNote != null) keepSlowNote(n);
        if (n.cookState != n.state || !n.cookMessage.equals(n.message)) n.setState(n.cookState, n.cookMessage);
    }

    private static void keepSlowNote(NodeRuntime n) {
        if (System.nanoTime() - n.slowNoteUntilNanos > 0) {
            n.slowNote = null;
        } else if (n.cookState == NodeState.OK) {
            n.cookState = NodeState.WARNING;
            n.cookMessage = n.slowNote;
        }
    }

    /**
     * Pull on demand, as TouchDesigner does when an expression reads another node: bring {@code n}
     * (and what it depends on) up to date before it is read, even when it comes later in the order or
     * no root needs it yet. Without this the first read of a new dependency would see stale data.
     */
    void ensureFresh(NodeRuntime n) {
        if (n.sched.cooking || !n.started || n.removed) return;
        // Fast path: a needed node the scan has already passed (and that is not waiting) is up to date.
        if (n.sched.needed && n.sched.topo < cursor && !pending.contains(n.sched.topo)) return;
        // Otherwise walk its upstream closure without recursion (chains can be 10,000 nodes long)
        // and bring it up to date in topological order.
        int epoch = ++freshEpoch;
        List<NodeRuntime> todo = new ArrayList<>();
        ArrayDeque<NodeRuntime> stack = new ArrayDeque<>();
        n.sched.freshEpoch = epoch;
        stack.push(n);
        while (!stack.isEmpty()) {
            NodeRuntime x = stack.pop();
            todo.add(x);
            for (NodeRuntime up : x.inputs) visit(up, epoch, stack);
            for (int i = 0, size = x.softDeps.size(); i < size; i++) visit(x.softDeps.get(i), epoch, stack);
        }
        todo.sort((a, b) -> Integer.compare(a.sched.topo, b.sched.topo));
        for (NodeRuntime x : todo) {
            if (x.sched.cooking) continue;
            if (!x.sched.needed || pending.remove(x.sched.topo)) process(x);
        }
    }

    private static void visit(NodeRuntime up, int epoch, ArrayDeque<NodeRuntime> stack) {
        if (up.sched.freshEpoch == epoch || up.sched.cooking || !up.started || up.removed) return;
        up.sched.freshEpoch = epoch;
        stack.push(up);
    }
}
