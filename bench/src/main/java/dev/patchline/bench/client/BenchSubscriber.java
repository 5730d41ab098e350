package dev.patchline.bench.client;

/** What the receive measurements need of a subscriber: a client library under test, or the raw-socket limit. */
interface BenchSubscriber extends AutoCloseable {

    String name();

    /** Connects with MQTT 3.1.1, clean session, as {@code clientId}; returns once the CONNACK arrived. */
    void connect(int port, String clientId) throws Exception;

    default void connect(int port) throws Exception {
        connect(port, "bench-" + name());
    }

    /**
     * Subscribes to {@link FakeServers#TOPIC} and returns once the SUBACK arrived; {@code onMessage} runs once per
     * message on the subscriber's delivery thread.
     */
    void subscribe(int qos, Runnable onMessage) throws Exception;

    @Override
    void close() throws Exception;
}
