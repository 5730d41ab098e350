package dev.patchline.runtime.cook;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.files.PathPolicy;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.ParameterValueException;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.script.AbsTime;
import dev.patchline.runtime.script.CompiledScript;
import dev.patchline.runtime.script.OpResolver;
import dev.patchline.runtime.script.ScriptCallbacks;
import dev.patchline.runtime.script.ScriptEngineBridge;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of one patch. It owns every node and runs frames on the cook thread.
 *
 * <p>How it avoids work: nodes are kept in a topological order, and only nodes with a possible
 * reason to cook sit in {@link #pending}, a bitmap over that order. A frame scans the bitmap
 * upwards; a node whose output version changes puts its consumers (always later in the order) into
 * the bitmap, so one scan settles the whole graph. A frame where nothing happened touches no node.
 * Nodes not needed by any root (pull model) are never put into the bitmap; they catch up when they
 * become needed.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** One cook in this many (a power of two) is timed for {@link NodeStats#cookNanos()}. */
    static final int COOK_TIME_SAMPLE = 64;

    final ScriptEngineBridge scripts;
    final OperatorRegistry registry;
    final Map<String, String> environment;
    final Path baseDir;
    final PathPolicy files;
    final double fps;
    private final boolean watchAll;

    private final Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    private NodeRuntime[] order = new NodeRuntime[0];
    private final List<NodeRuntime> timeNodes = new ArrayList<>();
    private final List<NodeRuntime> nextFrame = new ArrayList<>();
    private IndexSet pending = new IndexSet();
    private boolean topologyDirty;
    private final AtomicReference<NodeRuntime> wakeTop = new AtomicReference<>();
    final ConcurrentLinkedQueue<Runnable> edits = new ConcurrentLinkedQueue<>();
    /** Where the cook thread is, for the watchdog and for the report of a cook thread that died. */
    final CookActivity activity = new CookActivity();

    volatile Runnable signal = () -> {};
    private final String graphComment;

    /** Volatile: other threads read it through Patch.frame(); written once per frame. */
    volatile long frame;

    double seconds;
    private long startNanos;
    private boolean manual;
    boolean inFrame;
    /** Topological index the frame scan is at (nodes below it were settled this frame), or -1. */
    private int cursor = -1;

    private int freshEpoch;
    /** Where reads are being recorded right now (an expression, a bind or a cook), or null. */
    private Reads reader;

    private NodeRuntime readerOwner;
    /** The node whose operator is cooking right now (its {@code ctx.op()} reads are recorded), or null. */
    private NodeRuntime cookReader;

    final AbsTime absTime = new AbsTime() {
        @Override
        public long getFrame() {
            if (reader != null) reader.time = true;
            return frame;
        }

        @Override
        public double getSeconds() {
            if (reader != null) reader.time = true;
            return seconds;
        }

        @Override
        public String toString() {
            return "absTime(frame " + frame + ")";
        }
    };

    private final OpResolver resolver = id -> {
        NodeRuntime n = nodes.get(id);
        if (n == null) {
            List<String> near = OperatorRegistry.closest(id, nodes.keySet());
            throw new IllegalArgumentException(
                    "op('" + id + "'): no such node" + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?"));
        }
        recordRead(n);
        return n.handle;
    };

    Engine(Graph graph, PatchOptions options) {
        this.scripts = options.scripts();
        this.registry = options.registry();
        this.environment = options.environment();
        this.baseDir = options.baseDir();
        this.files = options.files();
        this.fps = options.fps();
        this.watchAll = options.watchAll();
        this.manual = options.clock() == ClockMode.MANUAL;
        this.graphComment = graph.comment();
        for (NodeSpec spec : graph.nodes()) createNode(spec);
        for (String id : options.watched()) {
            NodeRuntime n = nodes.get(id);
            if (n == null) throw new IllegalArgumentException("cannot watch unknown node '" + id + "'");
            n.watched = true;
        }
        rebuildTopology();
    }

    NodeRuntime node(String id) {
        return nodes.get(id);
    }

    Iterable<NodeRuntime> nodes() {
        return nodes.values();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts every node in topological order; a failing start marks the node and goes on. */
    void startAll() {
        startNanos = System.nanoTime();
        for (NodeRuntime n : order) start(n);
    }

    private void start(NodeRuntime n) {
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
        for (int i = order.length - 1; i >= 0; i--) stop(order[i], false);
        activity.exit(previous);
    }

    private void stop(NodeRuntime n, boolean removed) {
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

    // ------------------------------------------------------------------ frames

    /** {@return whether a frame would do anything (work arrived, edits queued, cooks pending)} */
    boolean hasWork() {
        return wakeTop.get() != null || !edits.isEmpty() || !pending.isEmpty() || !nextFrame.isEmpty();
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
            while ((edit = edits.poll()) != null) edit.run();
            if (topologyDirty) rebuildTopology();
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
            if (topologyDirty) rebuildTopology();
            activity.exit(previous);
        } finally {
            inFrame = false;
        }
    }

    private void drainWakeups() {
        NodeRuntime n = wakeTop.getAndSet(null);
        while (n != null) {
            NodeRuntime next = n.wakeNext;
            n.wakeNext = null;
            n.wakeFlag.set(false);
            if (!n.removed) {
                n.wokenNow = true;
                markPending(n);
            }
            n = next;
        }
    }

    void pushWakeup(NodeRuntime n) {
        while (true) {
            NodeRuntime top = wakeTop.get();
            n.wakeNext = top;
            if (wakeTop.compareAndSet(top, n)) break;
        }
        signal.run();
    }

    void markPending(NodeRuntime n) {
        if (n.needed && !n.removed && n.topo >= 0) pending.add(n.topo);
    }

    /** Decides whether {@code n} has a reason to cook, and cooks it. */
    private void process(NodeRuntime n) {
        if (n.startFailed || !n.started) return;
        boolean reason = n.firstCook | n.wokenNow | n.nextFrameRequested | n.paramsChanged | n.typeTimeDependent;
        NodeRuntime[] in = n.inputs;
        long[] seen = n.seenInputVersions;
        boolean[] changedNow = n.inputChangedNow;
        for (int i = 0; i < in.length; i++) {
            boolean changed = in[i].outputVersion != seen[i];
            changedNow[i] = changed;
            reason |= changed;
        }
        if (n.hasDynamicParams) reason |= refreshParams(n);
        Reads cookReads = n.cookReads;
        if (cookReads != null && cookReads.count > 0 && cookReads.changed()) reason = true;
        if (reason) cook(n);
    }

    private void cook(NodeRuntime n) {
        boolean paramsChanged = n.paramsChanged;
        if (paramsChanged) {
            for (ParamSlot s : n.params) {
                s.changedNow = s.changed || n.firstCook;
                s.changed = false;
                s.firedNow = s.fired;
                s.fired = false;
            }
        }
        n.cooking = true;
        n.cookState = NodeState.OK;
        n.cookMessage = "";
        if (n.hasDynamicParams) {
            for (ParamSlot s : n.params) if (s.error != null) n.report(NodeState.ERROR, s.error);
        }
        if (n.cookReads != null) n.cookReads.clear();
        Reads previousReader = reader;
        NodeRuntime previousOwner = readerOwner;
        NodeRuntime previousCook = cookReader;
        reader = null;
        readerOwner = n;
        cookReader = n;
        // Reading the clock costs more than a cheap cook on some machines (270 ns on a VM's kvm-clock),
        // so cook time is sampled: one cook in COOK_TIME_SAMPLE is timed and counted for all of them.
        boolean timed = (n.cookCount & (COOK_TIME_SAMPLE - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0L;
        CookActivity.Doing previousDoing = activity.enter(n.cookDoing);
        try {
            n.operator.cook(n);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            n.report(NodeState.ERROR, describe(e));
            LOG.debug("node {} failed to cook", n.id(), e);
        } finally {
            if (timed) n.cookNanos += (System.nanoTime() - t0) * COOK_TIME_SAMPLE;
            reader = previousReader;
            readerOwner = previousOwner;
            cookReader = previousCook;
            n.cooking = false;
        }
        activity.exit(previousDoing); // not in the finally: an Error that ends the cook thread leaves the node named
        n.cookCount++;
        n.firstCook = false;
        n.wokenNow = false;
        n.paramsChanged = false;
        if (paramsChanged) {
            for (ParamSlot s : n.params) {
                s.changedNow = false;
                s.firedNow = false;
            }
        }
        NodeRuntime[] in = n.inputs;
        for (int i = 0; i < in.length; i++) n.seenInputVersions[i] = in[i].outputVersion;
        n.nextFrameRequested = n.requestNextDuringCook;
        n.requestNextDuringCook = false;
        if (n.nextFrameRequested) nextFrame.add(n);
        if (n.cookReads != null && n.cookReads.count > 0) linkReads(n, n.cookReads);

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

    /** How long the watchdog's warning stays on a node that cooks fine again. */
    static final long SLOW_NOTE_NANOS = 60_000_000_000L;

    private static void keepSlowNote(NodeRuntime n) {
        if (System.nanoTime() - n.slowNoteUntilNanos > 0) {
            n.slowNote = null;
        } else if (n.cookState == NodeState.OK) {
            n.cookState = NodeState.WARNING;
            n.cookMessage = n.slowNote;
        }
    }

    /** Puts the watchdog's warning on the node that kept the cook thread busy, now that it returned. */
    void reportSlow(Stall stall, java.time.Duration ran, java.time.Duration threshold) {
        NodeRuntime n = stall.node() == null ? null : nodes.get(stall.node());
        if (n == null) return;
        n.slowNote = stall.activity() + " kept the cook thread busy for "
                + String.format(java.util.Locale.ROOT, "%.1f s", ran.toMillis() / 1000.0)
                + " (watchdog: " + threshold.toMillis() + " ms); every other node waited for it";
        n.slowNoteUntilNanos = System.nanoTime() + SLOW_NOTE_NANOS;
        if (n.state != NodeState.ERROR) n.setState(NodeState.WARNING, n.slowNote);
    }

    /** Marks the nodes that read {@code n} (expressions, binds, references) as possibly stale. */
    void onStampChanged(NodeRuntime n) {
        List<NodeRuntime> deps = n.softDependents;
        for (int i = 0, size = deps.size(); i < size; i++) markPending(deps.get(i));
    }

    // ------------------------------------------------------------------ parameters

    /** Re-evaluates stale expressions and binds; {@return whether any value changed} */
    private boolean refreshParams(NodeRuntime n) {
        boolean changed = false;
        for (ParamSlot s : n.params) {
            if (s.dynamic() && s.stale()) changed |= evaluate(n, s);
        }
        return changed;
    }

    private boolean evaluate(NodeRuntime n, ParamSlot s) {
        Reads previous = reader;
        NodeRuntime previousOwner = readerOwner;
        NodeRuntime previousCook = cookReader;
        s.reads.clear();
        reader = s.reads;
        readerOwner = n;
        cookReader = null;
        Object value;
        CookActivity.Doing previousDoing = activity.enter(s.evaluating(n.id()));
        try {
            Object raw = s.expression != null ? s.expression.evaluate() : readBind(s);
            value = s.descriptor.coerce(raw);
            s.error = null;
        } catch (ScriptRuntimeException
                | IllegalArgumentException
                | IllegalStateException
                | IndexOutOfBoundsException
                | ClassCastException e) {
            s.error = "parameter '" + s.descriptor.name() + "': " + describe(e);
            value = null;
        } finally {
            reader = previous;
            readerOwner = previousOwner;
            cookReader = previousCook;
        }
        activity.exit(previousDoing);
        s.evaluated = true;
        linkReads(n, s.reads);
        if (s.error != null) {
            if (!n.cooking) n.setState(NodeState.ERROR, s.error);
            return false;
        }
        if (!Objects.equals(value, s.value)) {
            s.value = value;
            s.changed = true;
            n.paramsChanged = true;
            n.stamp++;
            onStampChanged(n);
            return true;
        }
        return false;
    }

    private Object readBind(ParamSlot s) {
        NodeRuntime target = nodes.get(s.bindNode);
        if (target == null) throw new IllegalArgumentException("bind target node '" + s.bindNode + "' does not exist");
        recordRead(target);
        if (target.channels != null) {
            Channels c = target.channels;
            int chan = c.index(s.bindA);
            if (chan < 0) chan = index(s.bindA);
            if (chan < 0 || chan >= c.numChans()) {
                throw new IllegalArgumentException(
                        "bind '" + s.bindNode + "/" + s.bindA + "': no channel '" + s.bindA + "'");
            }
            if (c.numSamples() == 0)
                throw new IllegalArgumentException("bind '" + s.bindNode + "/" + s.bindA + "': channel has no samples");
            return c.value(chan, 0);
        }
        Table t = target.table;
        // A row is named by its first cell; a number that names no row is an index.
        int row = -1;
        for (int r = 0; r < t.numRows(); r++) {
            if (t.cell(r, 0).equals(s.bindA)) {
                row = r;
                break;
            }
        }
        if (row < 0) row = index(s.bindA);
        if (row < 0 || row >= t.numRows()) {
            throw new IllegalArgumentException(
                    "bind '" + s.bindNode + "/" + s.bindA + "/" + s.bindB + "': no row '" + s.bindA + "'");
        }
        int col = t.col(s.bindB);
        if (col < 0) col = index(s.bindB);
        if (col < 0)
            throw new IllegalArgumentException(
                    "bind '" + s.bindNode + "/" + s.bindA + "/" + s.bindB + "': no column '" + s.bindB + "'");
        return t.cell(row, col);
    }

    private static int index(String s) {
        if (s == null || s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return -1;
        return Integer.parseInt(s);
    }

    /** Adds soft edges for nodes read; ordering is fixed up at the end of the frame. */
    private void linkReads(NodeRuntime n, Reads reads) {
        for (int i = 0; i < reads.count; i++) {
            NodeRuntime dep = reads.nodes[i];
            if (dep == n || dep.removed) continue;
            if (!n.softDeps.contains(dep)) {
                n.softDeps.add(dep);
                dep.softDependents.add(n);
                dep.anySoftDependents = true;
                topologyDirty = true;
            }
        }
        if (reads.time && !n.timeDependentParams && reads != n.cookReads) {
            n.timeDependentParams = true;
            topologyDirty = true;
        }
    }

    void recordRead(NodeRuntime n) {
        NodeRuntime cooking = cookReader;
        Reads r = reader;
        if (r == null) {
            // An operator reading itself through ctx.op() must not make itself stale after every cook.
            if (cooking == null || n == cooking) return;
            if (inFrame) ensureFresh(n);
            if (cooking.cookReads == null) cooking.cookReads = new Reads();
            cooking.cookReads.add(n);
            return;
        }
        if (n != readerOwner && inFrame) ensureFresh(n);
        r.add(n);
    }

    /**
     * Pull on demand, as TouchDesigner does when an expression reads another node: bring {@code n}
     * (and what it depends on) up to date before it is read, even when it comes later in the order or
     * no root needs it yet. Without this the first read of a new dependency would see stale data.
     */
    private void ensureFresh(NodeRuntime n) {
        if (n.cooking || !n.started || n.removed) return;
        // Fast path: a needed node the scan has already passed (and that is not waiting) is up to date.
        if (n.needed && n.topo < cursor && !pending.contains(n.topo)) return;
        // Otherwise walk its upstream closure without recursion (chains can be 10,000 nodes long)
        // and bring it up to date in topological order.
        int epoch = ++freshEpoch;
        List<NodeRuntime> todo = new ArrayList<>();
        ArrayDeque<NodeRuntime> stack = new ArrayDeque<>();
        n.freshEpoch = epoch;
        stack.push(n);
        while (!stack.isEmpty()) {
            NodeRuntime x = stack.pop();
            todo.add(x);
            for (NodeRuntime up : x.inputs) visit(up, epoch, stack);
            for (int i = 0, size = x.softDeps.size(); i < size; i++) visit(x.softDeps.get(i), epoch, stack);
        }
        todo.sort((a, b) -> Integer.compare(a.topo, b.topo));
        for (NodeRuntime x : todo) {
            if (x.cooking) continue;
            if (!x.needed || pending.remove(x.topo)) process(x);
        }
    }

    private static void visit(NodeRuntime up, int epoch, ArrayDeque<NodeRuntime> stack) {
        if (up.freshEpoch == epoch || up.cooking || !up.started || up.removed) return;
        up.freshEpoch = epoch;
        stack.push(up);
    }

    void setConstant(NodeRuntime n, ParamSlot s, Object value) {
        String problem = s.descriptor.validate(value, baseDir);
        if (problem != null) throw new ParameterValueException(problem);
        s.expression = null;
        s.bindNode = null;
        s.error = null;
        s.source = s.descriptor.kind() == ParamKind.SECRET ? s.source : ParamValue.constant(value);
        updateDynamicFlag(n);
        if (!Objects.equals(value, s.value)) {
            s.value = value;
            s.changed = true;
            n.paramsChanged = true;
            n.stamp++;
            onStampChanged(n);
            markPending(n);
            if (s.descriptor.kind() == ParamKind.OPERATOR) topologyDirty = true;
            if (s.descriptor.kind() != ParamKind.SECRET && s.descriptor.kind() != ParamKind.PULSE) {
                n.spec = n.spec.withParam(s.descriptor.name(), ParamValue.constant(value));
            }
        }
    }

    void firePulse(NodeRuntime n, ParamSlot s) {
        s.fired = true;
        s.changed = true;
        n.paramsChanged = true;
        markPending(n);
    }

    /** Applies a parameter's mode and value from the graph model (start or live edit). */
    void applySource(NodeRuntime n, ParamSlot s, ParamValue source) {
        s.source = source;
        s.expression = null;
        s.bindNode = null;
        s.error = null;
        s.reads.clear();
        s.evaluated = false;
        Object value = s.value;
        ParameterDescriptor<?> d = s.descriptor;
        if (source == null) {
            value = d.defaultValue();
        } else if (source instanceof ParamValue.Constant c) {
            value = c.value();
        } else if (source instanceof ParamValue.Env e) {
            String text = environment.get(e.name());
            if (text == null) throw new IllegalArgumentException("environment variable " + e.name() + " is not set");
            value = d.kind() == ParamKind.SECRET ? Secret.fromEnv(e.name(), text) : d.coerce(text);
        } else if (source instanceof ParamValue.Expression x) {
            s.expression = scripts.compileExpression(x.source(), n.id() + "/params/" + d.name())
                    .bind(n.scriptVariables);
        } else if (source instanceof ParamValue.Bind b) {
            String[] parts = b.target().split("/", -1);
            s.bindNode = parts[0];
            s.bindA = parts.length > 1 ? parts[1] : "";
            s.bindB = parts.length > 2 ? parts[2] : null;
        }
        updateDynamicFlag(n);
        if (!Objects.equals(value, s.value)
                || source instanceof ParamValue.Expression
                || source instanceof ParamValue.Bind) {
            s.value = value;
            s.changed = true;
            n.paramsChanged = true;
            n.stamp++;
            onStampChanged(n);
        }
        markPending(n);
        topologyDirty = true;
    }

    private static void updateDynamicFlag(NodeRuntime n) {
        boolean dynamic = false;
        for (ParamSlot s : n.params) dynamic |= s.dynamic();
        n.hasDynamicParams = dynamic;
        if (!dynamic) n.timeDependentParams = false;
    }

    // ------------------------------------------------------------------ graph changes

    private NodeRuntime createNode(NodeSpec spec) {
        OperatorType type = registry.find(spec.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown operator type '" + spec.type() + "'"));
        NodeRuntime n = new NodeRuntime(this, spec, type);
        n.scriptVariables.put("me", n.handle);
        n.scriptVariables.put("absTime", absTime);
        n.scriptVariables.put("log", n.log);
        n.scriptVariables.put(OpResolver.VARIABLE, resolver);
        nodes.put(spec.id(), n);
        for (ParamSlot s : n.params) {
            ParamValue v = spec.params().get(s.descriptor.name());
            if (v != null) applySource(n, s, v);
        }
        n.callbacks = loadCallbacks(n, spec.callbacks());
        topologyDirty = true;
        return n;
    }

    private Callbacks loadCallbacks(NodeRuntime n, CallbackSpec spec) {
        if (spec == null) return Callbacks.NONE;
        if (spec instanceof CallbackSpec.JavaObject o) {
            return new WatchedCallbacks(ScriptCallbacks.ofObject(o.target(), n::report), activity, n.id());
        }
        String source;
        String origin;
        if (spec instanceof CallbackSpec.File f) {
            Path p = files.resolve(f.path());
            try {
                source = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("callbacks file " + p + " cannot be read: " + e.getMessage(), e);
            }
            origin = f.path();
        } else {
            source = ((CallbackSpec.Inline) spec).source();
            origin = n.id() + "/callbacks";
        }
        CompiledScript script = scripts.compileScript(source, origin);
        try {
            return new WatchedCallbacks(
                    new ScriptCallbacks(script.instantiate(n.scriptVariables), n::report), activity, n.id());
        } catch (ScriptRuntimeException e) {
            n.setState(NodeState.ERROR, e.getMessage());
            return Callbacks.NONE;
        }
    }

    void addNode(NodeSpec spec) {
        if (nodes.containsKey(spec.id())) throw new IllegalArgumentException("node '" + spec.id() + "' already exists");
        NodeRuntime n = createNode(spec);
        rebuildTopology();
        start(n);
        markPending(n);
        // Expressions and binds that failed (perhaps on op('this id')) get another chance.
        for (NodeRuntime other : nodes.values()) {
            for (ParamSlot s : other.params) {
                if (s.error != null) {
                    s.evaluated = false;
                    markPending(other);
                }
            }
        }
    }

    void removeNode(String id) {
        NodeRuntime n = nodes.remove(id);
        if (n == null) throw new IllegalArgumentException("no node '" + id + "'");
        n.removed = true;
        stop(n, true);
        // Whoever read the removed node re-evaluates (and reports the missing node) instead of
        // holding on to its last value silently.
        List<NodeRuntime> readers = new ArrayList<>(n.softDependents);
        for (NodeRuntime other : nodes.values()) {
            if (other.spec.inputs().contains(id)) {
                List<String> in = new ArrayList<>(other.spec.inputs());
                in.removeIf(id::equals);
                other.spec = other.spec.withInputs(in);
            }
        }
        rebuildTopology();
        for (NodeRuntime r : readers) {
            for (ParamSlot s : r.params) {
                for (int i = 0; i < s.reads.count; i++) if (s.reads.nodes[i] == n) s.evaluated = false;
            }
            if (r.cookReads != null) {
                r.cookReads.clear();
                r.nextFrameRequested = true;
            }
            markPending(r);
        }
    }

    void setInputs(String id, List<String> upstream) {
        NodeRuntime n = require(id);
        n.spec = n.spec.withInputs(upstream);
        rebuildTopology();
        markPending(n);
    }

    void setParam(String id, String name, ParamValue value) {
        NodeRuntime n = require(id);
        ParamSlot s = n.slot(name);
        if (s == null) throw new IllegalArgumentException("node '" + id + "' has no parameter '" + name + "'");
        if (value instanceof ParamValue.Constant c && s.descriptor.kind() != ParamKind.SECRET) {
            value = ParamValue.constant(s.descriptor.coerce(c.value()));
        }
        applySource(n, s, value);
        n.spec = n.spec.withParam(name, value);
        if (topologyDirty && !inFrame) rebuildTopology();
    }

    void setCallbacks(String id, CallbackSpec spec) {
        NodeRuntime n = require(id);
        n.callbacks = loadCallbacks(n, spec);
        n.spec = n.spec.withCallbacks(spec);
        rebuildTopology();
    }

    void watch(String id, boolean on) {
        require(id).watched = on;
        rebuildTopology();
    }

    NodeRuntime require(String id) {
        NodeRuntime n = nodes.get(id);
        if (n == null) throw new IllegalArgumentException("no node '" + id + "'");
        return n;
    }

    /** {@return the graph model as it is now, after live edits} */
    Graph currentGraph() {
        List<NodeSpec> specs = new ArrayList<>(nodes.size());
        for (NodeRuntime n : nodes.values()) specs.add(n.spec);
        return new Graph(specs, graphComment);
    }

    /**
     * Recomputes wiring, soft edges, topological order, the needed set and the time-dependent list.
     * O(nodes + edges); runs only when the graph's shape changed.
     */
    void rebuildTopology() {
        List<NodeRuntime> oldPending = new ArrayList<>();
        for (int i = pending.next(0); i >= 0; i = pending.next(i + 1)) oldPending.add(order[i]);

        for (NodeRuntime n : nodes.values()) {
            n.consumers.clear();
            n.softDependents.clear();
        }
        for (NodeRuntime n : nodes.values()) {
            List<String> ids = n.spec.inputs();
            NodeRuntime[] in = new NodeRuntime[ids.size()];
            for (int i = 0; i < in.length; i++) in[i] = require(ids.get(i));
            if (!java.util.Arrays.equals(in, n.inputs)) {
                n.inputs = in;
                n.inputChangedNow = new boolean[in.length];
                n.seenInputVersions = new long[in.length];
                java.util.Arrays.fill(n.seenInputVersions, -1);
            }
            for (NodeRuntime up : in) up.consumers.add(n);
            // Soft edges: everything the node reads besides its wires.
            n.softDeps.clear();
            for (ParamSlot s : n.params) {
                for (int i = 0; i < s.reads.count; i++) addSoft(n, s.reads.nodes[i]);
                if (s.bindNode != null) addSoft(n, nodes.get(s.bindNode));
                if (s.descriptor.kind() == ParamKind.OPERATOR && s.value instanceof String ref && !ref.isEmpty()) {
                    addSoft(n, nodes.get(ref));
                }
            }
            if (n.cookReads != null) for (int i = 0; i < n.cookReads.count; i++) addSoft(n, n.cookReads.nodes[i]);
            boolean timeParams = false;
            for (ParamSlot s : n.params) timeParams |= s.dynamic() && s.reads.time;
            n.timeDependentParams = timeParams;
        }
        for (NodeRuntime n : nodes.values()) {
            for (NodeRuntime d : n.softDeps) d.softDependents.add(n);
        }
        for (NodeRuntime n : nodes.values()) {
            n.consumerArray = n.consumers.toArray(new NodeRuntime[0]);
            n.anySoftDependents = !n.softDependents.isEmpty();
        }
        order = topologicalOrder(true);
        if (order == null) order = topologicalOrder(false);
        for (int i = 0; i < order.length; i++) order[i].topo = i;

        // Pull: a node is needed when a root depends on it through wires or reads.
        Set<NodeRuntime> wasNeeded = new HashSet<>();
        for (NodeRuntime n : order) {
            if (n.needed) wasNeeded.add(n);
            n.needed = false;
        }
        ArrayDeque<NodeRuntime> queue = new ArrayDeque<>();
        for (NodeRuntime n : order) {
            if (watchAll || n.watched || n.type.cookAlways() || n.callbacks != Callbacks.NONE) {
                n.needed = true;
                queue.add(n);
            }
        }
        while (!queue.isEmpty()) {
            NodeRuntime n = queue.poll();
            for (NodeRuntime up : n.inputs)
                if (!up.needed) {
                    up.needed = true;
                    queue.add(up);
                }
            for (NodeRuntime up : n.softDeps)
                if (!up.needed) {
                    up.needed = true;
                    queue.add(up);
                }
        }
        timeNodes.clear();
        for (NodeRuntime n : order) if (n.needed && (n.type.timeDependent() || n.timeDependentParams)) timeNodes.add(n);

        pending = new IndexSet();
        for (NodeRuntime n : oldPending) markPending(n);
        for (NodeRuntime n : order) if (n.needed && !wasNeeded.contains(n)) markPending(n);
        nextFrame.removeIf(n -> n.removed);
        topologyDirty = false;
    }

    private void addSoft(NodeRuntime n, NodeRuntime dep) {
        if (dep != null && dep != n && !dep.removed && !n.softDeps.contains(dep)) n.softDeps.add(dep);
    }

    /** Kahn's algorithm in graph order; {@return null when soft edges make a cycle} */
    private NodeRuntime[] topologicalOrder(boolean withSoft) {
        Map<NodeRuntime, Integer> indegree = new IdentityHashMap<>();
        for (NodeRuntime n : nodes.values()) {
            int d = n.inputs.length;
            if (withSoft) d += n.softDeps.size();
            indegree.put(n, d);
        }
        ArrayDeque<NodeRuntime> ready = new ArrayDeque<>();
        for (NodeRuntime n : nodes.values()) if (indegree.get(n) == 0) ready.add(n);
        NodeRuntime[] out = new NodeRuntime[nodes.size()];
        int k = 0;
        while (!ready.isEmpty()) {
            NodeRuntime n = ready.poll();
            out[k++] = n;
            for (NodeRuntime c : n.consumers) if (indegree.merge(c, -1, Integer::sum) == 0) ready.add(c);
            if (withSoft) {
                for (NodeRuntime c : n.softDependents) if (indegree.merge(c, -1, Integer::sum) == 0) ready.add(c);
            }
        }
        if (k != out.length) {
            if (withSoft) return null;
            throw new IllegalStateException("wires form a cycle; the validator should have refused this graph");
        }
        return out;
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
                    n.cookNanos,
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
