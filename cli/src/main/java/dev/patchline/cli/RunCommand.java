package dev.patchline.cli;

import dev.patchline.runtime.cook.NodeStats;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.reload.GraphFileWatcher;
import dev.patchline.studio.StudioOptions;
import dev.patchline.studio.StudioServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patchline run GRAPH}: validates and runs a graph until Ctrl-C or {@code --for}, showing a live
 * view (and with {@code --ui} the studio in the browser), then stops it cleanly (every {@code onStop} runs, sockets
 * close) and writes {@code --dump} files.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs a graph file until Ctrl-C or --for, with a live view of its nodes.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "GRAPH", description = "The graph file (.json).")
    Path graphFile;

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Stop after this long, e.g. 5s, 2m, 500ms.")
    Duration duration;

    @ArgGroup(exclusive = true)
    Clock clock = new Clock();

    static final class Clock {
        @Option(
                names = "--fps",
                paramLabel = "N",
                description = "Cook at a fixed rate of N frames per second (default 60).")
        Double fps;

        @Option(names = "--event", description = "Cook as soon as work arrives (coalesced) instead of at a fixed rate.")
        boolean event;
    }

    @Option(
            names = "--max-event-rate",
            paramLabel = "N",
            description = "With --event: at most N frames a second; work arriving sooner cooks in the next frame "
                    + "together with what came meanwhile (default 1000).")
    Double maxEventRate;

    @Option(
            names = "--dump",
            paramLabel = "NODE=FILE",
            description = "At exit, write NODE's table (CSV) or channels (name,value CSV) to FILE. Repeatable.")
    Map<String, Path> dumps = new LinkedHashMap<>();

    @Mixin
    AllowPathOption allowPath;

    @Option(
            names = "--view",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "Live view: auto (table on a terminal, log lines otherwise), table, log or none.")
    String view;

    @Option(
            names = "--watchdog",
            paramLabel = "DURATION",
            converter = Durations.class,
            description =
                    "Warn (with the node, the callback and the cook thread's stack) when one callback, expression "
                            + "or cook keeps the cook thread busy longer than this (default 5s; 0s turns it off).")
    Duration watchdog;

    @Option(
            names = "--ui",
            description = "Also serve Patchline Studio (the patch in the browser) on 127.0.0.1 and print its URL.")
    boolean ui;

    @Option(
            names = "--watch",
            description =
                    "Hot reload: when the graph file or a callbacks file it names changes, apply the difference to "
                            + "the running graph (only changed nodes change; an invalid file is reported and changes nothing).")
    boolean watch;

    @Spec
    CommandSpec spec;

    /** How long the live view waits for the statistics before it skips a refresh. */
    private static final Duration VIEW_WAIT = Duration.ofSeconds(1);

    /** The frame during which the cook thread last left a statistics request unanswered, or -1. */
    private long unansweredAtFrame = -1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OperatorRegistry registry = OperatorRegistry.load();
        List<Path> allowed = allowPath.folders();
        Graph graph = GraphFiles.load(graphFile, registry, allowed, err);
        for (String node : dumps.keySet()) {
            if (graph.node(node).isEmpty()) {
                throw new CliException("--dump " + node + "=...: the graph has no node '" + node + "'");
            }
        }
        PatchOptions.Builder options = GraphFiles.patchOptions(graphFile, registry, allowed);
        if (maxEventRate != null) {
            if (!clock.event) {
                throw new CliException("--max-event-rate applies to the event clock only; add --event", 2);
            }
            if (!(maxEventRate >= 1)) {
                throw new CliException("--max-event-rate must be at least 1 frame per second, got " + maxEventRate, 2);
            }
            options.maxEventRate(maxEventRate);
        }
        if (clock.event) {
            options.event();
        } else if (clock.fps != null) {
            if (!(clock.fps > 0 && clock.fps <= 10_000)) {
                throw new CliException("--fps must be between 0 and 10000 (exclusive of 0), got " + clock.fps, 2);
            }
            options.fps(clock.fps);
        }
        if (watchdog != null) {
            options.watchdog(watchdog);
        }
        LiveView live = liveView(out);
        PatchOptions built = options.build();
        Patch patch = Patch.start(graph, built);
        StopOnCtrlC ctrlC = StopOnCtrlC.stops(patch, err);
        try (patch;
                ctrlC;
                StudioServer studio = ui
                        ? StudioLauncher.start(patch, built, graphFile, StudioOptions.LOOPBACK, 0, false, out, err)
                        : null;
                GraphFileWatcher watcher = watch ? watch(patch, registry, allowed, out, err) : null) {
            runUntilStopped(patch, live);
            writeDumps(patch, err);
        }
        if (ctrlC.reportFailure() != 0) {
            out.flush();
            return 1;
        }
        out.println("stopped " + graphFile.getFileName());
        out.flush();
        return 0;
    }

    private GraphFileWatcher watch(
            Patch patch, OperatorRegistry registry, List<Path> allowed, PrintWriter out, PrintWriter err)
            throws IOException {
        GraphFileWatcher watcher = GraphFileWatcher.builder(patch, graphFile)
                .registry(registry)
                .allowPaths(allowed)
                .onReload(event -> ReloadLines.print(event, graphFile, out, err))
                .start();
        out.println("watching " + graphFile + " for changes");
        out.flush();
        return watcher;
    }

    private LiveView liveView(PrintWriter out) {
        return switch (view) {
            case "auto" -> new LiveView(out, System.console() != null, "patchline: " + graphFile.getFileName());
            case "table" -> new LiveView(out, true, "patchline: " + graphFile.getFileName());
            case "log" -> new LiveView(out, false, "");
            case "none" -> null;
            default -> throw new CliException("--view must be auto, table, log or none, got '" + view + "'", 2);
        };
    }

    private void runUntilStopped(Patch patch, LiveView live) throws InterruptedException {
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long nextSummary = start + TimeUnit.SECONDS.toNanos(5);
        while (patch.isRunning()) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(500), end - now);
            if (patch.awaitStop(Duration.ofNanos(wait))) {
                break;
            }
            if (live != null && patch.isRunning()) {
                now = System.nanoTime();
                boolean summary = now - nextSummary >= 0;
                if (summary) {
                    nextSummary = now + TimeUnit.SECONDS.toNanos(5);
                }
                List<NodeStats> stats = statsIfAnswering(patch);
                if (stats != null) {
                    live.show(stats, (now - start) / 1e9, summary);
                }
            }
        }
        if (live != null && patch.isRunning()) {
            List<NodeStats> stats = statsIfAnswering(patch);
            if (stats != null) {
                live.show(stats, (System.nanoTime() - start) / 1e9, true);
            }
        }
    }

    /**
     * {@return the statistics, or null while the cook thread is stuck in a callback} The watchdog has already
     * said where (a warning on stderr), and the run must still end on time.
     */
    private List<NodeStats> statsIfAnswering(Patch patch) {
        // After one unanswered request, ask again only once the cook thread has moved on to another frame: a stuck
        // callback must not cost the run a second per refresh (and delay the end of --for).
        if (patch.stall().isPresent() || patch.frame() == unansweredAtFrame) {
            return null;
        }
        try {
            return patch.stats(VIEW_WAIT);
        } catch (IllegalStateException busy) {
            unansweredAtFrame = patch.frame();
            return null;
        }
    }

    private void writeDumps(Patch patch, PrintWriter err) throws IOException, CliException {
        if (dumps.isEmpty() || !patch.isRunning()) {
            if (!dumps.isEmpty()) {
                err.println("patchline: the graph stopped before --dump could read it");
            }
            return;
        }
        List<String> ids = List.copyOf(dumps.keySet());
        Map<String, String> csv;
        try {
            csv = patch.query(v -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        for (String id : ids) {
                            m.put(id, NodeDump.csv(v, id));
                        }
                        return m;
                    })
                    .get(PatchOptions.DEFAULT_WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException busy) {
            err.println("patchline: --dump skipped: the cook thread did not answer within "
                    + PatchOptions.DEFAULT_WAIT_LIMIT.toSeconds() + " s"
                    + patch.stall().map(s -> " (" + s.describe() + ")").orElse(""));
            return;
        } catch (ExecutionException e) {
            throw new CliException("--dump failed: " + CliErrors.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Map.Entry<String, Path> d : dumps.entrySet()) {
            Path file = d.getValue();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, csv.get(d.getKey()), StandardCharsets.UTF_8);
        }
    }
}
