package dev.patchline.runtime.testing;

import dev.patchline.runtime.cook.NodeStats;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one operator in a real (manual-clock) patch on the calling thread: set parameters, feed input
 * tables or channels, cook, then read the output, state, message and info channels. Because it uses
 * the real scheduler, "cook" means "run one frame" and the operator cooks only when it has a reason,
 * exactly as in a graph.
 *
 * {@snippet :
 * try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
 *     r.input(0).setHeader("name", "temp");
 *     r.input(0).appendRow("kitchen", "21");
 *     r.set(SelectDat.ROWNAMES, "kitchen");
 *     r.cook();
 *     assertThat(r.output().cell(0, "temp")).isEqualTo("21");
 * }
 * }
 *
 * Not thread-safe; one test thread. Close it to run {@code onStop}.
 */
public final class OperatorTestRunner implements AutoCloseable {
    /** Id of the node under test inside the runner's graph. */
    public static final String NODE = "op";

    private final OperatorType type;
    private final List<OperatorType> extraTypes = new ArrayList<>();
    private final Map<String, ParamValue> params = new LinkedHashMap<>();
    private final Map<Integer, Family> inputFamilies = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private CallbackSpec callbacks;
    private Path baseDir;
    private boolean confineFiles;
    private double fps = 60;
    private Patch patch;
    private final Map<String, FeedOperators.Feed> feeders = new HashMap<>();
    private final OperatorType feedDat = FeedOperators.type(Family.DAT, feeders);
    private final OperatorType feedChop = FeedOperators.type(Family.CHOP, feeders);

    private OperatorTestRunner(OperatorType type) {
        this.type = type;
    }

    /** {@return a runner for one node of {@code type}} */
    public static OperatorTestRunner of(OperatorType type) {
        return new OperatorTestRunner(type);
    }

    /** Makes more operator types available (e.g. for operator-reference parameters); before the first cook. */
    public OperatorTestRunner withTypes(OperatorType... types) {
        requireNotStarted();
        extraTypes.addAll(List.of(types));
        return this;
    }

    /** Sets an environment variable for {@code {"env": ...}} parameters; before the first cook. */
    public OperatorTestRunner env(String name, String value) {
        requireNotStarted();
        env.put(name, value);
        return this;
    }

    /** Sets the graph's folder, which relative paths (callback files, file parameters) resolve against; before the first cook. */
    public OperatorTestRunner baseDir(Path dir) {
        requireNotStarted();
        this.baseDir = dir;
        return this;
    }

    /**
     * Keeps the operator's files inside {@link #baseDir} (the working directory without one), as a graph run by
     * {@code patchline run} is kept; before the first cook. By default the runner lets the operator under test use
     * any path, such as a test's temporary folder.
     */
    public OperatorTestRunner confineFiles() {
        requireNotStarted();
        this.confineFiles = true;
        return this;
    }

    /** Sets the frame rate that {@code seconds()} follows (the manual clock advances 1/fps per frame). */
    public OperatorTestRunner fps(double fps) {
        requireNotStarted();
        this.fps = fps;
        return this;
    }

    /** Attaches callbacks (Groovy inline or file, or a Java object); before the first cook. */
    public OperatorTestRunner callbacks(CallbackSpec spec) {
        requireNotStarted();
        this.callbacks = spec;
        return this;
    }

    // ------------------------------------------------------------------ parameters

    /** Sets a constant parameter; takes effect at the next cook. */
    public <T> OperatorTestRunner set(ParameterDescriptor<T> p, T value) {
        return param(p.name(), ParamValue.constant(value));
    }

    /** Sets an expression parameter. */
    public OperatorTestRunner expr(ParameterDescriptor<?> p, String source) {
        return param(p.name(), ParamValue.expr(source));
    }

    /** Sets a parameter in any mode by name. */
    public OperatorTestRunner param(String name, ParamValue value) {
        if (patch == null) {
            params.put(name, value);
        } else {
            patch.edit(e -> e.setParam(NODE, name, value)).join();
        }
        return this;
    }

