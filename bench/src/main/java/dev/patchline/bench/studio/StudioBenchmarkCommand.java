package dev.patchline.bench.studio;

import dev.patchline.bench.BenchmarkCommand;
import dev.patchline.bench.ingest.GraphSubscriber;
import dev.patchline.bench.ingest.IngestRun;
import dev.patchline.bench.ingest.Measurement;
import dev.patchline.bench.support.Mosquitto;
import dev.patchline.nodes.core.chop.LfoChop;
import dev.patchline.nodes.core.chop.MathChop;
import dev.patchline.nodes.core.dat.NullDat;
import dev.patchline.nodes.core.dat.TableDat;
import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.MqttVersion;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.studio.StudioOptions;
import dev.patchline.studio.StudioServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run studio}: the studio's four performance goals in one run.
 * <ol>
 *   <li>Ingest: the {@code ingest} bench's graph path through mosquitto (QoS 1), without the studio, with the
 *       studio serving the patch to one real Chromium page (playwright-core, {@code web/e2e/bench-watch.mjs}) that
 *       shows the DAT's tile, and with the studio serving one protocol client that watches the DAT and reads every
 *       frame (the server's cost without the browser's CPU); the three alternate in each round, the ratios are of the
 *       medians.</li>
 *   <li>Latency: 5,000 messages a second, each carrying its send time; the page records when each one's row first
 *       shows in the tile (the animation frame after the DOM change). Rows the tile never shows (it keeps the last few
 *       and repaints at most ~30 times a second) give no sample.</li>
 *   <li>Pan: {@code web/e2e/pan.mjs} drags the editor of a 200-node graph (live LFO, Math, Table and Null nodes) and
 *       counts frames with the Performance API.</li>
 *   <li>Stalled browsers: 10 sockets that upgrade, say hello, watch the DAT and never read, while 5,000 messages a
 *       second arrive; the server's queued bytes per connection and the heap after GC are sampled each second.</li>
 * </ol>
 * Chromium, the patch and the broker share the machine; the load average is printed with the figures.
 */
public final class StudioBenchmarkCommand implements BenchmarkCommand {

    private static final String SENSORS = "sensors";
    private static final int RATE = 5_000;

    @Override
    public String name() {
        return "studio";
    }

    @Override
    public String summary() {
        return "the studio with a Chromium page: ingest ratio, message-to-tile latency at 5,000 msg/s, 200-node pan"
                + " frames/s, memory with 10 stalled browsers";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        long messages = quick ? 100_000 : 300_000;
        int rounds = quick ? 1 : 5;
        int seconds = quick ? 5 : 15;
        out.printf("studio: load average %s at the start (%d cores)%n", loadAverage(), cores());
        List<Measurement> without = new ArrayList<>();
        List<Measurement> withSocket = new ArrayList<>();
        List<Measurement> with = new ArrayList<>();
        double[] latency;
        double frames;
        String panLine;
        long[] stalled;
        try (Mosquitto broker = new Mosquitto()) {
            IngestRun.viaBroker(GraphSubscriber::new, broker, messages / 5, 1); // warm-up, not counted
            IngestRun.viaBroker(
                    () -> new GraphSubscriber(StudioBenchmarkCommand::studioWithPage), broker, messages / 5, 1);
            for (int round = 0; round < rounds; round++) {
                without.add(IngestRun.viaBroker(GraphSubscriber::new, broker, messages, 1));
                with.add(IngestRun.viaBroker(
                        () -> new GraphSubscriber(StudioBenchmarkCommand::studioWithPage), broker, messages, 1));
                withSocket.add(IngestRun.viaBroker(
                        () -> new GraphSubscriber(StudioBenchmarkCommand::studioWithSocket), broker, messages, 1));
                out.printf(
                        "  ingest round %d: without %,.0f msg/s, studio + page %,.0f msg/s, studio + socket client"
                                + " %,.0f msg/s%n",
                        round + 1,
                        without.get(round).rate(),
                        with.get(round).rate(),
                        withSocket.get(round).rate());
            }
            latency = latency(broker, seconds, out);
            stalled = stalled(broker, seconds, out);
        }
        panLine = pan(quick ? 3 : 5);
        Matcher m = Pattern.compile("([0-9.]+) frames/s").matcher(panLine);
        frames = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;

        double a = Measurement.median(without).rate();
        double b = Measurement.median(with).rate();
        double c = Measurement.median(withSocket).rate();
        out.println();
        out.printf("%-44s %-40s %s%n", "measure", "value", "goal");
        out.printf(
                "%-44s %-40s %s%n",
                "ingest, studio + page / without (QoS 1)",
                String.format("%.2f (%,.0f / %,.0f msg/s)", b / a, b, a),
                "≥ 0.95");
        out.printf(
                "%-44s %-40s %s%n",
                "ingest, studio + socket client / without",
                String.format("%.2f (%,.0f / %,.0f msg/s)", c / a, c, a),
                "(server cost alone)");
        out.printf("%-44s %-40s %s%n", "message → visible in tile, p50", fmt(latency[1]) + " ms", "≤ 50 ms");
        out.printf("%-44s %-40s %s%n", "message → visible in tile, p99", fmt(latency[2]) + " ms", "≤ 200 ms");
        out.printf(
                "%-44s %-40s %s%n",
                "  samples, max; delivered msg/s",
                String.format("%.0f, %s ms; %,.0f", latency[0], fmt(latency[3]), latency[4]),
                "");
        out.printf("%-44s %-40s %s%n", "pan, 200-node graph", String.format("%.1f frames/s", frames), "≥ 30");
        out.printf(
                "%-44s %-40s %s%n",
                "10 stalled sockets: max queued bytes/conn",
                String.format("%,d B (Netty) + %,d B (kernel)", stalled[0], stalled[6]),
                "bounded");
        out.printf(
                "%-44s %-40s %s%n",
                "  heap after GC, first / largest / last",
                String.format("%.1f / %.1f / %.1f MB", stalled[1] / 1e6, stalled[2] / 1e6, stalled[3] / 1e6),
                "bounded");
        out.printf(
                "%-44s %-40s %s%n",
                "  messages sent / received by the DAT", String.format("%,d / %,d", stalled[4], stalled[5]), "");
        out.printf("studio: load average %s at the end; %s%n", loadAverage(), panLine);
        out.printf(
                "RESULT studio ingest_ratio=%.2f p50_ms=%s p99_ms=%s pan_fps=%.1f stalled_max_queued_bytes=%d"
                        + " stalled_heap_mb=%.1f%n",
                b / a, fmt(latency[1]), fmt(latency[2]), frames, stalled[0], stalled[2] / 1e6);
        return 0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.0f", v);
    }

