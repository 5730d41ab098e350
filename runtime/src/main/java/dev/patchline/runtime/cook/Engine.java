package dev.patchline.runtime.cook;

import dev.patchline.runtime.files.PathPolicy;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.script.ScriptEngineBridge;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running patch's nodes and the parts that run them: the {@link FrameScheduler} (frames and
 * cooks), the {@link ParameterEvaluator}, the {@link ReadRecorder}, the {@link Topology} and the
 * {@link EditApplier}. The engine itself keeps the nodes by id, starts and stops them (marking each
 * callback for the watchdog) and reports their stats. Cook thread only, except {@link #edits} and
 * {@link #activity}.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    final ScriptEngineBridge scripts;
    final OperatorRegistry registry;
    final Map<String, String> environment;
    final Path baseDir;
    final PathPolicy files;

    private final Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    /** Work handed to the cook thread by other threads; the next frame runs it first. */
    final ConcurrentLinkedQueue<Runnable> edits = new ConcurrentLinkedQueue<>();
    /** Where the cook thread is, for the watchdog and for the report of a cook thread that died. */
    final CookActivity activity = new CookActivity();

    final FrameScheduler scheduler;
    final ReadRecorder reads;
    final ParameterEvaluator params;
    final Topology topology;
    final EditApplier editor;

    Engine(Graph graph, PatchOptions options) {
        this.scripts = options.scripts();
        this.registry = options.registry();
        this.environment = options.environment();
        this.baseDir = options.baseDir();
        this.files = options.files();
        this.scheduler = new FrameScheduler(this, options.fps(), options.clock() == ClockMode.MANUAL);
        this.reads = new ReadRecorder(this);
        this.params = new ParameterEvaluator(this);
        this.topology = new Topology(this, options.watchAll());
        this.editor = new EditApplier(this, graph.comment());
        for (NodeSpec spec : graph.nodes()) editor.createNode(spec);
        for (String id : options.watched()) {
            NodeRuntime n = nodes.get(id);
            if (n == null) throw new IllegalArgumentException("cannot watch unknown node '" + id + "'");
            n.watched = true;
        }
        topology.rebuild();
    }

    NodeRuntime node(String id) {
        return nodes.get(id);
    }

    Collection<NodeRuntime> nodes() {
        return nodes.values();
    }

    Set<String> nodeIds() {
        return nodes.keySet();
    }

    NodeRuntime require(String id) {
        NodeRuntime n = nodes.get(id);
        if (n == null) throw new IllegalArgumentException("no node '" + id + "'");
        return n;
    }

    void register(NodeRuntime n) {
        nodes.put(n.id(), n);
    }

    /**
     * Puts the nodes in the order of {@code ids}, which must name every node once. {@return whether the order
     * changed}
     */
    boolean reorder(List<String> ids) {
        if (new ArrayList<>(nodes.keySet()).equals(ids)) return false;
        if (ids.size() != nodes.size()) throw new IllegalArgumentException("reorder needs every node id once: " + ids);
        Map<String, NodeRuntime> ordered = new LinkedHashMap<>();
        for (String id : ids) ordered.put(id, require(id));
        if (ordered.size() != nodes.size())
            throw new IllegalArgumentException("reorder needs every node id once: " + ids);
        nodes.clear();
        nodes.putAll(ordered);
        return true;
    }

    /** {@return the node removed, or null when there was none} */
    NodeRuntime unregister(String id) {
        return nodes.remove(id);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts every node in topological order; a failing start marks the node and goes on. */
    void startAll() {
        scheduler.startClock();
        for (NodeRuntime n : scheduler.order()) start(n);
    }

    void start(NodeRuntime n) {
        n.started = true;
        CookActivity.Doing previous = activity.enter(n.startDoing);
        try {
            n.operator.onStart(n);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            n.startFailed = true;
            n.setState(NodeState.ERROR, "start failed: " + describe(e));
            n.lastError = n.message;
            LOG.debug("node {} failed to start", n.id(), e);
        }
        activity.exit(previous); // not in a finally: an Error that ends the cook thread leaves the node named
    }

    /** Stops every node in reverse topological order. */
    void stopAll() {
        CookActivity.Doing previous = activity.enter(CookActivity.STOPPING);
        NodeRuntime[] order = scheduler.order();
        for (int i = order.length - 1; i >= 0; i--) stop(order[i], false);
        activity.exit(previous);
    }

    void stop(NodeRuntime n, boolean removed) {
        if (!n.started) return;
        n.started = false;
        CookActivity.Doing previous = activity.enter(n.stopDoing);
        try {
            n.operator.onStop(removed);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            LOG.warn("node {}: onStop failed: {}", n.id(), describe(e));
        }
        activity.exit(previous);
    }

    /** Puts the watchdog's warning on the node that kept the cook thread busy, now that it returned. */
    void reportSlow(Stall stall, Duration ran, Duration threshold) {
        NodeRuntime n = stall.node() == null ? null : nodes.get(stall.node());
        if (n == null) return;
        n.slowNote = stall.activity() + " kept the cook thread busy for "
                + String.format(Locale.ROOT, "%.1f s", ran.toMillis() / 1000.0)
                + " (watchdog: " + threshold.toMillis() + " ms); every other node waited for it";
        n.slowNoteUntilNanos = System.nanoTime() + FrameScheduler.SLOW_NOTE_NANOS;
        if (n.state != NodeState.ERROR) n.setState(NodeState.WARNING, n.slowNote);
    }

    // ------------------------------------------------------------------ stats

    List<NodeStats> stats() {
        long now = System.nanoTime();
        List<NodeStats> out = new ArrayList<>(nodes.size());
        for (NodeRuntime n : nodes.values()) {
            double dropped = n.infoValue("dropped");
            // Every appended row got the next sequence number, so seqs count all rows ever added.
            long rowsAdded = n.table == null ? 0 : n.table.firstRowSeq() + n.table.numRows();
            out.add(new NodeStats(
                    n.id(),
                    n.type.id(),
                    n.state,
                    n.message,
                    n.cookCount,
                    rowsAdded,
                    Double.isNaN(dropped) ? 0 : (long) dropped,
                    n.lastError,
                    n.estimatedCookNanos(),
                    now,
                    n.infoMap()));
        }
        return out;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if ((e instanceof IllegalArgumentException
                        || e instanceof IllegalStateException
                        || e instanceof ScriptRuntimeException)
                && m != null
                && !m.isBlank()) {
            return m;
        }
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + m;
    }
}
