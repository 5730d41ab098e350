package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphDiff;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.GraphValidator;
import dev.patchline.runtime.op.NodeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running graph. {@link #start(Graph, PatchOptions)} validates the graph (nothing starts when it is
 * invalid), creates one operator per node, starts them on the patch's cook thread and cooks frames on
 * the chosen clock until {@link #close()}.
 *
 * {@snippet :
 * try (Patch patch = Patch.start(graph)) {
 *     patch.awaitStop();          // until another thread calls close()
 * }
 * }
 *
 * <p>Threading: one cook thread per patch owns all graph state. {@link #edit} and {@link #query} hand
 * work to that thread and return futures; {@link #stats()} waits for such a query. With the
 * {@linkplain ClockMode#MANUAL manual clock} there is no thread: the caller's thread is the cook
 * thread, frames run inside {@link #step()}, and edits and queries run immediately. The cook thread is
 * a daemon: a patch does not keep the JVM alive by itself.
 *
 * <p>Why this class is about 500 lines: it is the whole public face of a running graph, and its parts
 * (start with its limit, the three clocks, hand-over of edits and queries, stop and close with their
 * limits, the watchdog's reports) share one cook thread, its latches and its failure record. The
 * cooking itself lives in {@link FrameScheduler} and the classes next to it.
 */
public final class Patch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Patch.class);
    private final Engine engine;
    private final PatchOptions options;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean finished;
    private volatile RuntimeException startFailure;
    private final AtomicReference<PatchFailure> failure = new AtomicReference<>();
    private final Watchdog watchdog;
    private final Object closeLock = new Object();
    private final GraphChangeFeed changes = new GraphChangeFeed();

    private Patch(Graph graph, PatchOptions options) {
        this.options = options;
        this.engine = new Engine(graph, options);
        if (options.clock() == ClockMode.MANUAL) {
            this.thread = null;
            this.watchdog = null;
            engine.startAll();
            started.countDown();
        } else {
            this.thread = new Thread(this::run, "patchline-cook-" + options.name());
            thread.setDaemon(true);
            engine.scheduler.signal = options.clock() == ClockMode.EVENT ? () -> LockSupport.unpark(thread) : () -> {};
            this.watchdog = options.watchdog().isZero()
                    ? null
                    : new Watchdog(options.name(), engine.activity, thread, options.watchdog(), this::stallEnded);
        }
    }

    /** Validates and starts {@code graph} with default options (fixed rate, 60 fps, ServiceLoader registry). */
    public static Patch start(Graph graph) {
        return start(graph, PatchOptions.defaults());
    }

    /**
     * Validates and starts {@code graph}.
     *
     * @throws GraphException listing every problem when the graph is invalid; nothing was started
     */
    public static Patch start(Graph graph, PatchOptions options) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(options, "options");
        List<GraphProblem> problems = validate(graph, options);
        if (!problems.isEmpty()) throw new GraphException(null, problems);
        Patch p = new Patch(graph, options);
        if (p.thread != null) {
            if (p.watchdog != null) p.watchdog.start();
            p.thread.start();
            try {
                p.awaitStarted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.close();
                throw new IllegalStateException("interrupted while starting", e);
            }
            if (p.startFailure != null) throw p.startFailure;
        }
        return p;
    }

    /**
     * Waits for the nodes' {@code onStart}, at most {@link PatchOptions#startLimit()}; a callback or expression that the
     * watchdog reports stuck gets {@link PatchOptions#waitLimit()} more. Past either limit the cook thread is
     * interrupted, given the same grace as in {@link #close()}, and the start fails naming the node that did not
     * return, so that a graph with an endless {@code onStart} never hangs the process that starts it.
     */
    private void awaitStarted() throws InterruptedException {
        long now = System.nanoTime();
        long deadline = now + options.startLimit().toNanos();
        long poll = TimeUnit.MILLISECONDS.toNanos(100);
        while (!started.await(poll, TimeUnit.NANOSECONDS)) {
            now = System.nanoTime();
            Stall stall = watchdog == null ? null : watchdog.stall();
            if (stall != null && stall.node() != null && !stall.activity().equals("onStart")) {
                // Script code (a callback or an expression) the watchdog already saw stuck: its own budget, not the
                // operator start's (an embedded broker may take long to start; a while (true) {} never ends).
                deadline = Math.min(deadline, now + options.waitLimit().toNanos());
            }
            if (now - deadline >= 0) {
                abandonStart();
                return;
            }
        }
    }

    private void abandonStart() {
        CookActivity.Doing stuck = engine.activity.current();
        stop();
        String message =
                interruptStuck(stuck, " did not return while patch " + options.name() + " was starting", started, "")
                        + ". Look for an endless loop in its onStart code, or raise the start limit if it is only slow.";
        startFailure = new IllegalStateException(message, startFailure);
        LOG.error("{}", message);
    }

    private void run() {
        try {
            try {
                engine.startAll();
            } catch (RuntimeException e) {
                startFailure = e;
                return;
            } catch (Throwable t) {
                startFailure = new IllegalStateException(cookThreadDied(t).message(), t);
                return;
            } finally {
                started.countDown();
            }
            if (options.clock() == ClockMode.EVENT) runEventClock();
            else runFixedRate();
        } catch (Throwable t) {
            // An Error (OutOfMemoryError, say) or an exception no operator caught: the cook loop is over, and whoever
            // ran the patch must learn it from failure() instead of seeing a normal stop.
            cookThreadDied(t);
        } finally {
            // An interrupt from close() was meant for the callback that did not return; onStop must still run.
            Thread.interrupted();
            try {
                engine.stopAll();
            } catch (Throwable t) {
                cookThreadDied(t);
            } finally {
                if (watchdog != null) watchdog.cancel();
                finished = true;
                stopped.countDown();
                // Queries and edits that arrived too late for a frame run now, so that nobody waits for them.
                Runnable late;
                while ((late = engine.edits.poll()) != null) late.run();
            }
        }
    }

    private PatchFailure cookThreadDied(Throwable t) {
        CookActivity.Doing where = engine.activity.current();
        String cause = t.getMessage() == null || t.getMessage().isBlank()
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        PatchFailure f = new PatchFailure(
                PatchFailure.Kind.COOK_THREAD_DIED,
                where == null ? null : where.node(),
                where == null ? null : where.what(),
                "the cook thread of patch " + options.name() + " died in "
                        + (where == null ? "its loop" : where.describe()) + ": " + cause,
                t);
        LOG.error("{}", f.message(), t);
        failure.compareAndSet(null, f);
        return f;
    }

    private void stallEnded(Stall stall, Duration ran) {
        engine.edits.add(() -> engine.reportSlow(stall, ran, options.watchdog()));
        engine.scheduler.signal.run();
        LockSupport.unpark(thread);
    }

    private void runFixedRate() {
        long period = (long) (1e9 / options.fps());
        long next = System.nanoTime();
        while (!stopRequested) {
            engine.scheduler.runFrame(true);
            next += period;
            long now = System.nanoTime();
            if (next < now - period) next = now; // late by more than a frame: skip, do not burst to catch up
            long wait;
            while (!stopRequested && (wait = next - System.nanoTime()) > 0) LockSupport.parkNanos(this, wait);
        }
    }

    private void runEventClock() {
        long period = (long) (1e9 / options.fps());
        // Infinite rate: gap 0. Work arriving within the gap after a frame waits for the rest of it, so that a stream
        // of single messages cooks in batches instead of costing a frame and a wake-up each.
        long minGap = (long) (1e9 / options.maxEventRate());
        long nextTick = System.nanoTime();
        long lastFrame = nextTick - minGap;
        while (!stopRequested) {
            long now = System.nanoTime();
            boolean tick = engine.scheduler.hasTimeNodes() && now - nextTick >= 0;
            if (tick || engine.scheduler.hasWork()) {
                long early = lastFrame + minGap - now;
                if (!tick && early > 0) {
                    // Wake-ups meanwhile only return from the park early; the loop parks for what is left.
                    LockSupport.parkNanos(this, early);
                    continue;
                }
                if (tick) nextTick = Math.max(nextTick + period, now - period);
                lastFrame = now;
                engine.scheduler.runFrame(tick);
                continue;
            }
            if (engine.scheduler.hasTimeNodes()) LockSupport.parkNanos(this, nextTick - now);
            else LockSupport.park(this);
        }
    }

    // ------------------------------------------------------------------ manual clock

    /** Runs one frame now. Manual clock only. */
    public void step() {
        requireManual();
        if (finished) throw new IllegalStateException("patch is stopped");
        engine.scheduler.runFrame(true);
    }

    /** Runs {@code frames} frames now. Manual clock only. */
    public void step(int frames) {
        for (int i = 0; i < frames; i++) step();
    }

    private void requireManual() {
        if (thread != null)
            throw new IllegalStateException("step() needs the manual clock (PatchOptions.builder().manual())");
    }

    /** {@return the number of the last frame run} */
    public long frame() {
        return engine.scheduler.frame;
    }

    // ------------------------------------------------------------------ edits and queries

    /**
     * Applies live edits on the cook thread between frames. The future completes when they are
     * applied, or exceptionally with the first failing edit's exception. Called from the cook thread
     * itself (a callback), the edits wait for the end of the frame: do not wait for the future there.
     * When the edits change the graph, its {@linkplain #revision() revision} goes up and the
     * {@linkplain #onGraphChange listeners} hear of it with source {@link EditSource#API} (also when a later
     * edit failed: the edits before it stay applied).
     */
    public CompletableFuture<Void> edit(Consumer<PatchEditor> edits) {
        return edit(EditSource.API, edits);
    }

    /** Like {@link #edit(Consumer)}, reporting the change to the listeners as coming from {@code source}. */
    public CompletableFuture<Void> edit(EditSource source, Consumer<PatchEditor> edits) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(edits, "edits");
        return submit(() -> {
            Graph before = changes.hasListeners() ? engine.editor.currentGraph() : null;
            long modelChanges = engine.editor.modelChanges();
            try {
                edits.accept(new ValidatingEditor(engine, options));
            } finally {
                if (engine.editor.modelChanges() != modelChanges) {
                    if (before == null) {
                        changes.bumpUnheard();
                    } else {
                        Graph after = engine.editor.currentGraph();
                        changes.publish(after, source, GraphDiff.between(before, after));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Makes the running patch run {@code target}: validates it like a graph file (nothing changes when it is
     * invalid), compares it with the running graph and applies the difference on the cook thread between frames.
     *
     * <ul>
     *   <li>Nodes whose type, parameters, wires and callbacks are unchanged keep running untouched: their state,
     *       tables and network connections survive.
     *   <li>A changed parameter is set in place, as {@link PatchEditor#setParam} does; the operator decides whether
     *       that needs a reconnect. Changed callbacks are replaced ({@link PatchEditor#setCallbacks}); changed
     *       wires are rewired ({@link PatchEditor#setInputs}).
     *   <li>A node whose type changed is stopped and started again as the new type. A renamed node is a removed
     *       node plus an added one; the nodes wired to it follow the target's wires.
     *   <li>Position, comments (the nodes' and the graph's) and node order change only the model.
     * </ul>
     *
     * The steps are ordered so that the graph is valid after each (see the class comment of the diff's applier).
     *
     * @return completes with the change (its revision, the graph now, the diff; an empty diff and the unchanged
     *     revision when {@code target} equals the running graph), or exceptionally with a {@link GraphException}
     *     listing every problem of an invalid target (each problem's text is what {@code patchline validate}
     *     prints), or with the exception of a step that failed; the steps before it stay applied and are published
     */
    public CompletableFuture<GraphChange> apply(Graph target, EditSource source) {
        return apply(target, source, -1);
    }

    /**
     * Like {@link #apply(Graph, EditSource)}, for a {@code target} derived from the graph at {@code baseRevision}
     * (see {@link #revisionedGraph()}): when the graph changed meanwhile, the future fails with a
     * {@link StaleRevisionException} and nothing changes, so that an edit never undoes another one unseen.
     */
    public CompletableFuture<GraphChange> apply(Graph target, EditSource source, long baseRevision) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        List<GraphProblem> problems = validate(target, options);
        if (!problems.isEmpty()) return CompletableFuture.failedFuture(new GraphException(null, problems));
        return submit(() -> {
            if (finished) throw new IllegalStateException("patch " + options.name() + " has stopped; nothing applied");
            long rev = changes.revision();
            if (baseRevision >= 0 && baseRevision != rev) throw new StaleRevisionException(baseRevision, rev);
            Graph before = engine.editor.currentGraph();
            GraphDiff diff = GraphDiff.between(before, target);
            if (diff.isEmpty()) return new GraphChange(rev, before, source, diff);
            long modelChanges = engine.editor.modelChanges();
            GraphChange change = null;
            try {
                new DiffApplier(engine).apply(diff);
            } finally {
                if (engine.editor.modelChanges() != modelChanges) {
                    Graph after = engine.editor.currentGraph();
                    change = changes.publish(after, source, GraphDiff.between(before, after));
                }
            }
            // Unchanged model: the diff was only an order of parameters, which equal specs do not see.
            return change != null ? change : new GraphChange(rev, engine.editor.currentGraph(), source, diff);
        });
    }

    /** {@return the clock this patch runs on} */
    public ClockMode clock() {
        return options.clock();
    }

    private static List<GraphProblem> validate(Graph graph, PatchOptions options) {
        return GraphValidator.validate(
                graph,
                options.registry(),
                GraphValidator.Context.of(options.environment(), options.baseDir(), options.scripts())
                        .allowing(options.allowedPaths()));
    }

    /**
     * {@return the graph's revision} It starts at 0 and goes up by one with every change of the graph that
     * {@link #edit} or {@link #apply} makes, whatever its source. Any thread; does not wait.
     */
    public long revision() {
        return changes.revision();
    }

    /**
     * Calls {@code listener} after every change of the graph (from {@link #edit} or {@link #apply}), with the
     * revision, the whole graph after the change and the source. It runs on the cook thread, right after the change
     * and before the next frame: it must return quickly and never block (hand the change to another thread); an
     * exception it throws is logged and ignored. A listener added while a change is applied may or may not hear of
     * that change. {@return a handle whose {@code close()} removes the listener}
     */
    public AutoCloseable onGraphChange(Consumer<GraphChange> listener) {
        return changes.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Runs {@code query} on the cook thread between frames and completes with its result. */
    public <R> CompletableFuture<R> query(Function<PatchView, R> query) {
        return submit(() -> query.apply(view));
    }

    private <R> CompletableFuture<R> submit(java.util.concurrent.Callable<R> task) {
        CompletableFuture<R> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        if (finished
                || (thread == null && !engine.scheduler.inFrame)
                || (Thread.currentThread() == thread && !engine.scheduler.inFrame)) {
            r.run();
        } else {
            engine.edits.add(r);
            engine.scheduler.signal.run();
            if (thread != null) LockSupport.unpark(thread);
        }
        return f;
    }

    /**
     * {@return per-node statistics, in graph order} Waits for the cook thread (normally at most one frame), at most
     * {@link PatchOptions#waitLimit()}. Called from the cook thread itself (a callback), it reads them at once.
     *
     * @throws IllegalStateException when the cook thread does not answer in time (a callback that does not return),
     *                               naming where it is busy
     */
    public List<NodeStats> stats() {
        return stats(options.waitLimit());
    }

    /** {@return per-node statistics} Like {@link #stats()}, waiting at most {@code limit}. */
    public List<NodeStats> stats(Duration limit) {
        return answer(engine::stats, "the statistics", limit);
    }

    /**
     * {@return the graph as it is now, after live edits (secrets given in code are left out)} Waits like
     * {@link #stats()}.
     */
    public Graph graph() {
        return answer(engine.editor::currentGraph, "the graph", options.waitLimit());
    }

    /** {@return the graph and its revision, read together} Waits like {@link #stats()}. */
    public RevisionedGraph revisionedGraph() {
        return answer(
                () -> new RevisionedGraph(changes.revision(), engine.editor.currentGraph()),
                "the graph",
                options.waitLimit());
    }

    private <R> R answer(Supplier<R> read, String what, Duration limit) {
        // On the cook thread (a callback, or the manual clock's caller) waiting would wait for ourselves.
        if (thread == null || Thread.currentThread() == thread || finished) return read.get();
        Stall stall = stall().orElse(null);
        if (stall != null) throw new IllegalStateException("cannot read " + what + ": " + stall.describe());
        CompletableFuture<R> f = query(v -> read.get());
        try {
            return f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            CookActivity.Doing where = engine.activity.current();
            throw new IllegalStateException(
                    "the cook thread did not answer within " + limit.toMillis() + " ms"
                            + (where == null ? "" : "; it is busy in " + where.describe()),
                    e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * {@return what keeps the cook thread busy longer than the {@linkplain PatchOptions#watchdog() watchdog} allows,
     * if anything} Any thread; does not wait for the cook thread.
     */
    public Optional<Stall> stall() {
        return watchdog == null ? Optional.empty() : Optional.ofNullable(watchdog.stall());
    }

    /**
     * {@return why the patch ended badly, if it did} Set when the cook thread died (an {@link Error}, or an exception
     * no operator caught) or when {@link #close()} had to interrupt or abandon it. Any thread.
     */
    public Optional<PatchFailure> failure() {
        return Optional.ofNullable(failure.get());
    }

    // ------------------------------------------------------------------ stopping

    /** Asks the cook thread to stop after the current frame; returns at once. */
    public void stop() {
        stopRequested = true;
        if (thread != null) LockSupport.unpark(thread);
    }

    /** {@return whether the patch still runs} */
    public boolean isRunning() {
        return !finished && !stopRequested;
    }

    /** Waits until the patch has stopped (every {@code onStop} has returned). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits at most {@code timeout}; {@return whether the patch has stopped} */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the patch: the cook thread finishes its frame, every node's {@code onStop(false)} runs,
     * and this method returns when that is done. Idempotent.
     *
     * <p>Every wait has a limit. When the cook thread has not stopped within {@link PatchOptions#waitLimit()} (a
     * callback that loops forever), it is interrupted (Groovy callbacks and expressions check for interrupts in every
     * loop and call) and given one more second; if it still runs it is abandoned: it is a daemon thread, so it does
     * not keep the JVM alive, but the {@code onStop} of nodes not yet stopped does not run. Either way
     * {@link #failure()} names the node and callback. Called from the cook thread, it only asks for the stop.
     */
    @Override
    public void close() {
        stop();
        if (thread == null) {
            if (!finished) {
                try {
                    engine.stopAll();
                } finally {
                    finished = true;
                    stopped.countDown();
                }
            }
            return;
        }
        if (Thread.currentThread() == thread) return; // called from a callback: the loop ends after this frame
        synchronized (closeLock) {
            Duration limit = options.waitLimit();
            if (await(stopped, limit)) return;
            CookActivity.Doing stuck = engine.activity.current();
            LOG.warn(
                    "patch {}: {} did not return within {} ms of the stop; interrupting the cook thread",
                    options.name(),
                    stuck == null ? "the cook thread" : stuck.describe(),
                    limit.toMillis());
            interruptStuck(
                    stuck,
                    " did not return within " + limit.toMillis() + " ms of the stop of patch " + options.name(),
                    stopped,
                    " and the onStop of the nodes not yet stopped did not run");
        }
    }

    /**
     * Interrupts the cook thread, stuck in {@code stuck}, waits for {@code done} at most one second (or the wait limit,
     * if shorter), logs the cook thread's stack when it still runs (it is then abandoned: a daemon thread), and records
     * the failure. {@return the failure's message: where it was stuck, {@code didNotReturn}, and what became of the
     * thread, with {@code whenAbandoned} added when abandoned}
     */
    private String interruptStuck(
            CookActivity.Doing stuck, String didNotReturn, CountDownLatch done, String whenAbandoned) {
        thread.interrupt();
        Duration limit = options.waitLimit();
        boolean returned = await(done, limit.compareTo(Duration.ofSeconds(1)) < 0 ? limit : Duration.ofSeconds(1));
        String message = (stuck == null ? "the cook thread" : stuck.describe())
                + didNotReturn
                + (returned
                        ? "; the cook thread was interrupted"
                        : " nor when interrupted; the cook thread was abandoned" + whenAbandoned);
        if (!returned) {
            StringBuilder trace = new StringBuilder();
            for (StackTraceElement e : thread.getStackTrace())
                trace.append("\n\tat ").append(e);
            LOG.error("{}. Cook thread stack:{}", message, trace);
        }
        failure.compareAndSet(
                null,
                new PatchFailure(
                        returned ? PatchFailure.Kind.STOP_INTERRUPTED : PatchFailure.Kind.STOP_ABANDONED,
                        stuck == null ? null : stuck.node(),
                        stuck == null ? null : stuck.what(),
                        message,
                        null));
        return message;
    }

    /** Waits for {@code latch} at most {@code limit}, keeping (not acting on) an interrupt of the caller. */
    private static boolean await(CountDownLatch latch, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private final PatchView view = new PatchView() {
        @Override
        public NodeView node(String id) {
            NodeRuntime n = engine.node(id);
            return n == null ? null : n.handle;
        }

        @Override
        public List<String> nodeIds() {
            List<String> ids = new ArrayList<>();
            for (NodeRuntime n : engine.nodes()) ids.add(n.id());
            return ids;
        }

        @Override
        public long frame() {
            return engine.scheduler.frame;
        }
    };
}
