package dev.patchline.studio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchline.runtime.cook.EditSource;
import dev.patchline.runtime.cook.GraphChange;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.cook.RevisionedGraph;
import dev.patchline.runtime.cook.StaleRevisionException;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.reload.GraphFileWatcher;
import dev.patchline.runtime.reload.ReloadEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The studio's side of the running graph: the graph and revision its connections were last told, the file it is
 * saved to (watched: a change on disk is applied to the patch, see {@link GraphFileWatcher}) and whether the running
 * graph differs from it, and the one way the studio changes the graph: edit ops turned into a whole target graph,
 * applied with {@link Patch#apply} against the revision the browser saw. Edits and saves run one at a time on the
 * studio's worker thread; the getters are safe from any thread.
 */
final class LiveGraph implements AutoCloseable {

    /** A graph at a revision, and who made that revision. */
    record Revision(Graph graph, long rev, EditSource source) {
        String wireSource() {
            return source.name().toLowerCase(Locale.ROOT);
        }
    }

    private final Patch patch;
    private final PatchOptions options;
    private final Path file;
    private final GraphEdits edits;
    private final GraphFileWatcher watcher;
    private volatile Revision current;
    /** The revision saved last, for a graph without a watcher (then without a file). */
    private volatile long savedRevision;

    /**
     * @param file     the graph file, or null for a graph built in code (then save is refused and nothing is watched)
     * @param onReload told of every reload from disk (applied, rejected, failed), on the watcher's thread
     */
    LiveGraph(Patch patch, PatchOptions options, Path file, Consumer<ReloadEvent> onReload) throws IOException {
        this.patch = patch;
        this.options = options;
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.edits = new GraphEdits(options.registry());
        this.savedRevision = patch.revision();
        this.watcher = this.file == null
                ? null
                : GraphFileWatcher.builder(patch, this.file)
                        .registry(options.registry())
                        .allowPaths(options.allowedPaths())
                        .onReload(onReload)
                        .start();
    }

    /**
     * {@return the graph and revision the connections were last told, or null until {@link #load} succeeded} The
     * studio starts without waiting for the cook thread (a slow first cook must not stop it from starting).
     */
    Revision current() {
        return current;
    }

    /** {@return the graph file, or null when the graph has none (then save is refused)} */
    Path file() {
        return file;
    }

    /** {@return whether the running graph has changes the file does not have} */
    boolean dirty() {
        long saved = watcher != null ? watcher.fileRevision() : savedRevision;
        Revision known = current;
        return known != null && known.rev() != saved;
    }

    /** Takes the running graph read by the first query that the cook thread answered. Worker thread only. */
    void loaded(RevisionedGraph now) {
        Revision known = current;
        if (known == null || now.revision() > known.rev())
            current = new Revision(now.graph(), now.revision(), EditSource.API);
    }

    /** Takes a change of the running graph (from any source) as the current revision. Worker thread only. */
    Revision changed(GraphChange change) {
        Revision known = current;
        if (known == null || change.revision() <= known.rev()) return null; // not loaded yet, or already known
        Revision next = new Revision(change.graph(), change.revision(), change.source());
        current = next;
        return next;
    }

    /**
     * Applies {@code ops} to the graph at revision {@code baseRev} (negative: whatever runs now), all or nothing.
     * Worker thread only; waits for the cook thread at most the patch's wait limit.
     *
     * @return the revision after the edit
     * @throws EditRejected when an op is malformed, the target graph is invalid, the base is stale, or the patch
     *                      refused the change; the running patch is then as it was
     */
    long edit(JsonNode ops, long baseRev) throws EditRejected {
        RevisionedGraph now;
        try {
            now = patch.revisionedGraph();
        } catch (IllegalStateException busy) {
            throw EditRejected.of(null, null, "the patch is busy: " + busy.getMessage());
        }
        if (baseRev >= 0 && baseRev != now.revision()) throw stale(baseRev, now.revision());
        GraphEdits.Result result = edits.apply(now.graph(), ops);
        GraphChange change;
        try {
            change = await(patch.apply(result.graph(), EditSource.STUDIO, now.revision()), options.waitLimit());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GraphException g)
                throw new EditRejected(GraphEdits.errors(result.graph(), g.problems()));
            if (e.getCause() instanceof StaleRevisionException s) throw stale(baseRev, patch.revision());
            throw EditRejected.of(null, null, "the patch refused the edit: " + message(e.getCause()));
        }
        if (!result.pulses().isEmpty()) {
            try {
                await(
                        patch.edit(e -> {
                            for (GraphEdits.Pulse p : result.pulses()) e.pulse(p.id(), p.name());
                        }),
                        options.waitLimit());
            } catch (ExecutionException e) {
                throw EditRejected.of(null, null, "the pulse failed: " + message(e.getCause()));
            }
        }
        return change.revision();
    }

    private static EditRejected stale(long base, long now) {
        return new EditRejected(
                List.of(new EditError(
                        null,
                        null,
                        "the graph changed since revision " + base + " (now " + now
                                + "); the newer graph was sent, apply the edit to it")),
                true);
    }

    /** Writes the running graph to its file (atomically, secrets only as references). Worker thread only. */
    void save() throws EditRejected {
        if (file == null)
            throw EditRejected.of(
                    null,
                    null,
                    "this graph was built in code and has no file to save to; start `patchline studio GRAPH.json`"
                            + " to edit a graph file");
        try {
            watcher.save();
        } catch (IOException e) {
            throw EditRejected.of(
                    null, null, "cannot write " + file + ": " + e.getMessage() + "; the file is unchanged");
        } catch (IllegalStateException busy) {
            throw EditRejected.of(null, null, "the patch is busy: " + busy.getMessage());
        }
    }

    private static <T> T await(CompletableFuture<T> f, Duration limit) throws EditRejected, ExecutionException {
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw EditRejected.of(null, null, "the patch did not answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EditRejected.of(null, null, "interrupted");
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        if (watcher != null) watcher.close();
    }
}
