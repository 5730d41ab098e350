package dev.patchline.runtime.cook;

import dev.patchline.runtime.files.PathPolicy;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.script.GroovyBridge;
import dev.patchline.runtime.script.ScriptEngineBridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link Patch} runs: clock, frame rate, operator registry, environment for {@code {"env": ...}}
 * parameters, the graph's folder (paths in the graph are relative to it and must stay in it, or in a folder
 * allowed with {@link Builder#allowPath}), the script engine, and which nodes are watched
 * (watched nodes are roots of the pull, like a viewer in TouchDesigner). Immutable; build with
 * {@link #builder()}.
 */
public final class PatchOptions {
    /** Default cap of the event clock: a frame at most every millisecond. */
    public static final double DEFAULT_MAX_EVENT_RATE = 1_000;
    /** Default watchdog threshold: a callback, expression or cook busy this long is reported. */
    public static final Duration DEFAULT_WATCHDOG = Duration.ofSeconds(5);
    /** Default limit of every wait for the cook thread (close, stats, graph). */
    public static final Duration DEFAULT_WAIT_LIMIT = Duration.ofSeconds(5);
    /** Default limit of {@link Patch#start}: an embedded broker may take seconds to start on a loaded machine. */
    public static final Duration DEFAULT_START_LIMIT = Duration.ofSeconds(60);

    private final ClockMode clock;
    private final double fps;
    private final double maxEventRate;
    private final OperatorRegistry registry;
    private final Map<String, String> environment;
    private final Path baseDir;
    private final List<Path> allowedPaths;
    private final PathPolicy files;
    private final ScriptEngineBridge scripts;
    private final Set<String> watched;
    private final boolean watchAll;
    private final String name;
    private final Duration watchdog;
    private final Duration waitLimit;
    private final Duration startLimit;

    private PatchOptions(Builder b) {
        this.clock = b.clock;
        this.fps = b.fps;
        this.maxEventRate = b.maxEventRate;
        this.registry = b.registry != null ? b.registry : OperatorRegistry.load();
        this.environment = b.environment != null ? Map.copyOf(b.environment) : System.getenv();
        this.baseDir = b.baseDir;
        this.allowedPaths = List.copyOf(b.allowedPaths);
        this.files = PathPolicy.of(b.baseDir, allowedPaths);
        this.scripts = b.scripts != null ? b.scripts : new GroovyBridge();
        this.watched = Set.copyOf(b.watched);
        this.watchAll = b.watchAll;
        this.name = b.name;
        this.watchdog = b.watchdog;
        this.waitLimit = b.waitLimit;
        this.startLimit = b.startLimit;
    }

    /** {@return options with every default: fixed rate at 60 fps, ServiceLoader registry, process environment} */
    public static PatchOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ClockMode clock() {
        return clock;
    }

    /** {@return frames per second of the fixed-rate clock (and of time-dependent cooks with the event clock)} */
    public double fps() {
        return fps;
    }

    /**
     * {@return the most frames per second the event clock runs for arriving work (default 1,000); infinite when
     * uncapped}
     */
    public double maxEventRate() {
        return maxEventRate;
    }

    public OperatorRegistry registry() {
        return registry;
    }

    /** {@return the variables {@code {"env": "NAME"}} parameters are read from} */
    public Map<String, String> environment() {
        return environment;
    }

    /** {@return the graph's folder, which relative paths resolve against, or null for the working directory} */
    public Path baseDir() {
        return baseDir;
    }

    /** {@return the folders besides {@link #baseDir()} whose files the graph may read and write} */
    public List<Path> allowedPaths() {
        return allowedPaths;
    }

    /** {@return the policy that resolves and checks every path of the graph} */
    public PathPolicy files() {
        return files;
    }

    public ScriptEngineBridge scripts() {
        return scripts;
    }

    /** {@return node ids watched from the start} */
    public Set<String> watched() {
        return watched;
    }

    /** {@return whether every node is a root of the pull (what a headless run usually wants)} */
    public boolean watchAll() {
        return watchAll;
    }

    /** {@return the patch name used for the cook thread and logs} */
    public String name() {
        return name;
    }

    /** {@return how long one callback, expression or cook may keep the cook thread busy before it is reported; zero: never} */
    public Duration watchdog() {
        return watchdog;
    }

    /**
     * {@return how long {@link Patch#close()}, {@link Patch#stats()} and {@link Patch#graph()} wait for the cook thread}
     * After this, {@code close()} interrupts the cook thread and waits at most one more second (or this limit, if
     * shorter) before it abandons it.
     */
    public Duration waitLimit() {
        return waitLimit;
    }

    /**
     * {@return how long {@link Patch#start} waits for the nodes' {@code onStart}} A callback or expression that the
     * watchdog reports as stuck during the start is given only {@link #waitLimit()} more, so that a
     * {@code while (true) {}} in an {@code onStart} callback fails the start in about watchdog + wait limit.
     */
    public Duration startLimit() {
        return startLimit;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private ClockMode clock = ClockMode.FIXED_RATE;
        private double fps = 60.0;
        private double maxEventRate = DEFAULT_MAX_EVENT_RATE;
        private OperatorRegistry registry;
        private Map<String, String> environment;
        private Path baseDir;
        private final List<Path> allowedPaths = new ArrayList<>();
        private ScriptEngineBridge scripts;
        private final Set<String> watched = new LinkedHashSet<>();
        private boolean watchAll;
        private String name = "patch";
        private Duration watchdog = DEFAULT_WATCHDOG;
        private Duration waitLimit = DEFAULT_WAIT_LIMIT;
        private Duration startLimit = DEFAULT_START_LIMIT;

        private Builder() {}

        /**
         * Reports a callback, expression or cook that keeps the cook thread busy for longer than {@code threshold}: a
         * warning with the cook thread's stack in the log, {@link Patch#stall()}, and a warning on the node once it
         * returns. {@link Duration#ZERO} turns the watchdog off. Default 5 s.
         */
        public Builder watchdog(Duration threshold) {
            if (threshold.isNegative())
                throw new IllegalArgumentException("watchdog must not be negative, got " + threshold);
            this.watchdog = threshold;
            return this;
        }

        /** How long close(), stats() and graph() wait for the cook thread (see {@link PatchOptions#waitLimit()}). Default 5 s. */
        public Builder waitLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero())
                throw new IllegalArgumentException("waitLimit must be positive, got " + limit);
            this.waitLimit = limit;
            return this;
        }

        /** How long {@link Patch#start} waits for the nodes to start (see {@link PatchOptions#startLimit()}). Default 60 s. */
        public Builder startLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero())
                throw new IllegalArgumentException("startLimit must be positive, got " + limit);
            this.startLimit = limit;
            return this;
        }

        public Builder clock(ClockMode clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Fixed-rate clock at {@code fps} frames per second. */
        public Builder fps(double fps) {
            if (!(fps > 0 && fps <= 10_000))
                throw new IllegalArgumentException("fps must be in (0, 10000], got " + fps);
            this.fps = fps;
            return this;
        }

        /** Manual clock: frames run only on {@link Patch#step()}. */
        public Builder manual() {
            return clock(ClockMode.MANUAL);
        }

        /** Event clock: a frame as soon as work arrives. */
        public Builder event() {
            return clock(ClockMode.EVENT);
        }

        /**
         * Caps the event clock at {@code framesPerSecond} frames for arriving work: work that arrives sooner after a
         * frame than 1/rate waits for the rest of that gap and cooks in one frame with whatever else came meanwhile.
         * Without a cap a stream of 30,000 messages a second that arrive one by one costs 30,000 frames (and thread
         * wake-ups) a second; at the default 1,000 the same stream cooks in batches of about 30, and a lone event
         * still cooks at once. {@link Double#POSITIVE_INFINITY} removes the cap.
         */
        public Builder maxEventRate(double framesPerSecond) {
            if (!(framesPerSecond >= 1)) {
                throw new IllegalArgumentException(
                        "maxEventRate must be at least 1 frame per second (or infinite for no cap), got "
                                + framesPerSecond);
            }
            this.maxEventRate = framesPerSecond;
            return this;
        }

        public Builder registry(OperatorRegistry registry) {
            this.registry = Objects.requireNonNull(registry);
            return this;
        }

        public Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env);
            return this;
        }

        /**
         * The graph's folder (usually the graph file's): relative paths in the graph (file parameters, callback
         * files) resolve against it, and every path must stay inside it unless {@link #allowPath allowed}. Without
         * it, the working directory plays its part.
         */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        /**
         * Lets the graph read and write files under {@code dir} too (an absolute path, or one that leaves the
         * graph's folder); repeatable. What {@code --allow-path DIR} does on the command line.
         */
        public Builder allowPath(Path dir) {
            this.allowedPaths.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        public Builder scripts(ScriptEngineBridge scripts) {
            this.scripts = Objects.requireNonNull(scripts);
            return this;
        }

        /** Watches these nodes (roots of the pull). */
        public Builder watch(String... nodeIds) {
            watched.addAll(Set.of(nodeIds));
            return this;
        }

        /** Makes every node a root of the pull. */
        public Builder watchAll() {
            this.watchAll = true;
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public PatchOptions build() {
            return new PatchOptions(this);
        }
    }
}
