package dev.patchline.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.runtime.cook.GraphChange;
import dev.patchline.runtime.cook.NodeStats;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.reload.ReloadEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's centre: it owns the worker thread that ticks at most 30 times a second, sends the cook thread ONE query
 * per tick for everything every connection watches or taps, reads node statistics 4 times a second, and hands the
 * results to the connections (each on its own event loop). Edits and saves run on the same worker, one at a time, and
 * their new graph goes to every connection. The patch never waits for the studio: a tick whose query is still
 * unanswered skips the next ones.
 */
final class StudioHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StudioHub.class);
    static final long TICK_MILLIS = 33;
    private static final int STATE_EVERY_TICKS = 8;
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final Patch patch;
    private final LiveGraph live;
    private final OperatorRegistry registry;
    private final boolean readonly;
    private final ArrayNode types;
    private final Set<StudioSocket> sockets = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker;
    private final AutoCloseable graphListener;

    // worker thread only
    private final Map<String, Long> knownVersions = new HashMap<>();
    private CompletableFuture<Map<String, NodeData>> pending;
    private CompletableFuture<?> statsPending;
    private CompletableFuture<?> loading;
    private long ticks;
    private long lastHeartbeat = System.nanoTime();
    private Map<String, NodeStats> lastStats = Map.of();
    private final Map<String, String> lastProblem = new HashMap<>();

    /** Retained node state for snapshots: the latest {@code state} entry of every node. */
    private volatile Map<String, ObjectNode> retained = Map.of();
    /** The current graph in the file format, for snapshots and {@code graph} messages; null until loaded. */
    private volatile JsonNode graphJson;
    /** Connections that said hello before the graph was loaded; they get their snapshot then. Worker thread only. */
    private final List<StudioSocket> waiting = new java.util.ArrayList<>();

    StudioHub(Patch patch, LiveGraph live, OperatorRegistry registry, boolean readonly) {
        this.patch = patch;
        this.live = live;
        this.registry = registry;
        this.readonly = readonly;
        this.types = TypeCatalog.of(registry);
        this.graphListener = patch.onGraphChange(this::onGraphChange);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patchline-studio");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleAtFixedRate(this::tickSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean readonly() {
        return readonly;
    }

    LiveGraph live() {
        return live;
    }

    Patch patch() {
        return patch;
    }

    /** {@return the snapshot message, or null while the running graph has not been read yet} Any thread. */
    String snapshot() {
        LiveGraph.Revision r = live.current();
        JsonNode graphJson = this.graphJson;
        if (r == null || graphJson == null) return null;
        ObjectNode o = Frames.message("snapshot");
        o.put("rev", r.rev());
        o.set("graph", graphJson);
        o.set("types", types);
        ObjectNode nodes = o.putObject("nodes");
        Map<String, ObjectNode> state = retained;
        for (NodeSpec n : r.graph().nodes()) {
            ObjectNode s = state.get(n.id());
            nodes.set(n.id(), s != null ? s : idle());
        }
        o.set("file", fileJson());
        return Frames.text(o);
    }

    private ObjectNode fileJson() {
        ObjectNode f = Frames.JSON.objectNode();
        if (live.file() == null) f.putNull("path");
        else f.put("path", live.file().toString());
        f.put("dirty", live.dirty());
        return f;
    }

    /** A connection said hello: it gets the snapshot (now, or once the graph is read), then every update. */
    void join(StudioSocket socket) {
        worker.execute(() -> {
            if (!socket.isOpen()) return; // closed meanwhile: leave() has run already
            if (graphJson == null) {
                waiting.add(socket);
                return;
            }
            socket.reply(snapshot());
            sockets.add(socket);
        });
    }

    void leave(StudioSocket socket) {
        sockets.remove(socket);
        worker.execute(() -> waiting.remove(socket));
    }

    int connections() {
        return sockets.size();
    }

    Set<StudioSocket> sockets() {
        return sockets;
    }

    // ------------------------------------------------------------------ edits

    /** Applies an edit on the worker; the requester gets ack or nack, everyone the new graph (from the patch). */
    void edit(StudioSocket from, String reqId, long baseRev, JsonNode ops) {
        worker.execute(() -> {
            try {
                from.reply(Frames.ack(reqId, live.edit(ops, baseRev)));
            } catch (EditRejected e) {
                from.reply(Frames.nack(reqId, e.errors(), e.stale()));
            } catch (RuntimeException e) {
                LOG.warn("studio edit failed", e);
                from.reply(
                        Frames.nack(reqId, List.of(new EditError(null, null, String.valueOf(e.getMessage()))), false));
            }
        });
    }

    void save(StudioSocket from, String reqId) {
        worker.execute(() -> {
            try {
                live.save();
                LiveGraph.Revision r = live.current();
                from.reply(Frames.ack(reqId, r == null ? -1 : r.rev()));
                if (r != null) broadcastFile(r);
            } catch (EditRejected e) {
                from.reply(Frames.nack(reqId, e.errors(), false));
            }
        });
    }

    /** Cook thread (a graph change listener): hands the change to the worker and returns at once. */
    private void onGraphChange(GraphChange change) {
        worker.execute(() -> {
            LiveGraph.Revision known = live.current();
            LiveGraph.Revision r = live.changed(change);
            if (r != null) graphChanged(known.graph(), r);
        });
    }

    /** A reload from disk that did not apply, or a callbacks file reloaded: a log item for every connection. */
    void reloaded(ReloadEvent event) {
        if (event instanceof ReloadEvent.Rejected r) {
            for (GraphProblem p : r.problems().problems()) {
                String where = event.file() + (p.line() > 0 ? ":" + p.line() + ":" + p.column() : "");
                log(
                        "error",
                        null,
                        where + ": " + (p.pointer().isEmpty() ? "" : p.pointer() + ": ") + p.message()
                                + " (the patch runs on as it was)");
            }
        } else if (event instanceof ReloadEvent.Failed f) {
            log("error", null, f.file() + ": " + f.message() + " (the patch runs on as it was)");
        } else if (event instanceof ReloadEvent.CallbacksReloaded c) {
            log("info", null, c.file() + ": callbacks reloaded for " + String.join(", ", c.nodes()));
        } else if (event instanceof ReloadEvent.Applied a) {
            worker.execute(() -> {
                if (live.current() != null) broadcastFile(live.current());
            });
        }
    }

    /** A notice for every connection's log; any thread. */
    void log(String level, String node, String text) {
        ObjectNode item = Frames.logItem(System.currentTimeMillis(), level, node, text);
        for (StudioSocket s : sockets) s.post(o -> o.log(item.deepCopy()));
    }

    private void graphChanged(Graph before, LiveGraph.Revision r) {
        graphJson = toJson(r.graph());
        String frame = Frames.graph(r, graphJson);
        // Watches of removed nodes and of nodes whose type changed end; the browser watches again what it shows.
        Set<String> gone = new HashSet<>();
        for (NodeSpec n : before.nodes()) {
            NodeSpec now = r.graph().node(n.id()).orElse(null);
            if (now == null || !now.type().equals(n.type())) gone.add(n.id());
        }
        knownVersions.keySet().removeAll(gone);
        String file = fileFrame(r);
        for (StudioSocket s : sockets)
            s.post(o -> {
                if (!gone.isEmpty()) o.forget(gone);
                o.graph(frame);
                o.file(file);
            });
    }

    private void broadcastFile(LiveGraph.Revision r) {
        String file = fileFrame(r);
        for (StudioSocket s : sockets) s.post(o -> o.file(file));
    }

    private String fileFrame(LiveGraph.Revision r) {
        return Frames.file(live.file() == null ? null : live.file().toString(), live.dirty(), r.rev());
    }

    private JsonNode toJson(Graph g) {
        try {
            return Frames.MAPPER.readTree(GraphJson.write(g, registry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ ticks

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("studio tick failed; the next one tries again", e);
        }
    }

    private void tick() {
        if (!patch.isRunning()) return;
        if (graphJson == null) {
            load();
            return;
        }
        ticks++;
        if (pending == null || pending.isDone()) {
            Map<String, Long> needs = new HashMap<>();
            for (StudioSocket s : sockets)
                for (Map.Entry<String, Long> e : s.outbox().needs().entrySet())
                    needs.merge(e.getKey(), e.getValue(), Outbox::combine);
            if (!needs.isEmpty()) {
                Map<String, Long> known = Map.copyOf(knownVersions);
                CompletableFuture<Map<String, NodeData>> q = patch.query(v -> Collector.collect(v, needs, known));
                pending = q;
                q.whenCompleteAsync(
                        (data, failure) -> {
                            if (data != null) deliver(data);
                        },
                        worker);
            }
        }
        if (ticks % STATE_EVERY_TICKS == 0 && (statsPending == null || statsPending.isDone())) {
            statsPending = patch.query(v -> patch.stats())
                    .whenCompleteAsync(
                            (stats, failure) -> {
                                if (stats != null) takeStats(stats);
                            },
                            worker);
        }
        long now = System.nanoTime();
        if (now - lastHeartbeat >= HEARTBEAT_NANOS) {
            lastHeartbeat = now;
            for (StudioSocket s : sockets) s.post(Outbox::heartbeat);
        }
    }

    /**
     * Asks the cook thread for the running graph, once at a time; when it answers, the waiting connections get their
     * snapshot. Until then nothing else is asked: a busy cook thread never collects a queue of studio queries.
     */
    private void load() {
        if (loading != null) return;
        loading = patch.query(v -> patch.revisionedGraph())
                .whenCompleteAsync(
                        (now, failure) -> {
                            if (now == null) {
                                loading =
                                        null; // the patch stopped or failed: nothing to show; the next tick asks again
                                return;
                            }
                            live.loaded(now);
                            graphJson = toJson(live.current().graph());
                            String snapshot = snapshot();
                            for (StudioSocket s : waiting) {
                                if (!s.isOpen()) continue;
                                s.reply(snapshot);
                                sockets.add(s);
                            }
                            waiting.clear();
                        },
                        worker);
    }

    private void deliver(Map<String, NodeData> data) {
        if (data.isEmpty()) return;
        for (NodeData d : data.values()) knownVersions.put(d.id(), d.version());
        for (StudioSocket s : sockets) s.post(o -> o.deliver(data));
    }

    private void takeStats(List<NodeStats> stats) {
        Map<String, NodeStats> now = new LinkedHashMap<>();
        Map<String, ObjectNode> changed = new LinkedHashMap<>();
        Map<String, ObjectNode> all = new HashMap<>(retained);
        List<ObjectNode> logItems = new java.util.ArrayList<>();
        for (NodeStats s : stats) {
            now.put(s.id(), s);
            ObjectNode state = state(s, lastStats.get(s.id()), all.get(s.id()));
            if (!state.equals(all.get(s.id()))) {
                changed.put(s.id(), state);
                all.put(s.id(), state);
            }
            String problem = s.state() == NodeState.OK ? null : s.state().name() + s.message();
            if (problem != null && !problem.equals(lastProblem.get(s.id()))) {
                logItems.add(Frames.logItem(
                        System.currentTimeMillis(),
                        s.state() == NodeState.ERROR ? "error" : "warning",
                        s.id(),
                        s.message()));
            }
            if (problem == null) lastProblem.remove(s.id());
            else lastProblem.put(s.id(), problem);
        }
        all.keySet().retainAll(now.keySet());
        retained = Map.copyOf(all);
        lastStats = now;
        if (changed.isEmpty() && logItems.isEmpty()) return;
        for (StudioSocket sock : sockets)
            sock.post(o -> {
                if (!changed.isEmpty()) o.state(changed);
                for (ObjectNode item : logItems) o.log(item.deepCopy());
            });
    }

    private static ObjectNode idle() {
        ObjectNode o = Frames.JSON.objectNode();
        o.put("state", "idle");
        o.put("message", "");
        o.put("cookCount", 0);
        o.put("cookMs", 0.0);
        o.put("cooksPerSec", 0.0);
        o.put("rowsPerSec", 0.0);
        o.put("rows", 0);
        o.putObject("info");
        return o;
    }

    private static ObjectNode state(NodeStats s, NodeStats before, ObjectNode previous) {
        ObjectNode o = Frames.JSON.objectNode();
        String state = switch (s.state()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case OK -> s.cookCount() == 0 ? "idle" : "ok";
        };
        o.put("state", state);
        o.put("message", s.message());
        o.put("cookCount", s.cookCount());
        double cookMs;
        if (before != null && s.cookCount() > before.cookCount()) {
            cookMs = (s.cookNanos() - before.cookNanos()) / 1e6 / (s.cookCount() - before.cookCount());
        } else if (previous != null) {
            cookMs = previous.path("cookMs").asDouble();
        } else {
            cookMs = s.cookCount() == 0 ? 0 : s.cookNanos() / 1e6 / s.cookCount();
        }
        o.put("cookMs", Math.round(cookMs * 1000) / 1000.0);
        o.put("cooksPerSec", before == null ? 0.0 : Math.round(s.cooksPerSecond(before) * 10) / 10.0);
        o.put("rowsPerSec", before == null ? 0.0 : Math.round(s.rowsPerSecond(before) * 10) / 10.0);
        o.put("rows", s.rowsAdded());
        ObjectNode info = o.putObject("info");
        s.info().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            double v = e.getValue();
            if (Double.isFinite(v)) info.put(e.getKey(), v);
            else info.putNull(e.getKey());
        });
        return o;
    }

    @Override
    public void close() {
        try {
            graphListener.close();
        } catch (Exception e) {
            LOG.debug("removing the graph listener failed", e);
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