    /** Fires a pulse parameter (seen by the next cook). */
    public OperatorTestRunner pulse(ParameterDescriptor<Boolean> p) {
        ensureStarted();
        patch.edit(e -> e.pulse(NODE, p.name())).join();
        return this;
    }

    /** {@return the current value of a parameter of the node under test} */
    @SuppressWarnings("unchecked")
    public <T> T par(ParameterDescriptor<T> p) {
        ensureStarted();
        return (T) patch.query(v -> v.node(NODE).getPar().get(p.name())).join();
    }

    // ------------------------------------------------------------------ inputs

    /**
     * {@return the table feeding DAT input {@code i}} Write to it between cooks (setHeader, appendRow,
     * setCell, clear...); the change reaches the operator, with a delta, at the next cook.
     */
    public OutputTable input(int i) {
        ensureInput(i, Family.DAT);
        FeedOperators.Feed feed = feeder(i);
        feed.context.wakeup();
        return (OutputTable) view("in" + i).getTable();
    }

    /** {@return the channels feeding CHOP input {@code i}}; same rules as {@link #input(int)} */
    public OutputChannels inputChannels(int i) {
        ensureInput(i, Family.CHOP);
        feeder(i).context.wakeup();
        return (OutputChannels) view("in" + i).getChannels();
    }

    private void ensureInput(int i, Family family) {
        Family known = inputFamilies.get(i);
        if (known != null) {
            if (known != family) throw new IllegalStateException("input " + i + " is a " + known + " input");
            ensureStarted();
            return;
        }
        for (int k = 0; k < i; k++) {
            if (!inputFamilies.containsKey(k))
                throw new IllegalStateException("feed input " + k + " before input " + i);
        }
        inputFamilies.put(i, family);
        if (patch == null) {
            ensureStarted();
        } else {
            String id = "in" + i;
            OperatorType feedType = family == Family.DAT ? feedDat : feedChop;
            List<String> in = new ArrayList<>();
            for (int k = 0; k <= i; k++) in.add("in" + k);
            patch.edit(e -> {
                        e.addNode(NodeSpec.of(id, feedType.id()));
                        e.setInputs(NODE, in);
                    })
                    .join();
        }
    }

    private FeedOperators.Feed feeder(int i) {
        FeedOperators.Feed f = feeders.get("in" + i);
        if (f == null) throw new IllegalStateException("feeder of input " + i + " did not start");
        return f;
    }

    // ------------------------------------------------------------------ cooking

    /** Runs one frame: the operator cooks if it has a reason (first cook, changed input or parameter, wakeup...). */
    public OperatorTestRunner cook() {
        ensureStarted();
        patch.step();
        return this;
    }

    /** Runs {@code frames} frames. */
    public OperatorTestRunner cook(int frames) {
        for (int i = 0; i < frames; i++) cook();
        return this;
    }

    /**
     * Runs frames until the operator stops cooking (no pending wakeups or next-frame requests), at most
     * {@code maxFrames}; use it after feeding an inbox from another thread.
     *
     * @return the number of frames run
     */
    public int cookUntilIdle(int maxFrames) {
        ensureStarted();
        int frames = 0;
        long before;
        do {
            before = cookCount();
            patch.step();
            frames++;
        } while (cookCount() != before && frames < maxFrames);
        return frames;
    }

    /**
     * Cooks frame after frame (pausing 1 ms between frames) until {@code condition} holds, for operators
     * whose work arrives from I/O threads (sockets, brokers).
     *
     * @throws AssertionError after {@code timeout}, naming what was awaited and the node's state and message
     */
    public OperatorTestRunner cookUntil(BooleanSupplier condition, Duration timeout, String what) {
        cookAllUntil(condition, timeout, () -> what, this);
        return this;
    }

    /** As {@link #cookUntil(BooleanSupplier, Duration, String)}, with a description made when the wait fails. */
    public OperatorTestRunner cookUntil(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        cookAllUntil(condition, timeout, what, this);
        return this;
    }

