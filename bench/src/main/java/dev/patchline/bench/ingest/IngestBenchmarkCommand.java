package dev.patchline.bench.ingest;

import dev.patchline.bench.BenchmarkCommand;
import dev.patchline.bench.support.Mosquitto;
import dev.patchline.bench.support.Rounds;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bench/run ingest}: how fast the whole graph path takes in JSON sensor messages, next to a raw
 * HiveMQ client, in one run.
 * <ol>
 *   <li>Capacity: the in-bench source server of {@code bench/run client} streams 64-byte PUBLISH packets carrying
 *       {@link SensorMessage#JSON} as fast as the socket takes them (QoS 1: 1,000 in flight).</li>
 *   <li>Broker: the same messages through one mosquitto, fed by raw-socket publishers.</li>
 * </ol>
 * The graph path is a patch on the event clock with an MQTT Client DAT (maxlines 100, columns room and value) and a
 * Groovy {@code onMessage} that counts; the raw path is HiveMQ's async client with a counting callback. Each figure is
 * the median of a few rounds in which the two sides alternate going first; the capacity setting warms both up first.
 * The graph's patch runs the event clock with its default cap of 1,000 frames a second.
 *
 * <p>RESULT keys: {@code vs_hivemq_raw} and {@code broker_vs_hivemq_raw} are graph/raw rate ratios, the lower of QoS 0
 * and QoS 1 (the goal is at least 1.0 for both); {@code qos0/qos1_msgs_per_s} are the graph path's capacity
 * rates; {@code heap_mb} is the largest heap in use after GC seen during a graph run (whole bench JVM).
 */
public final class IngestBenchmarkCommand implements BenchmarkCommand {

    private static final List<Integer> QOS = List.of(0, 1);
    private static final Map<String, Supplier<Subscriber>> SIDES = sides();

    private static Map<String, Supplier<Subscriber>> sides() {
        Map<String, Supplier<Subscriber>> sides = new LinkedHashMap<>();
        sides.put("graph", GraphSubscriber::new);
        sides.put("hivemq-raw", HiveMqSubscriber::new);
        return sides;
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String summary() {
        return "JSON sensor messages into a graph (MQTT Client DAT + Groovy onMessage) vs a raw HiveMQ client, direct"
                + " and through mosquitto, QoS 0/1";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        long direct = quick ? 200_000 : 1_000_000;
        long viaBroker = quick ? 50_000 : 300_000;
        int rounds = quick ? 1 : 5;
        out.printf(
                "ingest: %,d messages per capacity run, %,d per broker run, the median of %d rounds (the two sides alternate which goes first); payload %s%n",
                direct, viaBroker, rounds, SensorMessage.JSON);
        Map<String, List<Measurement>> runs = new LinkedHashMap<>();
        List<String> sides = new ArrayList<>(SIDES.keySet());
        for (int qos : QOS) {
            for (String side : sides) {
                IngestRun.direct(SIDES.get(side), direct / 5, qos); // warm-up, not counted
            }
            for (int round = 0; round < rounds; round++) {
                for (String side : Rounds.inOrderOf(round, sides)) {
                    runs.computeIfAbsent("capacity." + qos + "." + side, k -> new ArrayList<>())
                            .add(IngestRun.direct(SIDES.get(side), direct, qos));
                }
            }
        }
        try (Mosquitto broker = new Mosquitto()) {
            for (int qos : QOS) {
                for (int round = 0; round < rounds; round++) {
                    for (String side : Rounds.inOrderOf(round, sides)) {
                        runs.computeIfAbsent("mosquitto." + qos + "." + side, k -> new ArrayList<>())
                                .add(IngestRun.viaBroker(SIDES.get(side), broker, viaBroker, qos));
                    }
                }
            }
        }
        Map<String, Measurement> results = new LinkedHashMap<>();
        runs.forEach((key, list) -> results.put(key, Measurement.median(list)));
        printTable(out, results);
        double vsRaw = Math.min(ratio(results, "capacity", 0), ratio(results, "capacity", 1));
        double brokerVsRaw = Math.min(ratio(results, "mosquitto", 0), ratio(results, "mosquitto", 1));
        double heap = results.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".graph"))
                .mapToDouble(e -> e.getValue().heapMb())
                .max()
                .orElse(0);
        out.printf(
                "RESULT ingest vs_hivemq_raw=%.2f broker_vs_hivemq_raw=%.2f qos0_msgs_per_s=%.0f qos1_msgs_per_s=%.0f"
                        + " heap_mb=%.0f%n",
                vsRaw,
                brokerVsRaw,
                results.get("capacity.0.graph").rate(),
                results.get("capacity.1.graph").rate(),
                heap);
        return 0;
    }

    private static void printTable(PrintStream out, Map<String, Measurement> results) {
        out.println();
        out.printf(
                "%-10s %-4s %-11s %14s %9s %9s %12s %12s%n",
                "setting", "qos", "subscriber", "msg/s", "lost", "heap MB", "cpu µs/msg", "graph/raw");
        for (Map.Entry<String, Measurement> e : results.entrySet()) {
            String[] key = e.getKey().split("\\.");
            Measurement m = e.getValue();
            String ratio = key[2].equals("graph")
                    ? String.format("%.2f", ratio(results, key[0], Integer.parseInt(key[1])))
                    : "";
            out.printf(
                    "%-10s %-4s %-11s %,14.0f %,9d %9.0f %12.2f %12s%n",
                    key[0], key[1], key[2], m.rate(), m.lost(), m.heapMb(), m.cpuMicrosPerMessage(), ratio);
        }
    }

    private static double ratio(Map<String, Measurement> results, String setting, int qos) {
        return results.get(setting + "." + qos + ".graph").rate()
                / results.get(setting + "." + qos + ".hivemq-raw").rate();
    }
}
