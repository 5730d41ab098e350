package dev.patchline.bench.cook;

import dev.patchline.bench.BenchmarkCommand;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * {@code bench/run cook}: frame cost of a 10,000-node DAT chain when its head changes, when an
 * unrelated node changes and when nothing changes, and the scheduler's overhead per cooked node.
 *
 * <p>The cook loop is single-threaded, so it is timed in-process with the thread's CPU time (and wall
 * time alongside): on a busy machine CPU time still measures the work, where wall time also counts the
 * time the thread waited for a core. {@link CookBenchmark} and {@link OperatorsAloneBenchmark} are the
 * same cases as JMH benchmarks for a JMH run.
 */
public final class CookBenchmarkCommand implements BenchmarkCommand {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "cook";
    }

    @Override
    public String summary() {
        return "scheduler: frame time of a 10,000-node DAT chain (head change / unrelated change / idle), overhead per node";
    }

    /** Per-frame figures of one case: medians over measurement batches. */
    private record Figures(double cpuUs, double wallUs, double bytes) {}

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        long warmupNanos = (quick ? 1 : 3) * 1_000_000_000L;
        int batches = quick ? 5 : 15;
        Figures head = measure(() -> scenario("head"), warmupNanos, batches);
        Figures unrelated = measure(() -> scenario("unrelated"), warmupNanos, batches);
        Figures idle = measure(() -> scenario("idle"), warmupNanos, batches);
        Figures alone = measure(
                () -> {
                    OperatorsAloneBenchmark b = new OperatorsAloneBenchmark();
                    b.fill();
                    return new Frame(b::operatorsAlone, () -> {});
                },
                warmupNanos,
                batches);

        int n = CookBenchmark.NODES;
        out.println();
        out.printf(
                "%-34s %14s %14s %12s %14s%n",
                "case (10,000-node DAT chain)", "cpu us/frame", "wall us/frame", "ns/node", "bytes/frame");
        row(out, "(a) head changes: all cook", head, n);
        row(out, "(b) unrelated node changes", unrelated, n);
        row(out, "(c) nothing changes", idle, n);
        row(out, "operators alone (no runtime)", alone, n);
        double perNode = (head.cpuUs - alone.cpuUs) * 1000 / n;
        out.printf(
                "scheduler overhead per cooked node in (a): %.1f ns (goal <= 100 ns); (b) and (c) goal: microseconds%n",
                perNode);
        out.printf(
                "RESULT cook head_change_us=%.1f unrelated_change_us=%.3f idle_us=%.3f per_node_ns=%.1f%n",
                head.cpuUs, unrelated.cpuUs, idle.cpuUs, perNode);
        return 0;
    }

    private static void row(PrintStream out, String label, Figures f, int nodes) {
        out.printf("%-34s %14.3f %14.3f %12.1f %14.1f%n", label, f.cpuUs, f.wallUs, f.cpuUs * 1000 / nodes, f.bytes);
    }

    private static Frame scenario(String name) {
        CookBenchmark b = new CookBenchmark();
        b.scenario = name;
        b.start();
        return new Frame(b::frame, b::stop);
    }

    /** One case: how to run a frame and how to clean up. */
    private record Frame(Runnable step, Runnable close) {}

    @FunctionalInterface
    private interface Setup {
        Frame create();
    }

    private static Figures measure(Setup setup, long warmupNanos, int batches) {
        Frame f = setup.create();
        try {
            // Warm up, and size a batch to about 100 ms of CPU.
            long frames = 0;
            long c0 = cpu();
            while (cpu() - c0 < warmupNanos) {
                f.step.run();
                frames++;
            }
            long perBatch = Math.max(1, frames * 100_000_000L / Math.max(1, cpu() - c0));
            double[] cpuUs = new double[batches];
            double[] wallUs = new double[batches];
            double[] bytes = new double[batches];
            long thread = Thread.currentThread().getId();
            for (int b = 0; b < batches; b++) {
                long a0 = THREADS.getThreadAllocatedBytes(thread);
                long w0 = System.nanoTime();
                long t0 = cpu();
                for (long i = 0; i < perBatch; i++) f.step.run();
                long t1 = cpu();
                long w1 = System.nanoTime();
                long a1 = THREADS.getThreadAllocatedBytes(thread);
                cpuUs[b] = (t1 - t0) / 1000.0 / perBatch;
                wallUs[b] = (w1 - w0) / 1000.0 / perBatch;
                bytes[b] = (double) (a1 - a0) / perBatch;
            }
            return new Figures(median(cpuUs), median(wallUs), median(bytes));
        } finally {
            f.close.run();
        }
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