    /**
     * Cooks every runner, frame after frame (pausing 1 ms between rounds), until {@code condition} holds: for
     * operators that talk to each other over the network, such as a client and a server DAT.
     *
     * @throws AssertionError after {@code timeout}, naming what was awaited and each node's state and message
     */
    public static void cookAllUntil(
            BooleanSupplier condition, Duration timeout, String what, OperatorTestRunner... runners) {
        cookAllUntil(condition, timeout, () -> what, runners);
    }

    private static void cookAllUntil(
            BooleanSupplier condition, Duration timeout, Supplier<String> what, OperatorTestRunner... runners) {
        for (OperatorTestRunner r : runners) r.ensureStarted();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (OperatorTestRunner r : runners) r.patch.step();
            if (condition.getAsBoolean()) return;
            if (System.nanoTime() - deadline > 0) {
                StringBuilder failure =
                        new StringBuilder("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
                for (OperatorTestRunner r : runners) {
                    failure.append("; node state ").append(r.state());
                    if (!r.message().isEmpty()) failure.append(": ").append(r.message());
                }
                throw new AssertionError(failure.toString());
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** {@return the frame number of the last cook} */
    public long frame() {
        return patch == null ? 0 : patch.frame();
    }

    // ------------------------------------------------------------------ results

    /** {@return the output table of the DAT under test} */
    public Table output() {
        ensureStarted();
        Table t = view(NODE).getTable();
        if (t == null) throw new IllegalStateException(type.id() + " is a CHOP; use outputChannels()");
        return t;
    }

    /** {@return the output channels of the CHOP under test} */
    public Channels outputChannels() {
        ensureStarted();
        Channels c = view(NODE).getChannels();
        if (c == null) throw new IllegalStateException(type.id() + " is a DAT; use output()");
        return c;
    }

    /** {@return the node's state after the last cook} */
    public NodeState state() {
        return view(NODE).getState();
    }

    /** {@return the node's state message ("" when OK)} */
    public String message() {
        return view(NODE).getMessage();
    }

    /** {@return an info channel the operator reported, or NaN} */
    public double info(String name) {
        Double v = view(NODE).getInfo().get(name);
        return v == null ? Double.NaN : v;
    }

    /** {@return how many times the operator cooked} */
    public long cookCount() {
        return view(NODE).getCookCount();
    }

    /** {@return the node's statistics} */
    public NodeStats stats() {
        ensureStarted();
        for (NodeStats s : patch.stats()) if (s.id().equals(NODE)) return s;
        throw new IllegalStateException("node under test missing");
    }

    /** {@return a view of the node under test, as scripts see it} */
    public NodeView node() {
        return view(NODE);
    }

    /** {@return the underlying patch (manual clock; calls run on this thread)} */
    public Patch patch() {
        ensureStarted();
        return patch;
    }

    private NodeView view(String id) {
        ensureStarted();
        return patch.query(v -> v.node(id)).join();
    }

    private void ensureStarted() {
        if (patch != null) return;
        Graph.Builder g = Graph.builder();
        List<String> in = new ArrayList<>();
        for (int i = 0; i < inputFamilies.size(); i++) {
            OperatorType feedType = inputFamilies.get(i) == Family.DAT ? feedDat : feedChop;
            g.node("in" + i, feedType);
            in.add("in" + i);
        }
        g.node(new NodeSpec(NODE, type.id(), params, in, callbacks, null, null, null));
        List<OperatorType> types = new ArrayList<>(extraTypes);
        types.add(type);
        types.add(feedDat);
        types.add(feedChop);
        PatchOptions.Builder options = PatchOptions.builder()
                .manual()
                .fps(fps)
                .registry(OperatorRegistry.of(types))
                .environment(env)
                .watch(NODE)
                .name("test-" + type.id());
        if (baseDir != null) options.baseDir(baseDir);
        if (!confineFiles) {
            for (Path root : FileSystems.getDefault().getRootDirectories()) options.allowPath(root);
        }
        patch = Patch.start(g.build(), options.build());
    }

    private void requireNotStarted() {
        if (patch != null) throw new IllegalStateException("configure the runner before the first cook");
    }

    /** Stops the operator ({@code onStop(false)}). */
    @Override
    public void close() {
        if (patch != null) patch.close();
    }
}
