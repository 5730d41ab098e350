package dev.patchline.protocol.mqtt.transport;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records transport events for assertions; safe to read from the test thread. */
final class RecordingListener implements TransportListener {

    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    final List<Throwable> causes = new CopyOnWriteArrayList<>();
    final List<Long> reconnectDelays = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    volatile String alpn;
    volatile boolean onEventLoop = true;
    private final MqttTransport[] transport = new MqttTransport[1];

    void bind(MqttTransport transport) {
        this.transport[0] = transport;
    }

    private void checkThread() {
        if (transport[0] != null && !transport[0].eventLoop().inEventLoop()) {
            onEventLoop = false;
        }
    }

    @Override
    public void connecting(ServerUri uri, int attempt) {
        checkThread();
        events.add("connecting " + attempt);
    }

    @Override
    public void connected(SocketAddress remote, String negotiatedAlpnProtocol) {
        checkThread();
        alpn = negotiatedAlpnProtocol;
        connects.incrementAndGet();
        events.add("connected");
    }

    @Override
    public void disconnected(Throwable cause, long reconnectDelayNanos) {
        checkThread();
        disconnects.incrementAndGet();
        if (cause != null) {
            causes.add(cause);
        }
        reconnectDelays.add(reconnectDelayNanos);
        events.add("disconnected " + (reconnectDelayNanos >= 0 ? "retry" : "final"));
    }

    @Override
    public void stopped() {
        checkThread();
        events.add("stopped");
    }

    /** Waits for an event starting with {@code prefix}, skipping others; fails after 10 s. */
    String await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no '" + prefix + "' event within 10 s; causes so far: " + causes);
            }
            if (event.startsWith(prefix)) {
                return event;
            }
        }
    }
}
