package dev.patchline.protocol.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.ConnectionState;
import dev.patchline.protocol.mqtt.client.ConnectionStateListener;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttPublishException;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.FaultProxy;
import dev.patchline.protocol.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A QoS 1 and a QoS 2 stream survive ten broker restarts (mosquitto with persistence, SIGTERM then start) and,
 * separately, ten abrupt connection resets (RST through {@link FaultProxy}): every message whose publish future
 * completed reaches the subscriber, none is lost, and no QoS 2 message reaches the application twice. QoS 1
 * duplicates are allowed by MQTT; they are counted and printed as a {@code FAULT-REPORT} line.
 *
 * <p>Messages per stream: 20,000 by default (so the module's tests stay within minutes); run with
 * {@code -Dpatchline.fault.messages=100000} for the full-size check of the issue.
 */
class FaultToleranceTest {

    private static final int MESSAGES = Integer.getInteger("patchline.fault.messages", 20_000);
    private static final int FAULTS = 10;
    private static final Duration SETTLE = Duration.ofMinutes(2);

    /** One fault injected while the stream runs. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    @ParameterizedTest(name = "QoS {0}")
    @EnumSource(
            value = Qos.class,
            names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void survivesBrokerRestartsWithPersistence(Qos qos) throws Exception {
        try (MosquittoBroker broker =
                MosquittoBroker.builder().persistence(true).unlimitedQueues().start()) {
            runStream("restart", qos, broker.tcpUrl(), broker::restart, false);
        }
    }

    /**
     * The QoS 2 stream across restarts once more, with {@code qos2ReplayGuard} on the subscriber: mosquitto's replays of
     * released messages (see {@link #runStream}) are acknowledged without reaching the application, so no duplicate
     * does.
     */
    @Test
    void qos2ReplayGuardKeepsExactlyOnceAcrossBrokerRestarts() throws Exception {
        try (MosquittoBroker broker =
                MosquittoBroker.builder().persistence(true).unlimitedQueues().start()) {
            runStream("restart-guarded", Qos.EXACTLY_ONCE, broker.tcpUrl(), broker::restart, true, true);
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @EnumSource(
            value = Qos.class,
            names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void survivesAbruptConnectionResets(Qos qos) throws Exception {
        try (MosquittoBroker broker =
                        MosquittoBroker.builder().unlimitedQueues().start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            runStream(
                    "reset",
                    qos,
                    "tcp://127.0.0.1:" + proxy.port(),
                    () -> assertThat(proxy.cutAll()).isPositive(),
                    true);
        }
    }

    /**
     * @param exactlyOnceHolds whether QoS 2 duplicates fail the test. True when the broker keeps its session state
     *     exactly (connection cuts). False across mosquitto 2.0.11 restarts from its persistence file, where the broker
     *     is at fault (established with a packet trace of the subscriber's engine over 6 runs, 272 duplicates
     *     in 5 of them, 0 in the sixth): every duplicate arrived with the SAME packet id and DUP=1 on a connection
     *     after a restart, AFTER the broker had already sent PUBREL for that id on an earlier connection and the client
     *     had answered PUBCOMP. A sender must not resend the PUBLISH once it has sent PUBREL (MQTT-4.3.3-6); after
     *     PUBCOMP the receiver must treat a PUBLISH with that id as a new message (MQTT-4.3.3-12), so the client
     *     delivering it again is what the standard demands. Example: message 69, packet id 70, delivered on connection
     *     4, resent as DUP on connection 5 (suppressed, PUBREC again), PUBREL 70 answered PUBCOMP on connection 5, then
     *     PUBLISH 70 DUP with message 69 again on connection 6, right after a restart: mosquitto restored the
     *     message from its database in the state before PUBREC. No receiver can avoid this without comparing payloads.
     *     The count is printed in the FAULT-REPORT line (with DUP-TRACE lines per duplicate); loss is asserted zero.
     *     With {@code replayGuard} (EngineConfig.qos2ReplayGuard) the subscriber recognises such replays, and the
     *     stream is checked for exactly once.
     * @param replayGuard whether the subscriber runs with {@code qos2ReplayGuard}
     */
    private void runStream(String kind, Qos qos, String url, Fault fault, boolean exactlyOnceHolds) throws Exception {
        runStream(kind, qos, url, fault, exactlyOnceHolds, false);
    }

    private void runStream(String kind, Qos qos, String url, Fault fault, boolean exactlyOnceHolds, boolean replayGuard)
            throws Exception {
        String topic = "fault/" + kind + "/" + qos.value();
        AtomicIntegerArray deliveries = new AtomicIntegerArray(MESSAGES);
        AtomicInteger distinct = new AtomicInteger();
        // How each message first arrived (packet id, DUP flag, subscriber connection number), to tell on a duplicate
        // whether the broker resent it under the same packet id or a new one, and on which connection.
        AtomicIntegerArray firstArrival = new AtomicIntegerArray(MESSAGES);
        List<String> duplicateTraces = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        // Clean start off from the first connection (the broker is fresh, so there is nothing stale to resume):
        // observed
        // with mosquitto 2.0.11, a session created with clean start 1 is not restored from its persistence file after a
        // restart, although its session expiry is an hour; sessions created with clean start 0 are.
        // Fast, bounded retries: a restart takes mosquitto tens of milliseconds.
        ReconnectPolicy retry = ReconnectPolicy.exponential(
                Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(500), 2, 0.2);
        AtomicInteger subscriberConnects = new AtomicInteger();
        AtomicInteger publisherConnects = new AtomicInteger();
        List<String> sessionsLost = new CopyOnWriteArrayList<>();
        try (MqttClient subscriber = MqttClient.builder(url)
                        .clientId("fault-sub-" + kind + "-" + qos.value())
                        .version(MqttVersion.V5)
                        .cleanStart(false)
                        .sessionExpiry(Duration.ofHours(1))
                        .reconnect(retry)
                        .engine(e -> e.qos2ReplayGuard(replayGuard))
                        .stateListener(countConnects(subscriberConnects, sessionsLost))
                        .build();
                MqttClient publisher = MqttClient.builder(url)
                        .clientId("fault-pub-" + kind + "-" + qos.value())
                        .version(MqttVersion.V5)
                        .cleanStart(false)
                        .sessionExpiry(Duration.ofHours(1))
                        .reconnect(retry)
                        .stateListener(countConnects(publisherConnects, sessionsLost))
                        .build()) {
            subscriber.connect().get(10, TimeUnit.SECONDS);
            subscriber
                    .subscribe(topic, qos, message -> {
                        int id = message.payload().getInt(message.payload().readerIndex());
                        int arrival =
                                Arrival.pack(message.publish().packetId(), message.dup(), subscriberConnects.get());
                        if (deliveries.getAndIncrement(id) == 0) {
                            firstArrival.set(id, arrival);
                            distinct.incrementAndGet();
                        } else if (duplicateTraces.size() < 10) {
                            duplicateTraces.add("DUP-TRACE message " + id + ": first "
                                    + Arrival.describe(firstArrival.get(id)) + ", again " + Arrival.describe(arrival));
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            publisher.connect().get(10, TimeUnit.SECONDS);

            List<CompletableFuture<PublishResult>> futures = new ArrayList<>(MESSAGES);
            AtomicInteger published = new AtomicInteger();
            AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
            Thread producer = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < MESSAGES; i++) {
                                futures.add(publishAccepted(publisher, topic, i, qos));
                                published.set(i + 1);
                            }
                        } catch (Throwable t) {
                            publisherFailure.set(t);
                        }
                    },
                    "fault-producer");
            producer.start();
            for (int f = 1; f <= FAULTS; f++) {
                // Faults are spread over the stream as the subscriber sees it, so that each one hits messages in
                // flight.
                // Not bounded by the producer thread: it only enqueues and usually ends long before the subscriber
                // has seen the first mark, which made all ten faults hit the first few hundred messages.
                int mark = (int) ((long) MESSAGES * f / (FAULTS + 1));
                long markDeadline = System.nanoTime() + SETTLE.toNanos();
                while (distinct.get() < mark) {
                    assertThat(System.nanoTime())
                            .as("subscriber reached %d distinct messages within %s", mark, SETTLE)
                            .isLessThan(markDeadline);
                    Thread.sleep(1);
                }
                // Each fault must hit live connections: wait until both clients are back from the previous one.
                awaitConnections(f, subscriberConnects, publisherConnects);
                fault.inject();
            }
            producer.join(SETTLE.toMillis());
            assertThat(publisherFailure.get()).isNull();
            assertThat(producer.isAlive()).as("producer finished").isFalse();

            int failed = 0;
            List<String> reasons = new ArrayList<>();
            for (CompletableFuture<PublishResult> future : futures) {
                try {
                    future.get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    failed++;
                    if (reasons.size() < 5) {
                        reasons.add(String.valueOf(e.getCause()));
                    }
                }
            }
            assertThat(failed)
                    .as("publishes that failed after being accepted: %s", reasons)
                    .isZero();

            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (distinct.get() < MESSAGES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int duplicates = 0;
            int lost = 0;
            for (int i = 0; i < MESSAGES; i++) {
                int n = deliveries.get(i);
                lost += n == 0 ? 1 : 0;
                duplicates += Math.max(0, n - 1);
            }
            System.out.printf(
                    "FAULT-REPORT %s qos=%d messages=%d faults=%d lost=%d duplicates=%d sessions_lost_by_broker=%d"
                            + " seconds=%.1f%n",
                    kind,
                    qos.value(),
                    MESSAGES,
                    FAULTS,
                    lost,
                    duplicates,
                    sessionsLost.size(),
                    (System.nanoTime() - started) / 1e9);
            duplicateTraces.forEach(System.out::println);
            // A broker that answers a resumed CONNECT with "session present 0" has dropped what it owed: not the
            // client's loss.
            assertThat(sessionsLost)
                    .as("reconnects where the broker had lost the session")
                    .isEmpty();
            assertThat(lost)
                    .as("messages accepted by publish but never delivered")
                    .isZero();
            if (qos == Qos.EXACTLY_ONCE && exactlyOnceHolds) {
                assertThat(duplicates).as("QoS 2 messages delivered twice").isZero();
            }
        }
    }

    /** A message's arrival packed in an int: packet id (16 bits), DUP flag, subscriber connection number. */
    private static final class Arrival {

        static int pack(int packetId, boolean dup, int connection) {
            return packetId | (dup ? 1 << 16 : 0) | Math.min(connection, 0x7fff) << 17;
        }

        static String describe(int arrival) {
            return "[packet id " + (arrival & 0xffff) + ", dup " + ((arrival >>> 16 & 1) == 1) + ", connection "
                    + (arrival >>> 17) + "]";
        }
    }

    /** Counts CONNACKs, and records reconnects where the broker had lost the session (it then owes us nothing). */
    private static ConnectionStateListener countConnects(AtomicInteger connects, List<String> sessionsLost) {
        return (state, info, lost, cause) -> {
            if (state == ConnectionState.CONNECTED) {
                if (connects.incrementAndGet() > 1 && !info.sessionPresent()) {
                    sessionsLost.add(info.clientId() + " on connection " + connects.get());
                }
            }
        };
    }

    /** Waits until each client has completed {@code count} connections (CONNACKs). */
    private static void awaitConnections(int count, AtomicInteger... connects) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (AtomicInteger connections : connects) {
            while (connections.get() < count) {
                assertThat(System.nanoTime())
                        .as("reconnected within %s", SETTLE)
                        .isLessThan(deadline);
                Thread.sleep(2);
            }
        }
    }

    /** Publishes, waiting while the client's queue is full (backpressure), so that every publish is accepted. */
    private static CompletableFuture<PublishResult> publishAccepted(MqttClient client, String topic, int id, Qos qos)
            throws InterruptedException, TimeoutException {
        byte[] payload = {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            while (client.isPublishQueueFull()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("publish queue stayed full for " + SETTLE);
                }
                Thread.sleep(1);
            }
            CompletableFuture<PublishResult> future = client.publish(topic, payload, qos, false);
            if (future.isCompletedExceptionally() && isQueueFull(future)) {
                continue; // raced with other publishes filling the queue: not accepted, try again
            }
            return future;
        }
        throw new TimeoutException("could not publish message " + id + " within " + SETTLE);
    }

    private static boolean isQueueFull(CompletableFuture<PublishResult> future) {
        try {
            future.join();
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof MqttPublishException p && p.kind() == MqttPublishException.Kind.QUEUE_FULL;
        }
    }
}
