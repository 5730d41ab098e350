package dev.patchline.cli;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.studio.StudioOptions;
import dev.patchline.studio.StudioServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patchline studio [GRAPH]}: runs a graph and serves Patchline Studio for it until Ctrl-C, printing the one URL
 * to open. Without GRAPH it starts an empty patch backed by a new file in the current folder.
 */
@Command(
        name = "studio",
        mixinStandardHelpOptions = true,
        description = "Runs a graph and shows it in the browser (Patchline Studio), where it can be edited while it"
                + " runs. Prints the URL to open, with its token.")
final class StudioCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "GRAPH",
            arity = "0..1",
            description = "The graph file (.json). Without it: a new empty graph in patch.json (or patch-N.json).")
    Path graphFile;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "0",
            description = "Port of the studio (default 0: any free port).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = StudioOptions.LOOPBACK,
            description = "Address to listen on (default 127.0.0.1: this machine only). Another address prints a"
                    + " warning.")
    String bind;

    @Option(names = "--readonly", description = "Show mode: the page shows the patch but edits and saves are refused.")
    boolean readonly;

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Stop after this long, e.g. 30s or 2m (default: until Ctrl-C).")
    Duration duration;

    @Mixin
    AllowPathOption allowPath;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OperatorRegistry registry = OperatorRegistry.load();
        if (graphFile == null) {
            graphFile = newGraphFile(Path.of(""), registry);
            err.println("patchline: new empty graph " + graphFile + "; Save in the studio writes to it");
            err.flush();
        }
        List<Path> allowed = allowPath.folders();
        Graph graph = GraphFiles.load(graphFile, registry, allowed, err);
        PatchOptions options =
                GraphFiles.patchOptions(graphFile, registry, allowed).build();
        Patch patch = Patch.start(graph, options);
        StopOnCtrlC ctrlC = StopOnCtrlC.stops(patch, err);
        try (patch;
                ctrlC;
                StudioServer studio = StudioLauncher.start(patch, options, graphFile, bind, port, readonly, out, err)) {
            awaitEnd(patch, duration);
        }
        if (ctrlC.reportFailure() != 0) return 1;
        out.println("stopped " + graphFile.getFileName());
        out.flush();
        return 0;
    }

    /** Waits until the patch stops (Ctrl-C) or {@code limit} passes. */
    static void awaitEnd(Patch patch, Duration limit) throws InterruptedException {
        if (limit == null) patch.awaitStop();
        else patch.awaitStop(limit);
    }

    /** {@return a new file holding an empty graph: patch.json in {@code dir}, or the first free patch-N.json} */
    static Path newGraphFile(Path dir, OperatorRegistry registry) throws IOException {
        String empty = GraphJson.write(new Graph(List.of(), null), registry);
        for (int n = 1; n < 10_000; n++) {
            Path candidate = dir.resolve(n == 1 ? "patch.json" : "patch-" + n + ".json");
            try {
                Files.writeString(candidate, empty, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                // try the next name
            }
        }
        throw new CliException("no free name patch-N.json in " + dir.toAbsolutePath() + "; give a GRAPH file");
    }
}
