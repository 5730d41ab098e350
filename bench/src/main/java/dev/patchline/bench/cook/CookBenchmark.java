package dev.patchline.bench.cook;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One frame of a 10,000-node chain of DATs on the manual clock, in three situations: the chain's
 * head changes every frame (every node cooks), an unrelated one-node branch changes (one node cooks),
 * nothing changes (no node cooks). {@link OperatorsAloneBenchmark} times the operators' own work for
 * the same chain without the runtime, so the difference is the scheduler's per-node overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class CookBenchmark {
    static final int NODES = 10_000;

    @Param({"head", "unrelated", "idle"})
    public String scenario;

    private Patch patch;

    @Setup(Level.Trial)
    public void start() {
        Graph.Builder g = Graph.builder();
        g.node("n0", "head".equals(scenario) ? ChainOps.TICKING_HEAD : ChainOps.STILL_HEAD);
        for (int i = 1; i < NODES; i++) {
            g.node("n" + i, ChainOps.PASS);
            g.wire("n" + (i - 1), "n" + i);
        }
        PatchOptions.Builder o =
                PatchOptions.builder().manual().registry(ChainOps.registry()).watch("n" + (NODES - 1));
        if ("unrelated".equals(scenario)) {
            g.node("lonely", ChainOps.TICKING_HEAD);
            o.watch("lonely");
        }
        patch = Patch.start(g.build(), o.build());
        patch.step(); // first cook of every node
    }

    @TearDown(Level.Trial)
    public void stop() {
        patch.close();
    }

    @Benchmark
    public long frame() {
        patch.step();
        return patch.frame();
    }
}
