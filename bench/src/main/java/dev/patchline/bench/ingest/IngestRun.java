package dev.patchline.bench.ingest;

import dev.patchline.bench.client.FakeServers;
import dev.patchline.bench.support.Mosquitto;
import dev.patchline.bench.support.ProcessCpu;
import dev.patchline.bench.support.RawPublisher;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/** Runs one subscriber against the source server or through mosquitto and measures it. */
public final class IngestRun {

    /** The source server's QoS 1 window (unacknowledged messages in flight), as in {@code bench/run client}. */
    private static final int WINDOW = 1_000;
    /** Raw publishers feeding mosquitto: more than one so that a single socket's pace is not what is measured. */
    private static final int PUBLISHERS = 2;
    /**
     * How far all publishers together may run ahead of what the subscriber has taken in. mosquitto acknowledges and
     * queues whatever arrives, so unpaced publishers would pile up hundreds of thousands of messages in its queues
     * (and slow it down walking them) or, at QoS 0, overrun the subscriber: the figure would no longer be a rate of
     * ingest. 5,000 messages in the pipe keep both mosquitto and the subscriber busy at all times.
     */
    private static final long AHEAD = 5_000;

    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long the probe count must stand still before the baseline of a broker run is taken. */
    private static final long SETTLED_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private IngestRun() {}

    /**
     * Capacity: the source server streams {@code messages} as fast as the socket takes them. The clock runs from
     * connecting until the last message is in, for both sides; set-up (the patch, the script) happens before.
     */
    static Measurement direct(Supplier<Subscriber> factory, long messages, int qos) throws Exception {
        try (FakeServers.Source source = new FakeServers.Source(messages, qos, WINDOW, SensorMessage.BYTES);
                Subscriber subscriber = factory.get()) {
            subscriber.prepare(source.port(), qos);
            long cpu = ProcessCpu.nanos();
            long start = System.nanoTime();
            subscriber.start();
            long end = awaitCount(subscriber, 0, messages, qos, source);
            cpu = ProcessCpu.nanos() - cpu;
            return finish(subscriber, messages, subscriber.handled(), start, end, cpu);
        }
    }

    /** Through the broker: {@link #PUBLISHERS} raw publishers share {@code messages}; the clock starts as they start. */
    public static Measurement viaBroker(Supplier<Subscriber> factory, Mosquitto broker, long messages, int qos)
            throws Exception {
        try (Subscriber subscriber = factory.get()) {
            subscriber.prepare(broker.port(), qos);
            subscriber.start();
            awaitSubscribed(subscriber, broker);
            long baseline = subscriber.handled() + subscriber.dropped();
            long handledBefore = subscriber.handled();
            AtomicLong sent = new AtomicLong();
            long progressBefore = subscriber.progress();
            // Opened once the run is over: a QoS 0 subscriber that lost messages never catches up with what was sent.
            AtomicBoolean over = new AtomicBoolean();
            LongConsumer gate = count -> {
                // 5,000 messages ahead last 200 ms or more at broker rates: looking every millisecond keeps the pipe
                // full without the publishers waking 50,000 times a second on the cores the subscriber needs.
                while (sent.get() + count - (subscriber.progress() - progressBefore) > AHEAD && !over.get()) {
                    LockSupport.parkNanos(1_000_000);
                }
                sent.addAndGet(count);
            };
            List<RawPublisher> publishers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            Throwable[] failure = new Throwable[1];
            try {
                for (int i = 0; i < PUBLISHERS; i++) {
                    RawPublisher publisher = new RawPublisher(
                            broker.port(), "bench-ingest-pub-" + i, qos, FakeServers.TOPIC, SensorMessage.BYTES);
                    publishers.add(publisher);
                    long share = messages / PUBLISHERS + (i == 0 ? messages % PUBLISHERS : 0);
                    Thread t = new Thread(
                            () -> {
                                try {
                                    publisher.publish(share, gate);
                                } catch (Exception e) {
                                    failure[0] = e;
                                }
                            },
                            "bench-ingest-pub-" + i);
                    t.setDaemon(true);
                    threads.add(t);
                }
                long cpu = ProcessCpu.nanos();
                long start = System.nanoTime();
                threads.forEach(Thread::start);
                long end = awaitCount(subscriber, baseline, baseline + messages, qos, null);
                cpu = ProcessCpu.nanos() - cpu;
                over.set(true);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                if (failure[0] != null) {
                    throw new IllegalStateException("publisher failed", failure[0]);
                }
                return finish(subscriber, messages, subscriber.handled() - handledBefore, start, end, cpu);
            } finally {
                for (RawPublisher p : publishers) {
                    p.close();
                }
            }
        }
    }

    /**
     * Probes the topic until the subscriber sees a message: only then is its subscription known to be in place. Then
     * waits until the count has stood still for {@link #SETTLED_NANOS}: probes sent while the first ones were still on
     * their way keep arriving for a while on a loaded machine, and each one that landed after the baseline was taken
     * would count as a measured message (a negative "lost").
     */
    private static void awaitSubscribed(Subscriber subscriber, Mosquitto broker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (RawPublisher probe =
                new RawPublisher(broker.port(), "bench-ingest-probe", 0, FakeServers.TOPIC, SensorMessage.BYTES)) {
            while (subscriber.handled() + subscriber.dropped() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(subscriber.name() + " received no probe through mosquitto");
                }
                probe.publish(1);
                Thread.sleep(20);
            }
        }
        long seen = -1;
        long stillSince = System.nanoTime();
        while (System.nanoTime() - stillSince < SETTLED_NANOS) {
            long now = subscriber.handled() + subscriber.dropped();
            if (now != seen) {
                seen = now;
                stillSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(subscriber.name() + " kept receiving probes for 15 s");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Polls until {@code target} messages are handled or dropped and returns when that was seen. At QoS 0 both sides
     * may also drop without saying so (the HiveMQ client discards QoS 0 messages its callback cannot keep up with), so
     * there a pause of {@link #QUIET_NANOS} without progress also ends the run, at the time of the last progress;
     * what is missing is then reported as lost.
     */
    private static long awaitCount(Subscriber subscriber, long seen, long target, int qos, FakeServers.Source source)
            throws Exception {
        long lastProgress = System.nanoTime();
        long last = seen;
        while (true) {
            long now = subscriber.handled() + subscriber.dropped();
            long t = System.nanoTime();
            if (now >= target) {
                return t;
            }
            if (now != last) {
                lastProgress = t;
                last = now;
            } else if (qos == 0 && now > seen && t - lastProgress > QUIET_NANOS) {
                return lastProgress;
            } else if (t - lastProgress > STALL_NANOS) {
                throw new IllegalStateException(subscriber.name() + " stalled at " + now + " of " + target + " messages"
                        + (source != null && source.failure != null ? " (source: " + source.failure + ")" : ""));
            }
            Thread.sleep(1);
        }
    }

    /** {@code expected} counts the messages sent after the clock started; whatever was not handled counts as lost. */
    private static Measurement finish(
            Subscriber subscriber, long expected, long handled, long start, long end, long cpuNanos) throws Exception {
        subscriber.verify();
        double rate = handled / ((end - start) / 1e9);
        return new Measurement(rate, expected - handled, heapAfterGcMb(), cpuNanos / 1e3 / Math.max(1, handled));
    }

    private static double heapAfterGcMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }
}
