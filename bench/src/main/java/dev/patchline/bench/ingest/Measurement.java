package dev.patchline.bench.ingest;

import dev.patchline.bench.support.Rounds;
import java.util.Comparator;
import java.util.List;

/**
 * One run of one subscriber: messages handled per second, messages sent but never handled (QoS 0 only: dropped by the
 * subscriber's own backpressure), the JVM heap in use after a full GC while the subscriber was still connected, and
 * the bench process's CPU time per handled message during the run (the in-bench source or publishers included, which
 * are the same for both sides).
 */
public record Measurement(double rate, long lost, double heapMb, double cpuMicrosPerMessage) {

    /** The run with the median rate; heap is the largest of all runs so that no run's footprint is hidden. */
    public static Measurement median(List<Measurement> runs) {
        Measurement median = Rounds.median(runs, Comparator.comparingDouble(Measurement::rate));
        double heap = runs.stream().mapToDouble(Measurement::heapMb).max().orElse(0);
        return new Measurement(median.rate, median.lost, heap, median.cpuMicrosPerMessage);
    }
}
