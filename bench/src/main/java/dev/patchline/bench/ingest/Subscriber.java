package dev.patchline.bench.ingest;

/** One side of the comparison: something that subscribes to the bench topic and counts what it has taken in. */
public interface Subscriber extends AutoCloseable {

    String name();

    /**
     * Sets up everything that is not part of taking messages in (the graph: a running patch with the node inactive and
     * its callback compiled), for 127.0.0.1:{@code port} (MQTT 3.1.1) and the bench topic at {@code qos}.
     */
    void prepare(int port, int qos) throws Exception;

    /** Connects and subscribes; the benchmark's clock is already running. */
    void start() throws Exception;

    /** Messages fully handled so far (for the graph: turned into rows with the callback run). May be called often. */
    long handled() throws Exception;

    /**
     * A cheap, lock-free view of progress (messages delivered to the user's code so far) that publishers may read
     * before every batch to stay a bounded distance ahead; may lag {@link #handled()} slightly.
     */
    long progress();

    /** Messages the subscriber chose to drop under load (QoS 0 only); 0 when it never drops. */
    default long dropped() throws Exception {
        return 0;
    }

    /** Throws if what was handled was handled wrongly (wrong rows, callback not run...); called once at the end. */
    default void verify() throws Exception {}

    @Override
    void close() throws Exception;
}
