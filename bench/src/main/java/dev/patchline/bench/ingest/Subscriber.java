package dev.patchline.bench.ingest;

/** One side of the comparison: something that subscribes to the bench topic and counts what it has taken in. */
interface Subscriber extends AutoCloseable {

    String name();

    /** Connects to 127.0.0.1:{@code port} (MQTT 3.1.1) and subscribes to the bench topic at {@code qos}. */
    void start(int port, int qos) throws Exception;

    /** Messages fully handled so far (for the graph: turned into rows with the callback run). May be called often. */
    long handled() throws Exception;

    /** Messages the subscriber chose to drop under load (QoS 0 only); 0 when it never drops. */
    default long dropped() throws Exception {
        return 0;
    }

    /** Throws if what was handled was handled wrongly (wrong rows, callback not run...); called once at the end. */
    default void verify() throws Exception {
    }

    @Override
    void close() throws Exception;
}