    /** The studio on {@code patch} and one protocol client watching the DAT; closed together, the client first. */
    private static AutoCloseable studioWithSocket(Patch patch) {
        StudioServer studio = StudioServer.start(patch, StudioOptions.of(options(), null));
        try {
            SocketWatcher watcher = new SocketWatcher(studio.port(), token(studio), SENSORS);
            return () -> {
                try {
                    watcher.close();
                } finally {
                    studio.close();
                }
            };
        } catch (Exception e) {
            studio.close();
            throw new IllegalStateException("the socket client did not connect: " + e.getMessage(), e);
        }
    }

    private static String token(StudioServer studio) {
        return studio.url().substring(studio.url().indexOf("token=") + "token=".length());
    }

    /** The studio on {@code patch} and one Chromium page showing it; closed together, the page first. */
    private static AutoCloseable studioWithPage(Patch patch) {
        StudioServer studio = StudioServer.start(patch, StudioOptions.of(options(), null));
        try {
            BrowserPage page = new BrowserPage("bench-watch.mjs", studio.url(), SENSORS, "900");
            page.await("ready", 90);
            return () -> {
                try {
                    page.send("stop");
                    String tile = page.await("tile:", 30);
                    if (!tile.endsWith(" rows") || tile.equals("tile: 0 rows")) {
                        throw new IllegalStateException("the page did not show the DAT's rows: " + tile);
                    }
                    page.close();
                } finally {
                    studio.close();
                }
            };
        } catch (Exception e) {
            studio.close();
            throw new IllegalStateException("the browser did not open the studio: " + e.getMessage(), e);
        }
    }

    private static PatchOptions options() {
        return PatchOptions.builder().event().registry(OperatorRegistry.load()).build();
    }

    /** The demo-like graph: one MQTT Client DAT on the broker, JSON columns, the last 100 rows. */
    private static Patch sensorPatch(int brokerPort) {
        Graph graph = Graph.builder()
                .node(
                        SENSORS,
                        MqttClientDat.TYPE,
                        p -> p.set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:" + brokerPort)
                                .set(MqttClientDat.MQTTVERSION, MqttVersion.V3_1_1)
                                .set(MqttClientDat.MAXLINES, 100)
                                .set(
                                        MqttClientDat.COLUMNS,
                                        MqttClientDat.columns("room", "/room", "value", "/value", "t", "/t"))
                                .set(
                                        MqttClientDat.SUBSCRIPTIONS,
                                        List.of(SubscriptionSpec.of(PacedPublisher.TOPIC, 0))))
                .build();
        return Patch.start(graph, options());
    }

