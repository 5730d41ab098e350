package dev.patchline.studio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.GraphValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The studio's side of the running graph: the current graph and its revision, the file it is saved to and whether it
 * differs from it, and the one way to change it (edit ops: transformed, validated as a whole, applied to the running
 * patch). Edits and saves run one at a time on the studio's worker thread; the getters are safe from any thread.
 */
final class LiveGraph {
    /** Where a change of the graph came from, as the {@code graph} message's {@code source} says. */
    enum Source {
        STUDIO,
        DISK,
        API;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A graph at a revision. */
    record Revision(Graph graph, long rev, Source source) {}

    private final Patch patch;
    private final PatchOptions options;
    private final Path file;
    private final GraphEdits edits;
    private final GraphApplier applier;
    private volatile Revision current;
    private volatile Graph saved;

    LiveGraph(Patch patch, PatchOptions options, Path file) {
        this.patch = patch;
        this.options = options;
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.edits = new GraphEdits(options.registry());
        this.applier = new GraphApplier(patch, options.waitLimit());
        Graph g = patch.graph();
        this.current = new Revision(g, 1, Source.API);
        this.saved = g;
    }

    Revision current() {
        return current;
    }

    /** {@return the graph file, or null when the graph has none (then save is refused)} */
    Path file() {
        return file;
    }

    /** {@return whether the graph differs from what was last loaded or saved} */
    boolean dirty() {
        return !current.graph().equals(saved);
    }

    /**
     * Applies {@code ops} against revision {@code baseRev}: all or nothing. Worker thread only.
     *
     * @return the new revision
     * @throws EditRejected when an op is malformed, the target graph is invalid, the base is stale, or the patch
     *                      refused the change; the running patch is then as it was
     */
    Revision edit(JsonNode ops, long baseRev) throws EditRejected {
        Revision now = current;
        if (baseRev >= 0 && baseRev < now.rev())
            throw new EditRejected(
                    List.of(new EditError(
                            null,
                            null,
                            "the graph changed since revision " + baseRev + " (now " + now.rev()
                                    + "); the newer graph was sent, apply the edit to it")),
                    true);
        GraphEdits.Result result = edits.apply(now.graph(), ops);
        Graph target = result.graph();
        List<GraphProblem> problems = GraphValidator.validate(
                target,
                options.registry(),
                GraphValidator.Context.of(options.environment(), options.baseDir(), options.scripts())
                        .allowing(options.allowedPaths()));
        if (!problems.isEmpty()) throw new EditRejected(GraphEdits.errors(target, problems));
        applier.apply(now.graph(), target, result.pulses());
        Revision next = new Revision(target, now.rev() + 1, Source.STUDIO);
        current = next;
        return next;
    }

    /** Takes a graph changed elsewhere (the file on disk, the Java API) as the current one. Worker thread only. */
    Revision changedElsewhere(Graph graph, Source source) {
        Revision next = new Revision(graph, current.rev() + 1, source);
        current = next;
        if (source == Source.DISK) saved = graph;
        return next;
    }

    /** Writes the current graph to its file. Worker thread only. */
    void save() throws EditRejected {
        if (file == null)
            throw EditRejected.of(
                    null, null, "this graph has no file (it was built in code); start the studio with a graph file");
        Graph g = current.graph();
        try {
            GraphJson.save(g, options.registry(), file);
        } catch (IOException e) {
            throw EditRejected.of(null, null, "cannot write " + file + ": " + e.getMessage());
        }
        saved = g;
    }

    /** {@return how long the worker waits for the patch to take an edit} */
    Duration waitLimit() {
        return options.waitLimit();
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> f, Duration limit, String what) throws EditRejected {
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw EditRejected.of(null, null, what + ": the patch did not answer within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw EditRejected.of(null, null, what + ": " + (c.getMessage() == null ? c.toString() : c.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EditRejected.of(null, null, what + ": interrupted");
        }
    }

    Patch patch() {
        return patch;
    }
}
