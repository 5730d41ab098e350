package dev.patchline.bench.topics;

import dev.patchline.bench.BenchmarkCommand;
import java.io.PrintStream;
import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** {@code bench/run topics}: match rate with 100,000 subscriptions, and how it compares with 1,000. */
public final class TopicsBenchmarkCommand implements BenchmarkCommand {

    @Override
    public String name() {
        return "topics";
    }

    @Override
    public String summary() {
        return "subscription trie: matches/s with 1,000 and 100,000 subscriptions vs a linear scan (JMH, -prof gc)";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        Options options = new OptionsBuilder()
                .include(TopicMatchBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double small = 0;
        double large = 0;
        double largeAlloc = Double.NaN;
        double linearLarge = Double.NaN;
        out.println();
        out.printf("%-12s %-14s %16s %18s%n", "method", "subscriptions", "matches/s", "bytes/match");
        for (RunResult r : results) {
            int subs = Integer.parseInt(r.getParams().getParam("subscriptions"));
            String method = r.getPrimaryResult().getLabel();
            double score = r.getPrimaryResult().getScore();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double bytes = alloc == null ? Double.NaN : alloc.getScore();
            out.printf("%-12s %-14d %16.0f %18.2f%n", method, subs, score, bytes);
            boolean trie = method.equals("match");
            if (subs == 100_000 && trie) {
                large = score;
                largeAlloc = bytes;
            } else if (subs == 100_000) {
                linearLarge = score;
            } else if (trie) {
                small = score;
            }
        }
        out.printf(
                "RESULT topics matches_per_s=%.0f subscriptions=100000 bytes_per_match=%.2f"
                        + " rate_100k_vs_1k=%.2f vs_linear_scan=%.0f%n",
                large, largeAlloc, small == 0 ? Double.NaN : large / small, large / linearLarge);
        return 0;
    }
}
