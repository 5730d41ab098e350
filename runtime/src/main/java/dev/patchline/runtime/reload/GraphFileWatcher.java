package dev.patchline.runtime.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.patchline.runtime.cook.ClockMode;
import dev.patchline.runtime.cook.EditSource;
import dev.patchline.runtime.cook.GraphChange;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.RevisionedGraph;
import dev.patchline.runtime.files.PathPolicy;
import dev.patchline.runtime.files.PathRefusedException;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.OperatorRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches a running patch's graph file and the callbacks files its nodes name, and applies every change
 * on disk to the patch.
 *
 * <ul>
 *   <li>The graph file changed: it is read with the same rules as when the patch was started
 *       ({@link GraphJson#fileContext}) and applied with {@link Patch#apply} (source {@link EditSource#DISK}): only
 *       the nodes that differ change, unchanged connections survive. An invalid, unparsable or empty file changes
 *       nothing; the listener gets {@link ReloadEvent.Rejected} with every problem and its line:column.
 *   <li>A callbacks file changed: the nodes that use it get its new text ({@code setCallbacks}).
 *   <li>Editors write in steps (truncate, write, rename): changes are debounced (150 ms by default after the last
 *       event) and a file whose SHA-256 equals the content last loaded or {@linkplain #save saved} is skipped, so that
 *       the watcher's own saves do not come back as reloads.
 * </ul>
 *
 * {@snippet :
 * try (GraphFileWatcher w = GraphFileWatcher.builder(patch, Path.of("graph.json"))
 *         .registry(registry)
 *         .onReload(event -> System.out.println(event))
 *         .start()) {
 *     patch.awaitStop();
 * }
 * }
 *
 * <p>The patch must have its own cook thread (the fixed-rate or the event clock): with the manual clock, edits run
 * on the caller's thread, which here would be the watcher's, racing the thread that calls {@code step()}.
 *
 * <p>Threading: one daemon thread per watcher reads the file system events, reads and applies the files, and calls
 * the listener (which should return quickly). {@link #save}, {@link #fileRevision()} and {@link #close()} may be
 * called from any thread.
 */
public final class GraphFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphFileWatcher.class);

    private final Patch patch;
    private final Path file;
    private final OperatorRegistry registry;
    private final List<Path> allowedPaths;
    private final PathPolicy paths;
    private final Duration debounce;
    private final Duration applyLimit;
    private final Consumer<ReloadEvent> listener;
    private final WatchService watchService;
    private final Thread thread;

    /** Folders registered with the watch service. Watcher thread only (and the constructor). */
    private final Map<Path, WatchKey> folders = new HashMap<>();
    /** Callbacks files the graph names, with the digest of the content last seen. Watcher thread only. */
    private final Map<Path, String> callbackFiles = new LinkedHashMap<>();

    private final Object lock = new Object();
    /** SHA-256 of the graph file's content last loaded or saved. Guarded by {@link #lock}. */
    private String graphDigest;
    /** The patch's graph revision that the file holds. Guarded by {@link #lock}. */
    private long fileRevision;

    private volatile boolean closed;

    private GraphFileWatcher(Builder b) throws IOException {
        this.patch = b.patch;
        this.file = b.file.toAbsolutePath().normalize();
        this.registry = Objects.requireNonNull(b.registry, "registry (set it with registry(...))");
        this.allowedPaths = List.copyOf(b.allowedPaths);
        this.paths = PathPolicy.of(file.getParent(), allowedPaths);
        this.debounce = b.debounce;
        this.applyLimit = b.applyLimit;
        this.listener = b.listener;
        this.watchService = file.getFileSystem().newWatchService();
        try {
            RevisionedGraph running = patch.revisionedGraph();
            graphDigest = digestOf(file);
            fileRevision = running.revision();
            register(file.getParent());
            refreshCallbackFiles(running.graph());
        } catch (IOException | RuntimeException e) {
            watchService.close();
            throw e;
        }
        this.thread = new Thread(this::run, "patchline-reload-" + file.getFileName());
        thread.setDaemon(true);
    }

    /** {@return a builder for a watcher of {@code patch}'s graph file {@code graphFile}} */
    public static Builder builder(Patch patch, Path graphFile) {
        return new Builder(patch, graphFile);
    }

    /** {@return the graph file watched (absolute)} */
    public Path file() {
        return file;
    }

    /**
     * {@return the patch's graph revision the file holds: the one last loaded from it or saved to it} While
     * {@link Patch#revision()} is higher, the running graph has changes the file does not have. Any thread.
     */
    public long fileRevision() {
        synchronized (lock) {
            return fileRevision;
        }
    }

    /**
     * Saves the running graph to the watched file ({@link GraphJson#save}: atomic, one backup, no secret values) and
     * remembers its content, so that the watcher does not apply its own save as a change. Any thread but the patch's
     * cook thread. {@return the revision saved}
     *
     * @throws IOException when the file cannot be written; it is then unchanged
     */
    public long save() throws IOException {
        RevisionedGraph running = patch.revisionedGraph();
        synchronized (lock) {
            byte[] written = GraphJson.save(running.graph(), registry, file);
            graphDigest = sha256(written);
            fileRevision = running.revision();
        }
        return running.revision();
    }

    private GraphFileWatcher started() {
        thread.start();
        return this;
    }

    // ------------------------------------------------------------------ the watcher thread

    private void run() {
        Set<Path> pending = new LinkedHashSet<>();
        long deadline = 0;
        try {
            while (!closed) {
                WatchKey key;
                if (pending.isEmpty()) {
                    key = watchService.take();
                } else {
                    long wait = deadline - System.nanoTime();
                    key = wait <= 0 ? null : watchService.poll(wait, TimeUnit.NANOSECONDS);
                }
                if (key != null) {
                    if (collect(key, pending)) deadline = System.nanoTime() + debounce.toNanos();
                    continue;
                }
                List<Path> due = new ArrayList<>(pending);
                pending.clear();
                process(due);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close(): the watch service is closed, the thread ends.
        } catch (RuntimeException | Error e) {
            LOG.error("hot reload of {} stopped: {}", file, e.toString(), e);
        }
    }

    /** Adds the watched files among {@code key}'s events to {@code pending}. {@return whether there was one} */
    private boolean collect(WatchKey key, Set<Path> pending) {
        Path folder = (Path) key.watchable();
        boolean relevant = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == OVERFLOW) {
                pending.add(file);
                pending.addAll(callbackFiles.keySet());
                relevant = true;
                continue;
            }
            Path changed = folder.resolve((Path) e.context());
            if (changed.equals(file) || callbackFiles.containsKey(changed)) {
                pending.add(changed);
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    private void process(List<Path> due) {
        // The graph first: nodes it adds or rebuilds read their callbacks files anew anyway.
        if (due.remove(file)) guarded(file, this::reloadGraph);
        for (Path f : due) if (callbackFiles.containsKey(f)) guarded(f, () -> reloadCallbacks(f));
    }

    /** Runs one reload; whatever goes wrong is reported, and the watcher goes on watching. */
    private void guarded(Path changed, Runnable reload) {
        try {
            reload.run();
        } catch (RuntimeException e) {
            LOG.debug("reload of {} failed", changed, e);
            report(new ReloadEvent.Failed(changed, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void reloadGraph() {
        byte[] bytes;
        synchronized (lock) {
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                report(new ReloadEvent.Rejected(file, problem("file not found; the patch runs on as it was")));
                return;
            } catch (IOException e) {
                report(new ReloadEvent.Failed(file, "cannot read the file: " + e.getMessage()));
                return;
            }
            String digest = sha256(bytes);
            if (digest.equals(graphDigest)) return; // our own save, or the same content written again
            graphDigest = digest;
        }
        Graph target;
        try {
            target = GraphJson.read(
                    new String(bytes, StandardCharsets.UTF_8),
                    file.toString(),
                    registry,
                    GraphJson.fileContext(file, allowedPaths));
        } catch (GraphException e) {
            report(new ReloadEvent.Rejected(file, e));
            return;
        }
        GraphChange change;
        try {
            change = await(patch.apply(target, EditSource.DISK));
        } catch (GraphException e) {
            report(new ReloadEvent.Rejected(file, e));
            return;
        } catch (ApplyFailed e) {
            report(new ReloadEvent.Failed(file, e.getMessage()));
            return;
        }
        synchronized (lock) {
            fileRevision = change.revision();
        }
        refreshCallbackFiles(change.graph());
        report(new ReloadEvent.Applied(file, change));
    }

    private void reloadCallbacks(Path callbacksFile) {
        String digest;
        try {
            digest = digestOf(callbacksFile);
        } catch (IOException e) {
            report(new ReloadEvent.Failed(callbacksFile, "cannot read the callbacks file: " + e.getMessage()));
            return;
        }
        if (digest == null || digest.equals(callbackFiles.get(callbacksFile))) return;
        callbackFiles.put(callbacksFile, digest);
        Map<String, CallbackSpec> users = new LinkedHashMap<>();
        for (NodeSpec n : patch.graph().nodes()) {
            if (n.callbacks() instanceof CallbackSpec.File f && callbacksFile.equals(resolve(f.path())))
                users.put(n.id(), f);
        }
        if (users.isEmpty()) return;
        try {
            await(patch.edit(EditSource.DISK, e -> users.forEach(e::setCallbacks)));
        } catch (GraphException e) {
            report(new ReloadEvent.Rejected(callbacksFile, e));
            return;
        } catch (ApplyFailed e) {
            report(new ReloadEvent.Failed(callbacksFile, e.getMessage()));
            return;
        }
        report(new ReloadEvent.CallbacksReloaded(callbacksFile, List.copyOf(users.keySet())));
    }

    /** Watches the callbacks files {@code graph} names (and their folders); keeps what it knew of the others. */
    private void refreshCallbackFiles(Graph graph) {
        Set<Path> named = new LinkedHashSet<>();
        for (NodeSpec n : graph.nodes()) {
            if (n.callbacks() instanceof CallbackSpec.File f) {
                Path p = resolve(f.path());
                if (p != null) named.add(p);
            }
        }
        callbackFiles.keySet().retainAll(named);
        for (Path p : named) {
            if (callbackFiles.containsKey(p)) continue;
            try {
                callbackFiles.put(p, digestOf(p));
                register(p.getParent());
            } catch (IOException e) {
                LOG.warn("cannot watch callbacks file {}: {}", p, e.getMessage());
            }
        }
    }

    private Path resolve(String path) {
        try {
            return paths.resolve(path);
        } catch (PathRefusedException e) {
            return null; // the validator already refused such a graph
        }
    }

    private void register(Path folder) throws IOException {
        if (!folders.containsKey(folder))
            folders.put(folder, folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE));
    }

    private <T> T await(CompletableFuture<T> f) throws ApplyFailed {
        try {
            return f.get(applyLimit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GraphException g) throw g;
            Throwable c = e.getCause();
            throw new ApplyFailed(c.getMessage() == null ? c.toString() : c.getMessage());
        } catch (TimeoutException e) {
            throw new ApplyFailed("the patch did not take the change within " + applyLimit.toMillis()
                    + " ms (its cook thread is busy"
                    + patch.stall().map(s -> ": " + s.describe()).orElse("")
                    + "); it applies the change when it is free");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyFailed("interrupted while applying the change");
        }
    }

    /** A change that could not be applied, for a reason other than an invalid graph. */
    private static final class ApplyFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ApplyFailed(String message) {
            super(message, null, false, false);
        }
    }

    private GraphException problem(String message) {
        return new GraphException(file.toString(), List.of(new GraphProblem("", 0, 0, message)));
    }

    private void report(ReloadEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("the reload listener failed on {}: {}", event, e.toString(), e);
        }
    }

    /** {@return the SHA-256 of the file's content, or null when there is no such file} */
    private static String digestOf(Path f) throws IOException {
        try {
            return sha256(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Stops watching; waits for a reload in progress at most the apply limit. Idempotent; any thread. */
    @Override
    public void close() {
        closed = true;
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service of {}", file, e);
        }
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(applyLimit.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a {@link GraphFileWatcher}. Not thread-safe. */
    public static final class Builder {
        private final Patch patch;
        private final Path file;
        private OperatorRegistry registry;
        private List<Path> allowedPaths = List.of();
        private Duration debounce = Duration.ofMillis(150);
        private Duration applyLimit = Duration.ofSeconds(30);
        private Consumer<ReloadEvent> listener = e -> {};

        private Builder(Patch patch, Path file) {
            if (patch.clock() == ClockMode.MANUAL) {
                throw new IllegalArgumentException(
                        "hot reload needs a patch with its own cook thread (the fixed-rate or "
                                + "event clock); with the manual clock its edits would run on the watcher's thread");
            }
            this.patch = Objects.requireNonNull(patch, "patch");
            this.file = Objects.requireNonNull(file, "file");
        }

        /** The operator types to read the file with (the patch's). Required. */
        public Builder registry(OperatorRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Folders besides the graph file's own whose files the graph may use, as when the patch was loaded. */
        public Builder allowPaths(List<Path> folders) {
            this.allowedPaths = List.copyOf(folders);
            return this;
        }

        /** How long the files must stay quiet before a change is read (default 150 ms). */
        public Builder debounce(Duration quiet) {
            if (quiet.isNegative()) throw new IllegalArgumentException("debounce must not be negative: " + quiet);
            this.debounce = quiet;
            return this;
        }

        /** How long to wait for the patch to take a change before reporting it as failed (default 30 s). */
        public Builder applyLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero())
                throw new IllegalArgumentException("the apply limit must be positive: " + limit);
            this.applyLimit = limit;
            return this;
        }

        /** Called on the watcher's thread after every reload, applied or not; should return quickly. */
        public Builder onReload(Consumer<ReloadEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Starts watching. The file's current content counts as loaded: only later changes are applied.
         *
         * @throws IOException when the folder cannot be watched
         */
        public GraphFileWatcher start() throws IOException {
            return new GraphFileWatcher(this).started();
        }
    }
}
