package dev.patchline.bench.cook;

import dev.patchline.bench.BenchmarkCommand;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.util.Collection;

/**
 * {@code bench/run cook}: frame cost of a 10,000-node DAT chain when its head changes, when an
 * unrelated node changes and when nothing changes, and the scheduler's overhead per cooked node.
 */
public final class CookBenchmarkCommand implements BenchmarkCommand {

    @Override
    public String name() {
        return "cook";
    }

    @Override
    public String summary() {
        return "scheduler: frame time of a 10,000-node DAT chain (head change / unrelated change / idle), overhead per node";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        Options options = new OptionsBuilder()
                .include(CookBenchmark.class.getName())
                .include(OperatorsAloneBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .forks(1)
                .jvmArgsAppend("-Xmx2g")
                .warmupIterations(quick ? 2 : 4).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 6).measurementTime(TimeValue.seconds(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double head = Double.NaN;
        double unrelated = Double.NaN;
        double idle = Double.NaN;
        double alone = Double.NaN;
        double headBytes = Double.NaN;
        out.println();
        out.printf("%-34s %14s %14s %16s%n", "case (10,000-node DAT chain)", "us/frame", "ns/node", "bytes/frame");
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String scenario = r.getParams().getParam("scenario");
            double us = r.getPrimaryResult().getScore();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double bytes = alloc == null ? Double.NaN : alloc.getScore();
            String label;
            if (method.equals("operatorsAlone")) {
                alone = us;
                label = "operators alone (no runtime)";
            } else if ("head".equals(scenario)) {
                head = us;
                headBytes = bytes;
                label = "(a) head changes: all cook";
            } else if ("unrelated".equals(scenario)) {
                unrelated = us;
                label = "(b) unrelated node changes";
            } else {
                idle = us;
                label = "(c) nothing changes";
            }
            out.printf("%-34s %14.3f %14.1f %16.1f%n", label, us, us * 1000 / CookBenchmark.NODES, bytes);
        }
        double perNode = (head - alone) * 1000 / CookBenchmark.NODES;
        out.printf("scheduler overhead per cooked node in (a): %.1f ns (goal <= 100 ns); allocation per frame in (a): %.0f bytes%n",
                perNode, headBytes);
        out.printf("RESULT cook head_change_us=%.1f unrelated_change_us=%.3f idle_us=%.3f per_node_ns=%.1f%n",
                head, unrelated, idle, perNode);
        return 0;
    }
}
