package dev.patchline.cli;

import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.op.OperatorRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads graph files for the commands and prints their problems as {@code file:line:column: message}. */
final class GraphFiles {
    private GraphFiles() {}

    /**
     * Loads and validates {@code file}, or prints every problem to {@code err} and throws a
     * {@link CliException} that says how many there were. The graph may use files in its own folder only.
     */
    static Graph load(Path file, OperatorRegistry registry, PrintWriter err) {
        return load(file, registry, List.of(), err);
    }

    /** Like {@link #load(Path, OperatorRegistry, PrintWriter)}, letting the graph use files in {@code allowedPaths} too. */
    static Graph load(Path file, OperatorRegistry registry, List<Path> allowedPaths, PrintWriter err) {
        if (!Files.exists(file)) {
            throw new CliException("graph file not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a folder; give the path of a graph .json file");
        }
        try {
            return GraphJson.load(file, registry, allowedPaths);
        } catch (GraphException e) {
            printProblems(file, e, err);
            int n = e.problems().size();
            throw new CliException(
                    file + ": " + n + (n == 1 ? " problem" : " problems") + "; the graph was not started");
        }
    }

    /**
     * {@return the options every command starts a graph file with} its folder as the base of relative paths, its
     * name, every node watched, and the extra folders it may use; the command adds its clock and limits.
     */
    static PatchOptions.Builder patchOptions(Path file, OperatorRegistry registry, List<Path> allowedPaths) {
        PatchOptions.Builder options = PatchOptions.builder()
                .registry(registry)
                .baseDir(file.toAbsolutePath().getParent())
                .name(file.getFileName().toString())
                .watchAll();
        allowedPaths.forEach(options::allowPath);
        return options;
    }

    static void printProblems(Path file, GraphException e, PrintWriter err) {
        for (GraphProblem p : e.problems()) {
            StringBuilder line = new StringBuilder().append(file);
            if (p.line() > 0) {
                line.append(':').append(p.line()).append(':').append(p.column());
            }
            line.append(": ");
            if (!p.pointer().isEmpty()) {
                line.append(p.pointer()).append(": ");
            }
            line.append(p.message());
            err.println(line);
        }
        err.flush();
    }
}
