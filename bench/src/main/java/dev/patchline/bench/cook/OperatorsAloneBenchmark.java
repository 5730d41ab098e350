package dev.patchline.bench.cook;

import dev.patchline.runtime.data.OutputTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The chain's operator work alone: a plain loop over the same 10,000 tables, no runtime. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class OperatorsAloneBenchmark {
    private final OutputTable[] tables = new OutputTable[CookBenchmark.NODES];
    private long frame;

    @Setup(Level.Trial)
    public void fill() {
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new OutputTable();
            tables[i].appendRow("0");
        }
    }

    @Benchmark
    public OutputTable operatorsAlone() {
        tables[0].setCell(0, 0, ChainOps.FRAMES[(int) (++frame & (ChainOps.FRAMES.length - 1))]);
        for (int i = 1; i < tables.length; i++) ChainOps.work(tables[i - 1], tables[i]);
        return tables[tables.length - 1];
    }
}