    /** {@return samples, p50, p99, max (ms) and the rate the DAT received} */
    private static double[] latency(Mosquitto broker, int seconds, PrintStream out) throws Exception {
        try (Patch patch = sensorPatch(broker.port());
                StudioServer studio = StudioServer.start(patch, StudioOptions.of(options(), null));
                BrowserPage page = new BrowserPage("bench-watch.mjs", studio.url(), SENSORS, "900", "latency")) {
            page.await("ready", 90);
            awaitConnected(patch);
            long before;
            long start;
            try (PacedPublisher publisher = new PacedPublisher(broker.port(), RATE)) {
                Thread.sleep(2_000); // warm-up: the page's first renders and the JIT
                page.send("reset");
                before = received(patch);
                start = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            }
            double rate = (received(patch) - before) / ((System.nanoTime() - start) / 1e9);
            page.send("stop");
            String line = page.await("latency:", 60);
            out.println("  " + line);
            Matcher m = Pattern.compile("latency: (\\d+) samples, p50 (\\S+) ms, p99 (\\S+) ms, max (\\S+) ms")
                    .matcher(line);
            if (!m.find()) throw new IllegalStateException("unexpected latency line: " + line);
            return new double[] {Double.parseDouble(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), rate
            };
        }
    }

    private static double num(String s) {
        return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
    }

    /** {@return max queued bytes, heap after GC first / max / last, messages sent, received} */
    private static long[] stalled(Mosquitto broker, int seconds, PrintStream out) throws Exception {
        try (Patch patch = sensorPatch(broker.port());
                StudioServer studio = StudioServer.start(patch, StudioOptions.of(options(), null))) {
            awaitConnected(patch);
            String token = token(studio);
            long maxQueued = 0;
            long maxKernel = 0;
            long firstHeap = -1;
            long maxHeap = 0;
            long lastHeap = 0;
            long sent;
            long before = received(patch);
            try (StalledBrowsers stalled = new StalledBrowsers(10, studio.port(), token, SENSORS);
                    PacedPublisher publisher = new PacedPublisher(broker.port(), RATE)) {
                for (int s = 0; s < seconds; s++) {
                    Thread.sleep(1_000);
                    maxQueued = Math.max(maxQueued, studio.maxQueuedBytes());
                    maxKernel = Math.max(maxKernel, kernelSendQueue(studio.port()));
                    System.gc();
                    long heap = ManagementFactory.getMemoryMXBean()
                            .getHeapMemoryUsage()
                            .getUsed();
                    if (firstHeap < 0) firstHeap = heap;
                    maxHeap = Math.max(maxHeap, heap);
                    lastHeap = heap;
                }
                out.printf(
                        "  stalled: %d authenticated connections at the end, max queued in Netty %,d B, in the"
                                + " kernel's send queue %,d B (largest of one connection)%n",
                        studio.connections(), maxQueued, maxKernel);
                sent = publisher.sent();
            }
            return new long[] {maxQueued, firstHeap, maxHeap, lastHeap, sent, received(patch) - before, maxKernel};
        }
    }

    /** {@return the largest Send-Q of the studio's established connections, from {@code ss}; -1 if ss fails} */
    private static long kernelSendQueue(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )")
                    .redirectErrorStream(true)
                    .start();
            long max = 0;
            for (String line : new String(ss.getInputStream().readAllBytes()).split("\\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[1].matches("\\d+")) max = Math.max(max, Long.parseLong(f[1]));
            }
            return ss.waitFor(10, TimeUnit.SECONDS) ? max : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String pan(int seconds) throws Exception {
        try (Patch patch = Patch.start(twoHundredNodes(), options());
                StudioServer studio = StudioServer.start(patch, StudioOptions.of(options(), null));
                BrowserPage page = new BrowserPage("pan.mjs", studio.url(), String.valueOf(seconds))) {
            return page.await("pan:", 180);
        }
    }

    /** 50 LFO → Math and 50 Table → Null pairs on a grid of 20 columns. */
    static Graph twoHundredNodes() {
        Graph.Builder g = Graph.builder();
        for (int i = 0; i < 50; i++) {
            int col = (i % 5) * 4;
            int row = i / 5;
            g.node("lfo" + i, LfoChop.TYPE, p -> p.position(col * 240, row * 180));
            g.node("math" + i, MathChop.TYPE, p -> p.position((col + 1) * 240, row * 180));
            g.wire("lfo" + i, "math" + i);
            g.node("table" + i, TableDat.TYPE, p -> p.position((col + 2) * 240, row * 180));
            g.node("null" + i, NullDat.TYPE, p -> p.position((col + 3) * 240, row * 180));
            g.wire("table" + i, "null" + i);
        }
        return g.build();
    }

    private static void awaitConnected(Patch patch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"connected".equals(state(patch))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the MQTT Client DAT did not connect within 30 s: " + state(patch));
            }
            Thread.sleep(20);
        }
        Thread.sleep(300); // the SUBACK follows the CONNACK
    }

    private static String state(Patch patch) throws Exception {
        return patch.query(v -> {
                    Double c = v.node(SENSORS).getInfo().get("connected");
                    return c != null && c > 0
                            ? "connected"
                            : v.node(SENSORS).getState() + " " + v.node(SENSORS).getMessage();
                })
                .get(10, TimeUnit.SECONDS);
    }

    private static long received(Patch patch) throws Exception {
        Double v = patch.query(p -> p.node(SENSORS).getInfo().get("received")).get(10, TimeUnit.SECONDS);
        return v == null ? 0 : v.longValue();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
