package dev.patchline.bench.client;

import dev.patchline.bench.support.Mosquitto;
import dev.patchline.bench.support.RawPublisher;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The measurements of the through-a-broker setting, each against the one mosquitto the command started: receive rate
 * from a raw-socket publisher, round-trip latency at a fixed rate, and heap per idle connection.
 */
final class ThroughBroker {

    /** No delivery for this long ends a QoS 0 run (a client may drop what it cannot deliver); long, as a loaded 2-core box pauses for a second at times. */
    private static final long QOS0_QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final long QOS1_STALL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    private static final int CONNECTING_AT_ONCE = 8;

    private ThroughBroker() {}

    /**
     * Delivered messages per second: {@code subscriber} subscribes at {@code qos}, then a {@link RawPublisher} writes
     * {@code messages} 64-byte PUBLISH packets at the same QoS as fast as mosquitto takes them. The clock runs from the
     * publisher's start to the last delivery.
     */
    static double receiveRate(Mosquitto broker, BenchSubscriber subscriber, long messages, int qos, PrintStream out)
            throws Exception {
        subscriber.connect(broker.port(), "bench-sub-" + subscriber.name() + "-" + CLIENT_IDS.incrementAndGet());
        AtomicLong received = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong();
        subscriber.subscribe(qos, () -> {
            received.incrementAndGet();
            lastDelivery.lazySet(System.nanoTime());
        });
        byte[] payload = new byte[FakeServers.PACKET_SIZE - 4 - FakeServers.TOPIC.length() - (qos > 0 ? 2 : 0)];
        try (RawPublisher publisher = new RawPublisher(
                broker.port(), "bench-pub-" + CLIENT_IDS.incrementAndGet(), qos, FakeServers.TOPIC, payload)) {
            Throwable[] publishFailure = new Throwable[1];
            Thread publishing = new Thread(
                    () -> {
                        try {
                            publisher.publish(messages);
                        } catch (Exception e) {
                            publishFailure[0] = e;
                        }
                    },
                    "bench-broker-publisher");
            publishing.setDaemon(true);
            long start = System.nanoTime();
            publishing.start();
            Arrivals.awaitOrQuiet(received, messages, 2, qos == 0 ? QOS0_QUIET_NANOS : QOS1_STALL_NANOS);
            publishing.join(TimeUnit.SECONDS.toMillis(30));
            long got = received.get();
            if (got < messages) {
                if (qos > 0 || got == 0) {
                    throw new IllegalStateException(subscriber.name() + " received only " + got + " of " + messages
                            + " QoS " + qos + " messages through mosquitto"
                            + (publishFailure[0] != null ? " (publisher: " + publishFailure[0] + ")" : "")
                            + "; broker log in " + broker.directory());
                }
                out.printf(
                        "  (%s: %,d of %,d QoS 0 messages did not arrive through mosquitto)%n",
                        subscriber.name(), messages - got, messages);
            }
            return got / ((lastDelivery.get() - start) / 1e9);
        }
    }

    /** Round-trip latency percentiles in microseconds, and how many of the measured messages came back. */
    record Latency(double p50Micros, double p99Micros, int measured, int sent) {}

    /**
     * The client publishes QoS 0 messages paced at {@code perSecond}, each with {@link System#nanoTime()} in its first
     * eight payload bytes, and is itself subscribed (QoS 0) to the topic: each arrival is one round trip through
     * mosquitto. Messages sent during {@code warmUp} are not recorded. The pacer sends on schedule and never catches up
     * in bursts, so a stall delays the send times it covers instead of showing up as latency (no coordinated
     * omission correction; at 5,000/s the pacer, not the clients, is rarely the one that stalls).
     */
    static Latency roundTrip(Mosquitto broker, BenchClient client, int perSecond, Duration warmUp, Duration measure)
            throws Exception {
        client.connect(broker.port(), "bench-rtt-" + client.name() + "-" + CLIENT_IDS.incrementAndGet());
        int capacity = (int) (perSecond * measure.toMillis() / 1000) + perSecond;
        long[] samples = new long[capacity];
        AtomicInteger count = new AtomicInteger();
        long start = System.nanoTime();
        long recordFrom = start + warmUp.toNanos();
        long end = recordFrom + measure.toNanos();
        client.subscribeStamped(0, sentAt -> {
            long latency = System.nanoTime() - sentAt;
            if (sentAt >= recordFrom && sentAt < end) {
                int i = count.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = latency;
                }
            }
        });
        long interval = 1_000_000_000L / perSecond;
        int sent = 0;
        long next = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (now < next) {
                if (next - now > 100_000) {
                    LockSupport.parkNanos(next - now - 60_000); // parking overshoots by ~50 µs; spin the rest
                } else {
                    Thread.onSpinWait();
                }
                continue;
            }
            byte[] payload = new byte[FakeServers.PACKET_SIZE - 4 - FakeServers.TOPIC.length()];
            long stamp = System.nanoTime();
            ByteBuffer.wrap(payload).putLong(0, stamp);
            client.publish(payload, 0);
            if (stamp >= recordFrom) {
                sent++;
            }
            next += interval;
            if (now - next > interval * 100) {
                next = now; // fell far behind (a long pause): restart the schedule rather than burst
            }
        }
        Thread.sleep(500); // the last round trips
        int measured = Math.min(count.get(), samples.length);
        long[] sorted = Arrays.copyOf(samples, measured);
        Arrays.sort(sorted);
        return new Latency(percentile(sorted, 0.50) / 1e3, percentile(sorted, 0.99) / 1e3, measured, sent);
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    /**
     * Bytes of heap per connected, subscribed-to-nothing client: used heap after full collections, before and after
     * {@code connections} clients connect to mosquitto, divided by {@code connections}. Clients connect
     * {@link #CONNECTING_AT_ONCE} at a time (each connect blocks until its CONNACK; a few in parallel keep the run
     * short without a SYN flood against mosquitto's listen backlog). Memory outside the heap (Netty's direct buffers,
     * thread stacks) is not counted.
     */
    static double heapPerConnection(Mosquitto broker, Supplier<BenchClient> factory, int connections) throws Exception {
        long before = usedHeapAfterGc();
        List<BenchClient> clients = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            clients.add(factory.get());
        }
        String name = clients.get(0).name();
        try {
            inParallel(
                    clients,
                    client -> client.connect(broker.port(), "bench-idle-" + name + "-" + CLIENT_IDS.incrementAndGet()));
            Thread.sleep(200); // connect completions still settling on the clients' threads
            long after = usedHeapAfterGc();
            return (after - before) / (double) connections;
        } catch (ExecutionException e) {
            long limit = broker.openFilesLimit();
            throw new IllegalStateException(
                    "connecting " + connections + " idle " + name + " clients failed"
                            + (limit > 0 ? " (mosquitto's open-files limit: " + limit + ")" : "") + "; broker log in "
                            + broker.directory(),
                    e.getCause());
        } finally {
            try {
                inParallel(clients, BenchClient::close);
            } catch (ExecutionException closing) {
                // clients that never connected fail to close; the next measurement starts from a full collection anyway
            }
        }
    }

    /** A step that may fail, for {@link #inParallel}. */
    @FunctionalInterface
    private interface Step {
        void run(BenchClient client) throws Exception;
    }

    /** Runs {@code step} on every client, {@link #CONNECTING_AT_ONCE} at a time; the first failure, once all are done. */
    private static void inParallel(List<BenchClient> clients, Step step)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTING_AT_ONCE);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (BenchClient client : clients) {
                done.add(pool.submit(() -> {
                    step.run(client);
                    return null;
                }));
            }
            ExecutionException first = null;
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
