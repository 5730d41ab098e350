package dev.patchline.bench.client;

import dev.patchline.bench.BenchmarkCommand;
import dev.patchline.bench.support.Mosquitto;
import dev.patchline.bench.support.Rounds;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code bench/run client}: Patchline's MQTT client next to the HiveMQ MQTT client 1.3.x and Eclipse Paho mqttv3 1.2.5
 * in one run, all speaking MQTT 3.1.1, in two settings:
 * <ol>
 *   <li><b>Capacity</b>, the client alone against the in-bench {@link FakeServers}: receive rate at QoS 0 and 1 (the
 *       server pushes pre-encoded 64-byte PUBLISH packets as fast as the socket takes them, QoS 1 within a
 *       1,000-message window) and publish rate at QoS 0 and 1 (a sink acknowledges at once).</li>
 *   <li><b>Through a real broker</b>, one mosquitto started here ({@link ThroughBroker}): receive rate from a raw-socket
 *       publisher next to a {@link RawSubscriber} (the broker's own forwarding rate, the "limit"), round-trip latency
 *       at 5,000 msg/s, and heap per idle connection over 1,000 connections.</li>
 * </ol>
 * Capacity rates are the best of a few rounds after a warm-up round, rates and latency through the broker the median
 * of five; the order of the clients flips every round so that neither JIT warm-up nor the machine's other load
 * favours one of them.
 */
public final class ClientBenchmarkCommand implements BenchmarkCommand {

    private static final int WINDOW = 1_000;
    /** Patchline with an {@link dev.patchline.protocol.mqtt.client.InlineMessageHandler} (on the event loop). */
    private static final String INLINE = "patchline-inline";
    /** HiveMQ with its callbacks on a cached thread pool, the same kind of executor as Patchline's default one. */
    private static final String HIVEMQ_EXECUTOR = "hivemq-executor";

    private static final List<String> CAPACITY_TESTS = List.of("recv_qos0", "recv_qos1", "pub_qos0", "pub_qos1");
    private static final List<Supplier<BenchClient>> CLIENTS = List.of(
            BenchClient.Patchline::new, BenchClient.Patchline::inline, BenchClient.HiveMq::new, BenchClient.Paho::new);
    private static final int LATENCY_RATE = 5_000;
    private static final int IDLE_CONNECTIONS = 1_000;
    private static final int PAHO_IDLE_CONNECTIONS = 100;
    /** How long a publisher waits while a client reports its queue full (parking takes at least ~50 µs anyway). */
    private static final long BACKOFF_NANOS = 20_000;

    @Override
    public String name() {
        return "client";
    }

    @Override
    public String summary() {
        return "MQTT client alone and through mosquitto (rates, latency, heap/connection): Patchline vs HiveMQ 1.3 and Paho 1.2.5";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        long started = System.nanoTime();
        Map<String, Double> capacity = capacity(quick, out);
        started = tookSince(started, out);
        Map<String, Double> broker = new HashMap<>();
        Map<String, ThroughBroker.Latency> latency = new LinkedHashMap<>();
        Map<String, Double> heap = new LinkedHashMap<>();
        try (Mosquitto mosquitto = new Mosquitto()) {
            broker.putAll(brokerReceive(mosquitto, quick, out));
            started = tookSince(started, out);
            latency.putAll(latency(mosquitto, quick, out));
            started = tookSince(started, out);
            heap.putAll(idleHeap(mosquitto, out));
            tookSince(started, out);
        }

        out.println();
        out.println(
                "ratios (Patchline ÷ peer for rates, peer ÷ Patchline for latency and heap: > 1 means Patchline is better)");
        StringBuilder result = new StringBuilder("RESULT client");
        for (String test : CAPACITY_TESTS) {
            result.append(
                    String.format(" %s_vs_hivemq=%.2f", test, ratio(capacity, "patchline." + test, "hivemq." + test)));
        }
        double brokerVsHivemq = ratio(broker, "patchline.qos0", "hivemq.qos0");
        double brokerVsLimit = ratio(broker, "patchline.qos0", "raw-socket.qos0");
        double p50VsHivemq = p50Ratio(latency, "hivemq", "patchline");
        double p50InlineVsHivemq = p50Ratio(latency, "hivemq", INLINE);
        double p50VsHivemqExecutor = p50Ratio(latency, HIVEMQ_EXECUTOR, "patchline");
        double p50VsPaho = p50Ratio(latency, "paho", "patchline");
        result.append(String.format(
                " broker_recv_vs_hivemq=%.2f broker_recv_vs_limit=%.2f p50_vs_hivemq=%.2f",
                brokerVsHivemq, brokerVsLimit, p50VsHivemq));
        // Beyond the goal keys: the inline handler (no hand-off to the callback executor), QoS 1 through the broker,
        // heap, and Paho.
        result.append(String.format(
                " recv_qos0_inline_vs_hivemq=%.2f recv_qos1_inline_vs_hivemq=%.2f"
                        + " broker_recv_inline_vs_hivemq=%.2f p50_inline_vs_hivemq=%.2f",
                ratio(capacity, INLINE + ".recv_qos0", "hivemq.recv_qos0"),
                ratio(capacity, INLINE + ".recv_qos1", "hivemq.recv_qos1"),
                ratio(broker, INLINE + ".qos0", "hivemq.qos0"),
                p50InlineVsHivemq));
        result.append(String.format(
                " broker_recv_qos1_vs_hivemq=%.2f broker_recv_qos1_vs_limit=%.2f heap_vs_hivemq=%.2f",
                ratio(broker, "patchline.qos1", "hivemq.qos1"),
                ratio(broker, "patchline.qos1", "raw-socket.qos1"),
                heap.get("hivemq") / heap.get("patchline")));
        for (String test : CAPACITY_TESTS) {
            result.append(
                    String.format(" %s_vs_paho=%.2f", test, ratio(capacity, "patchline." + test, "paho." + test)));
        }
        result.append(String.format(" p50_vs_hivemq_executor=%.2f", p50VsHivemqExecutor));
        result.append(String.format(
                " broker_recv_vs_paho=%.2f p50_vs_paho=%.2f", ratio(broker, "patchline.qos0", "paho.qos0"), p50VsPaho));
        out.printf("%-38s %8s %8s%n", "", "hivemq", "paho");
        for (String test : CAPACITY_TESTS) {
            out.printf(
                    "%-38s %8.2f %8.2f%n",
                    "capacity " + test,
                    ratio(capacity, "patchline." + test, "hivemq." + test),
                    ratio(capacity, "patchline." + test, "paho." + test));
        }
        for (String qos : List.of("qos0", "qos1")) {
            out.printf(
                    "%-38s %8.2f %8.2f   (÷ raw-socket limit: %.2f)%n",
                    "mosquitto receive " + qos,
                    ratio(broker, "patchline." + qos, "hivemq." + qos),
                    ratio(broker, "patchline." + qos, "paho." + qos),
                    ratio(broker, "patchline." + qos, "raw-socket." + qos));
        }
        out.printf("%-38s %8.2f %8.2f%n", "round trip p50 (peer ÷ patchline)", p50VsHivemq, p50VsPaho);
        out.printf(
                "%-38s %8.2f%n",
                "inline handler: capacity recv_qos0", ratio(capacity, INLINE + ".recv_qos0", "hivemq.recv_qos0"));
        out.printf(
                "%-38s %8.2f%n",
                "inline handler: capacity recv_qos1", ratio(capacity, INLINE + ".recv_qos1", "hivemq.recv_qos1"));
        out.printf(
                "%-38s %8.2f%n",
                "inline handler: mosquitto receive qos0", ratio(broker, INLINE + ".qos0", "hivemq.qos0"));
        out.printf("%-38s %8.2f%n", "inline handler: round trip p50", p50InlineVsHivemq);
        out.printf("%-38s %8.2f%n", "both on an executor: round trip p50", p50VsHivemqExecutor);
        out.printf(
                "%-38s %8.2f %8.2f%n",
                "heap per idle conn (peer ÷ patchline)",
                heap.get("hivemq") / heap.get("patchline"),
                heap.get("paho") / heap.get("patchline"));
        out.println(result);
        return 0;
    }

    /** Prints how long a part took (what to shorten when a run is too slow) and returns now. */
    private static long tookSince(long started, PrintStream out) {
        long now = System.nanoTime();
        out.printf("(%.0f s)%n", (now - started) / 1e9);
        return now;
    }

    /** Peer p50 ÷ {@code client}'s p50: above 1 when {@code client} is faster. */
    private static double p50Ratio(Map<String, ThroughBroker.Latency> latency, String peer, String client) {
        return latency.get(peer).p50Micros() / latency.get(client).p50Micros();
    }

    private static double ratio(Map<String, Double> rates, String key, String peerKey) {
        return rates.get(key) / rates.get(peerKey);
    }

    private static Map<String, Double> capacity(boolean quick, PrintStream out) throws Exception {
        long messages = quick ? 100_000 : 1_000_000;
        int rounds = quick ? 1 : 3;
        Map<String, Double> best = new LinkedHashMap<>();
        out.printf(
                "1) capacity, the client alone against in-bench servers: %,d messages of %d bytes per run (Paho, "
                        + "10-30x slower, a fifth of that), best of %d rounds after a warm-up round of a fifth%n",
                messages, FakeServers.PACKET_SIZE, rounds);
        out.printf("%-17s %-10s %14s%n", "client", "test", "msg/s");
        for (String test : CAPACITY_TESTS) {
            int qos = test.endsWith("1") ? 1 : 0;
            boolean receive = test.startsWith("recv");
            for (int round = 0; round <= rounds; round++) {
                for (Supplier<BenchClient> factory : Rounds.inOrderOf(round, CLIENTS)) {
                    if (!receive && factory.get().name().equals(INLINE)) {
                        continue; // the same publish path as "patchline": only delivery differs
                    }
                    try (BenchClient client = factory.get()) {
                        // round 0 warms the JIT up; Paho's full count would take minutes and say nothing more
                        long full = client instanceof BenchClient.Paho ? messages / 5 : messages;
                        long count = round == 0 ? full / 5 : full;
                        double rate = receive ? receiveRate(client, count, qos, out) : publishRate(client, count, qos);
                        if (round > 0) {
                            best.merge(client.name() + "." + test, rate, Math::max);
                        }
                    }
                }
            }
            for (Supplier<BenchClient> factory : CLIENTS) {
                String name = factory.get().name();
                if (best.containsKey(name + "." + test)) {
                    out.printf("%-17s %-10s %,14.0f%n", name, test, best.get(name + "." + test));
                }
            }
        }
        return best;
    }

    private static Map<String, Double> brokerReceive(Mosquitto mosquitto, boolean quick, PrintStream out)
            throws Exception {
        int rounds = quick ? 1 : 5;
        long qos0Messages = quick ? 100_000 : 200_000;
        long qos1Messages = quick ? 25_000 : 50_000;
        List<Supplier<BenchSubscriber>> subscribers = List.of(
                RawSubscriber::new,
                BenchClient.Patchline::new,
                BenchClient.Patchline::inline,
                BenchClient.HiveMq::new,
                BenchClient.Paho::new);
        Map<String, List<Double>> all = new LinkedHashMap<>();
        out.println();
        out.printf(
                "2) through mosquitto (port %d, persistence off, unbounded queues): a raw-socket publisher floods "
                        + "64-byte PUBLISH packets; %,d at QoS 0, %,d at QoS 1; the median of %d rounds after a warm-up round of "
                        + "a fifth (mosquitto is the limit: single rounds of one subscriber move by ±15 %%)%n",
                mosquitto.port(), qos0Messages, qos1Messages, rounds);
        for (int qos = 0; qos <= 1; qos++) {
            long messages = qos == 0 ? qos0Messages : qos1Messages;
            for (int round = 0; round <= rounds; round++) {
                for (Supplier<BenchSubscriber> factory : Rounds.inOrderOf(round, subscribers)) {
                    try (BenchSubscriber subscriber = factory.get()) {
                        double rate = ThroughBroker.receiveRate(
                                mosquitto, subscriber, round == 0 ? messages / 5 : messages, qos, out);
                        if (round > 0) {
                            all.computeIfAbsent(subscriber.name() + ".qos" + qos, k -> new ArrayList<>())
                                    .add(rate);
                        }
                    }
                }
            }
        }
        Map<String, Double> median = new LinkedHashMap<>();
        all.forEach((key, rates) -> {
            median.put(key, Rounds.median(rates, Comparator.naturalOrder()));
        });
        out.printf("%-17s %14s %14s%n", "subscriber", "QoS 0 msg/s", "QoS 1 msg/s");
        for (Supplier<BenchSubscriber> factory : subscribers) {
            String name = factory.get().name();
            out.printf(
                    "%-17s %,14.0f %,14.0f%s%n",
                    name,
                    median.get(name + ".qos0"),
                    median.get(name + ".qos1"),
                    name.equals("raw-socket") ? "   <- the broker's forwarding rate (limit)" : "");
        }
        return median;
    }

    private static Map<String, ThroughBroker.Latency> latency(Mosquitto mosquitto, boolean quick, PrintStream out)
            throws Exception {
        Duration warmUp = Duration.ofSeconds(quick ? 1 : 2);
        Duration measure = Duration.ofSeconds(quick ? 3 : 4);
        int rounds = quick ? 1 : 5;
        Map<String, List<ThroughBroker.Latency>> all = new LinkedHashMap<>();
        out.println();
        out.printf(
                "3) round trip through mosquitto at %,d msg/s, QoS 0, the client subscribed to what it publishes: "
                        + "%d s warm-up, %d s measured; the round with the median p50 of %d (single rounds on this 2-core box "
                        + "swing by ±40 %%); handlers run on patchline's callback executor, on "
                        + "patchline-inline's event loop, on hivemq's RxJava computation pool and on a cached thread pool given to "
                        + "hivemq-executor%n",
                LATENCY_RATE, warmUp.toSeconds(), measure.toSeconds(), rounds);
        List<Supplier<BenchClient>> clients = new ArrayList<>(CLIENTS);
        clients.add(BenchClient.HiveMq::onExecutor);
        for (int round = 0; round < rounds; round++) {
            for (Supplier<BenchClient> factory : Rounds.inOrderOf(round, clients)) {
                try (BenchClient client = factory.get()) {
                    ThroughBroker.Latency l = ThroughBroker.roundTrip(mosquitto, client, LATENCY_RATE, warmUp, measure);
                    all.computeIfAbsent(client.name(), k -> new ArrayList<>()).add(l);
                }
            }
        }
        Map<String, ThroughBroker.Latency> median = new LinkedHashMap<>();
        out.printf("%-17s %10s %10s %18s   %s%n", "client", "p50 µs", "p99 µs", "measured / sent", "p50 of each round");
        all.forEach((name, list) -> {
            ThroughBroker.Latency l = Rounds.median(list, Comparator.comparingDouble(ThroughBroker.Latency::p50Micros));
            median.put(name, l);
            StringBuilder each = new StringBuilder();
            list.forEach(r -> each.append(String.format(" %.0f", r.p50Micros())));
            out.printf(
                    "%-17s %10.0f %10.0f %,8d / %,8d  %s%n",
                    name, l.p50Micros(), l.p99Micros(), l.measured(), l.sent(), each);
        });
        return median;
    }

    /** One pass: the figures repeat to within 1 % from run to run (a heap delta, not a rate). */
    private static Map<String, Double> idleHeap(Mosquitto mosquitto, PrintStream out) throws Exception {
        Map<String, Double> bytesPerConnection = new LinkedHashMap<>();
        out.println();
        out.printf(
                "4) heap per idle connection: %,d clients connected to mosquitto, used heap after full GCs before and "
                        + "after, ÷ %,d (heap only: no direct buffers, no thread stacks)%n",
                IDLE_CONNECTIONS, IDLE_CONNECTIONS);
        for (Supplier<BenchClient> factory : CLIENTS) {
            String name = factory.get().name();
            if (name.equals("patchline-inline")) {
                continue; // the same client: how it delivers makes no difference to an idle connection
            }
            // 1,000 Paho clients are 4,000 threads: they pushed the load average near 280 and disturbed whatever ran
            // next. A hundred show its per-client cost as well.
            int connections = name.equals("paho") ? PAHO_IDLE_CONNECTIONS : IDLE_CONNECTIONS;
            bytesPerConnection.put(name, ThroughBroker.heapPerConnection(mosquitto, factory, connections));
        }
        out.printf("%-10s %14s%n", "client", "bytes/conn");
        bytesPerConnection.forEach((name, bytes) -> out.printf(
                "%-10s %,14.0f%s%n",
                name,
                bytes,
                name.equals("paho")
                        ? "   (over " + PAHO_IDLE_CONNECTIONS
                                + " clients; + 4 threads each: receiver, sender, callback, " + "ping timer)"
                        : ""));
        return bytesPerConnection;
    }

    /**
     * Delivered messages per second. A client may drop QoS 0 messages it cannot deliver (HiveMQ's does, by design),
     * so the run ends when all arrived or nothing arrived for a second; drops are reported, and the rate counts only
     * delivered messages up to the last delivery.
     */
    private static double receiveRate(BenchClient client, long messages, int qos, PrintStream out) throws Exception {
        try (FakeServers.Source source = new FakeServers.Source(messages, qos, WINDOW)) {
            client.connect(source.port());
            AtomicLong received = new AtomicLong();
            AtomicLong lastDelivery = new AtomicLong();
            long start = System.nanoTime();
            client.subscribe(qos, () -> {
                received.incrementAndGet();
                lastDelivery.lazySet(System.nanoTime());
            });
            long got = Arrivals.awaitOrQuiet(received, messages, 5, qos == 0 ? 1_000_000_000L : 30_000_000_000L);
            if (got < messages) {
                if (qos > 0) {
                    throw new IllegalStateException(client.name() + " received only " + got + " of " + messages
                            + " QoS 1" + (source.failure != null ? " (server: " + source.failure + ")" : ""));
                }
                out.printf("  (%s dropped %,d of %,d QoS 0 messages)%n", client.name(), messages - got, messages);
            }
            return got / ((lastDelivery.get() - start) / 1e9);
        }
    }

    private static double publishRate(BenchClient client, long messages, int qos) throws Exception {
        try (FakeServers.Sink sink = new FakeServers.Sink(messages)) {
            client.connect(sink.port());
            byte[] payload = new byte[qos == 0 ? 53 : 51];
            AtomicLong completed = new AtomicLong();
            CountDownLatch allCompleted = new CountDownLatch(1);
            long start = System.nanoTime();
            for (long i = 0; i < messages; i++) {
                while (client.saturated()) {
                    // Nap, not spin: on a 2-core machine a spinning producer takes the core the client's own I/O
                    // thread needs to drain its queue, and penalises exactly the clients that signal backpressure.
                    LockSupport.parkNanos(BACKOFF_NANOS);
                }
                client.publish(payload, qos).whenComplete((r, e) -> {
                    if (completed.incrementAndGet() == messages) {
                        allCompleted.countDown();
                    }
                });
            }
            if (!sink.done.await(120, TimeUnit.SECONDS) || !allCompleted.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(client.name() + ": sink got " + sink.received.get() + ", completed "
                        + completed.get() + " of " + messages);
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        }
    }
}
