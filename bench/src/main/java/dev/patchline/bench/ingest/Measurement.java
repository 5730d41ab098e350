package dev.patchline.bench.ingest;

/**
 * One run of one subscriber: messages handled per second, messages sent but never handled (QoS 0 only: dropped by the
 * subscriber's own backpressure) and the JVM heap in use after a full GC while the subscriber was still connected.
 */
record Measurement(double rate, long lost, double heapMb) {

    static final Measurement NONE = new Measurement(0, 0, 0);

    /** The faster run; heap is the larger of the two so that no run's footprint is hidden. */
    Measurement best(Measurement other) {
        Measurement faster = other.rate > rate ? other : this;
        return new Measurement(faster.rate, faster.lost, Math.max(heapMb, other.heapMb));
    }
}
