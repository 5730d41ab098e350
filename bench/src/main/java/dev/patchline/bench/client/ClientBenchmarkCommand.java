package dev.patchline.bench.client;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.patchline.bench.BenchmarkCommand;

/**
 * {@code bench/run client}: the client alone ("capacity"), Patchline against the HiveMQ MQTT client 1.3.x in one run,
 * all speaking MQTT 3.1.1 to the in-bench {@link FakeServers}: receive rate at QoS 0 and 1 (the server pushes
 * pre-encoded 64-byte PUBLISH packets as fast as the socket takes them, QoS 1 within a 1,000-message window) and
 * publish rate at QoS 0 and 1 (a sink acknowledges at once). Each figure is the best of a few rounds after a warm-up.
 *
 * <p>Not measured here yet: the through-a-broker setting of issue 5 (mosquitto forwarding rate, latency, heap per idle
 * connection) and Paho; the RESULT line carries only the capacity ratios.
 */
public final class ClientBenchmarkCommand implements BenchmarkCommand {

    private static final int WINDOW = 1_000;

    @Override
    public String name() {
        return "client";
    }

    @Override
    public String summary() {
        return "MQTT client capacity (receive/publish QoS 0/1, 64-byte messages): Patchline vs HiveMQ client 1.3";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        long messages = quick ? 200_000 : 1_000_000;
        int rounds = quick ? 2 : 3;
        List<Supplier<BenchClient>> clients = List.of(BenchClient.Patchline::new, BenchClient.HiveMq::new);
        Map<String, Double> rates = new LinkedHashMap<>();
        out.printf("client capacity: %,d messages of %d bytes per run, best of %d rounds after a warm-up%n", messages,
                FakeServers.PACKET_SIZE, rounds);
        out.printf("%-10s %-8s %14s%n", "client", "test", "msg/s");
        for (String test : List.of("recv_qos0", "recv_qos1", "pub_qos0", "pub_qos1")) {
            for (Supplier<BenchClient> factory : clients) {
                int qos = test.endsWith("1") ? 1 : 0;
                boolean receive = test.startsWith("recv");
                double best = 0;
                String name = null;
                for (int round = 0; round <= rounds; round++) {
                    long count = round == 0 ? messages / 5 : messages; // round 0 warms the JIT up
                    try (BenchClient client = factory.get()) {
                        name = client.name();
                        double rate = receive ? receiveRate(client, count, qos, out) : publishRate(client, count, qos);
                        if (round > 0) {
                            best = Math.max(best, rate);
                        }
                    }
                }
                rates.put(name + "." + test, best);
                out.printf("%-10s %-8s %,14.0f%n", name, test, best);
            }
        }
        StringBuilder result = new StringBuilder("RESULT client");
        for (String test : List.of("recv_qos0", "recv_qos1", "pub_qos0", "pub_qos1")) {
            double ratio = rates.get("patchline." + test) / rates.get("hivemq." + test);
            out.printf("%-10s patchline/hivemq = %.2f%n", test, ratio);
            result.append(' ').append(test).append("_vs_hivemq=").append(String.format("%.2f", ratio));
        }
        out.println(result);
        return 0;
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
            long seen = -1;
            long idleSince = System.nanoTime();
            while (received.get() < messages) {
                Thread.sleep(5);
                long now = received.get();
                if (now != seen) {
                    seen = now;
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > (qos == 0 ? 1_000_000_000L : 30_000_000_000L)) {
                    break;
                }
            }
            long got = received.get();
            if (got < messages) {
                if (qos > 0) {
                    throw new IllegalStateException(client.name() + " received only " + got + " of " + messages + " QoS 1"
                            + (source.failure != null ? " (server: " + source.failure + ")" : ""));
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
                    Thread.onSpinWait();
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
