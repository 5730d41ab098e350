package dev.patchline.bench.codec;

import dev.patchline.bench.BenchmarkCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench/run codec}: Patchline's MQTT codec against netty-codec-mqtt in one JMH run. Ratios are
 * ours ÷ Netty, as geometric means over the six PUBLISH cases (16 B, 256 B, 4 KB; with and without
 * MQTT 5 properties): throughput for decode (both inside an embedded pipeline) and encode (both
 * called directly), and bytes allocated per decoded PUBLISH (pipeline against pipeline).
 */
public final class CodecBenchmarkCommand implements BenchmarkCommand {

    @Override
    public String name() {
        return "codec";
    }

    @Override
    public String summary() {
        return "MQTT codec vs netty-codec-mqtt: decode/encode PUBLISH 16 B/256 B/4 KB ± MQTT 5 properties, CONNECT, SUBSCRIBE (JMH, -prof gc)";
    }

    /** One measured case: score in ops/s and bytes allocated per op. */
    private record Row(String op, String packet, String impl, double opsPerSecond, double bytesPerOp) {}

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        Options options = new OptionsBuilder()
                .include(PublishDecodeBenchmark.class.getName())
                .include(PublishEncodeBenchmark.class.getName())
                .include(ControlDecodeBenchmark.class.getName())
                .include(ControlEncodeBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .forks(1)
                .jvmArgsAppend("-Xmx1g", "-XX:+UseParallelGC")
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .build();
        Collection<RunResult> results = new Runner(options).run();

        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String op = label.endsWith(".decode") ? "decode" : "encode";
            String packet = r.getParams().getParam("packet");
            if (packet == null) {
                packet = "publish " + r.getParams().getParam("payloadSize") + " B"
                        + ("true".equals(r.getParams().getParam("properties")) ? " +props" : "");
            }
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.add(new Row(
                    op,
                    packet,
                    r.getParams().getParam("impl"),
                    r.getPrimaryResult().getScore(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }

        out.println();
        out.printf("%-7s %-24s %-19s %14s %12s%n", "op", "packet", "impl", "ops/s", "bytes/op");
        for (Row row : rows) {
            out.printf(
                    "%-7s %-24s %-19s %14.0f %12.1f%n",
                    row.op(), row.packet(), row.impl(), row.opsPerSecond(), row.bytesPerOp());
        }

        Map<String, Map<String, Row>> byCase = new LinkedHashMap<>();
        for (Row row : rows) {
            byCase.computeIfAbsent(row.op() + "|" + row.packet(), k -> new LinkedHashMap<>())
                    .put(row.impl(), row);
        }
        out.println();
        out.printf("%-7s %-24s %14s %14s %14s%n", "op", "packet", "thrpt ratio", "direct ratio", "alloc ratio");
        double logDecode = 0;
        double logEncode = 0;
        double logAlloc = 0;
        double logDirectDecode = 0;
        int publishCases = 0;
        int encodeCases = 0;
        for (Map.Entry<String, Map<String, Row>> e : byCase.entrySet()) {
            Map<String, Row> impls = e.getValue();
            Row netty = impls.get("netty");
            Row direct = impls.get("patchline");
            Row fair = impls.getOrDefault("patchline-pipeline", direct);
            if (netty == null || direct == null) {
                continue;
            }
            double thrpt = fair.opsPerSecond() / netty.opsPerSecond();
            double directRatio = direct.opsPerSecond() / netty.opsPerSecond();
            double allocRatio = fair.bytesPerOp() / netty.bytesPerOp();
            String[] key = e.getKey().split("\\|");
            out.printf("%-7s %-24s %14.2f %14.2f %14.2f%n", key[0], key[1], thrpt, directRatio, allocRatio);
            if (key[1].startsWith("publish")) {
                if (key[0].equals("decode")) {
                    logDecode += Math.log(thrpt);
                    logDirectDecode += Math.log(directRatio);
                    logAlloc += Math.log(allocRatio);
                    publishCases++;
                } else {
                    logEncode += Math.log(thrpt);
                    encodeCases++;
                }
            }
        }
        out.println();
        out.println(
                "thrpt ratio: decode = Patchline decoder in an embedded Netty pipeline vs Netty's (same harness);"
                        + " encode = both encoders called directly. direct ratio: Patchline decoder called without a pipeline.");
        out.println("Ratios are ours / Netty; RESULT values are geometric means over the six PUBLISH cases.");
        out.printf(
                "RESULT codec decode_ratio=%.2f encode_ratio=%.2f alloc_ratio=%.2f direct_decode_ratio=%.2f quick=%s%n",
                Math.exp(logDecode / publishCases),
                Math.exp(logEncode / encodeCases),
                Math.exp(logAlloc / publishCases),
                Math.exp(logDirectDecode / publishCases),
                quick);
        return 0;
    }
}
