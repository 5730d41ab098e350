package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.nodes.core.dat.FileOutDat;
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
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path under faults: a QoS 1 and a QoS 2 stream, each from its own publisher, go through mosquitto into an
 * MQTT Client DAT and from its table into a File Out DAT, while a third publisher floods the same subscription filter
 * with QoS 0. Meanwhile mosquitto is killed (SIGKILL) and started again ten times with persistence on, and the DAT's
 * connection is reset (RST) ten times by a {@link FaultProxy} between the DAT and the broker. Everything is checked
 * from the file that File Out wrote.
 *
 * <p>What is asserted, and why exactly that:
 * <ul>
 *   <li><b>Nothing lost</b>, for both streams: every message whose publish completed (PUBACK, PUBCOMP) is in the file.
 *       The guide promises the DAT never loses a QoS 1/2 message: the inbox holds them unacknowledged when full, and a
 *       QoS 0 flood may only drop QoS 0 messages.</li>
 *   <li><b>Order</b>: per publisher, the first copy of each message is in the file in publish order (message k's first
 *       row comes after the first rows of all messages before k). A server must forward a topic in the order it
 *       received it (MQTT-4.6.0-5, -6) and resend unacknowledged messages in their original order (MQTT-4.6.0-1), so
 *       after a reconnect it starts again at its oldest unacknowledged message: QoS 1 may then show a run of repeats
 *       after newer messages (1 2 3 4 2 3 4 5), never a message before an older one it had not sent yet. With
 *       QoS 2 and no duplicates, the whole QoS 2 sequence is strictly increasing.</li>
 *   <li><b>QoS 2: no duplicate at all</b>, with the DAT's {@code qos2guard} on. Across resets the receiver's
 *       packet-id state suffices (a resent PUBLISH awaiting PUBREL is acknowledged, not delivered); across restarts
 *       mosquitto replays exchanges that were already complete from its persistence file, which the guard recognises
 *       (same packet id, DUP, same topic and payload). So the QoS 2 rows are exactly 0..N-1, in order.</li>
 *   <li><b>QoS 1: duplicates allowed, counted</b>. QoS 1 is at-least-once (MQTT section 4.3.2): a PUBACK lost with a
 *       reset connection, or one the broker had not yet saved when it was killed, makes the broker send the message
 *       again, and the DAT has no way (and no promise) to tell it from a new one. The count is printed. Observed: the
 *       repeats come in one run right after each fault, all with DUP set, thousands per fault. A plain protocol client
 *       reading as fast as it can shows the same through this proxy (3,000-4,800 per reset, each run starting about
 *       3,000 messages behind the newest one received): while publishers keep mosquitto busy, the subscriber's PUBACKs
 *       wait unread at the broker, and a reset or kill loses them.</li>
 * </ul>
 *
 * <p>The broker is killed only at moments when the publishers have nothing unacknowledged and mosquitto has just saved
 * ({@link MosquittoBroker#persistNow()}): mosquitto acknowledges a PUBLISH before it saves it, so a SIGKILL at a random
 * moment loses messages the publisher was told were safe. That is the broker's durability, not the path under test;
 * the deliveries from the broker to the DAT run on at full speed through each kill, so the DAT's acknowledgements since
 * the save are lost with the broker and it redelivers (and, for QoS 2, replays) them after the restart.
 *
 * <p>20,000 messages per stream in CI; {@code -Dpatchline.fault.messages=100000} for the long form.
 */
class MqttClientDatFaultTest {

    private static final int MESSAGES = Integer.getInteger("patchline.fault.messages", 20_000);
    private static final int RESTARTS = 10;
    private static final int RESETS = 10;
    /** Small, so that the QoS 0 flood fills it between cooks again and again. */
    private static final int INBOX = 200;
    /** QoS 0 flood messages per stream message delivered. */
    private static final int FLOOD_RATIO = 2;
    /** How far a publisher may run ahead of what reached the file, so that all three publish throughout the run. */
    private static final int LEAD = 2_000;

    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final String Q1 = "fault/q1";
    private static final String Q2 = "fault/q2";
    private static final String Q0 = "fault/q0";

    @TempDir
    Path folder;

    @Test
    void
            qos1_and_qos2_streams_reach_the_file_complete_in_order_and_qos2_exactly_once_through_kills_resets_and_a_qos0_flood()
                    throws Exception {
        long started = System.nanoTime();
        Path file = folder.resolve("received.jsonl");
        FileTail tail = new FileTail(file);
        List<String> sessionsLost = new CopyOnWriteArrayList<>();
        // No in-flight window for outgoing messages: with its default of 20, mosquitto 2.0.11 sends a new message as
        // soon
        // as the window has room, ahead of older ones still queued for that subscriber, so a subscriber that slows it
        // down
        // (the DAT's full inbox does) gets a topic out of order, against MQTT-4.6.0-6. Seen with a plain client and no
        // fault at all (hundreds of messages per 20,000, packet ids assigned in order and received out of it), and
        // never with this setting. The DAT's Receive Maximum then bounds what the broker has in flight.
        try (MosquittoBroker broker = MosquittoBroker.builder()
                        .persistence(true)
                        .unlimitedQueues()
                        .config("max_inflight_messages 0")
                        .start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                Patch patch = Patch.start(
                        graph("tcp://127.0.0.1:" + proxy.port()),
                        PatchOptions.builder().baseDir(folder).watchAll().build());
                StreamPublisher q1 = new StreamPublisher(
                        broker.tcpUrl(),
                        Q1,
                        Qos.AT_LEAST_ONCE,
                        MESSAGES,
                        sessionsLost,
                        () -> tail.q1.distinct() + LEAD);
                StreamPublisher q2 = new StreamPublisher(
                        broker.tcpUrl(),
                        Q2,
                        Qos.EXACTLY_ONCE,
                        MESSAGES,
                        sessionsLost,
                        () -> tail.q2.distinct() + LEAD);
                StreamPublisher flood = new StreamPublisher(
                        broker.tcpUrl(),
                        Q0,
                        Qos.AT_MOST_ONCE,
                        Integer.MAX_VALUE,
                        sessionsLost,
                        () -> FLOOD_RATIO * (tail.q1.distinct() + tail.q2.distinct()) + LEAD)) {
            awaitInfo(patch, "mqtt", "connected", 1);
            awaitSubscribed(broker, tail);
            q1.start();
            q2.start();
            flood.start();

            int faults = RESTARTS + RESETS;
            int restarts = 0;
            int resets = 0;
            for (int f = 1; f <= faults; f++) {
                // Spread over the streams as the file sees them, so that each fault hits messages on their way.
                long mark = 2L * MESSAGES * f / (faults + 1);
                long deadline = System.nanoTime() + SETTLE.toNanos();
                while (tail.q1.distinct() + tail.q2.distinct() < mark) {
                    assertThat(System.nanoTime())
                            .as("%d distinct stream messages in the file within %s; %s", mark, SETTLE, tail)
                            .isLessThan(deadline);
                    tail.read();
                    Thread.sleep(2);
                }
                // Each fault must hit a live connection: the DAT is back from the previous one.
                awaitInfo(patch, "mqtt", "reconnects", f - 1);
                if (f % 2 == 1) {
                    assertThat(proxy.cutAll())
                            .as("connections reset by the proxy")
                            .isPositive();
                    resets++;
                } else {
                    q1.pauseWithNothingInFlight();
                    q2.pauseWithNothingInFlight();
                    broker.persistNow();
                    broker.kill();
                    broker.launch();
                    restarts++;
                    q1.resume();
                    q2.resume();
                }
            }

            q1.awaitDone(tail);
            q2.awaitDone(tail);
            flood.close();
            assertThat(q1.failures())
                    .as("QoS 1 publishes that failed after being accepted")
                    .isEmpty();
            assertThat(q2.failures())
                    .as("QoS 2 publishes that failed after being accepted")
                    .isEmpty();
            // Each publisher's last message, published once all others were acknowledged: the broker forwards a topic
            // in order (MQTT-4.6.0-5) and resends what it owes first, so once it is in the file, every earlier message
            // that is ever going to arrive has.
            q1.publishEndMarker();
            q2.publishEndMarker();
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!tail.q1.sawEnd || !tail.q2.sawEnd) {
                assertThat(System.nanoTime())
                        .as("both end markers in the file within %s; %s", SETTLE, tail)
                        .isLessThan(deadline);
                tail.read();
                Thread.sleep(5);
            }
            double missed = info(patch, "log", "missed");
            double dropped = info(patch, "mqtt", "dropped");

            System.out.printf(
                    "FAULT-REPORT graph messages=%d restarts=%d resets=%d (connections cut %d) qos1 lost=%d"
                            + " duplicates=%d qos2 lost=%d duplicates=%d qos0 rows=%d dropped=%.0f seconds=%.1f%n",
                    MESSAGES,
                    restarts,
                    resets,
                    proxy.cutConnections(),
                    tail.q1.lost(),
                    tail.q1.duplicates,
                    tail.q2.lost(),
                    tail.q2.duplicates,
                    tail.qos0Rows,
                    dropped,
                    (System.nanoTime() - started) / 1e9);

            assertThat(sessionsLost)
                    .as("reconnects where the broker had lost a publisher's session")
                    .isEmpty();
            assertThat(missed)
                    .as("rows File Out could not write (left the DAT's table before it cooked)")
                    .isZero();
            assertThat(tail.q1.lost())
                    .as("QoS 1 messages missing from the file")
                    .isZero();
            assertThat(tail.q2.lost())
                    .as("QoS 2 messages missing from the file")
                    .isZero();
            assertThat(tail.q1.outOfOrder)
                    .as("QoS 1 messages whose first copy came before an earlier message's")
                    .isEmpty();
            assertThat(tail.q2.outOfOrder)
                    .as("QoS 2 messages whose first copy came before an earlier message's")
                    .isEmpty();
            assertThat(tail.q2.duplicates)
                    .as("QoS 2 messages in the file twice (qos2guard on)")
                    .isZero();
            assertThat(dropped)
                    .as("QoS 0 messages dropped by the full inbox: the flood did fill it")
                    .isPositive();
        }
    }

    private static Graph graph(String url) {
        return Graph.builder()
                .node(
                        "mqtt",
                        MqttClientDat.TYPE,
                        n -> n.set(MqttClientDat.NETADDRESS, url)
                                .set(MqttClientDat.SPECIFYID, true)
                                .set(MqttClientDat.USERCID, "fault-dat")
                                // Resume the broker's session after every reconnect and restart. Clean start is off
                                // from the
                                // first connection: mosquitto 2.0.11 does not restore a session created with clean
                                // start on.
                                .set(MqttClientDat.CLEANSESSION, false)
                                .set(MqttClientDat.SESSIONEXPIRY, 3600)
                                .set(MqttClientDat.QOS2GUARD, true)
                                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("fault/#", 2)))
                                .set(MqttClientDat.INBOX, INBOX)
                                // At least the inbox: a cook appends at most what waited in the inbox, and File Out,
                                // cooking
                                // right after it, must see every one of those rows.
                                .set(MqttClientDat.MAXLINES, INBOX))
                .node(
                        "log",
                        FileOutDat.TYPE,
                        n -> n.inputs("mqtt")
                                .set(FileOutDat.FILE, "received.jsonl")
                                .set(FileOutDat.FORMAT, FileOutDat.Format.JSONL))
                .build();
    }

    /** Waits until node {@code id} is connected and its info channel {@code name} is at least {@code min}. */
    private static void awaitInfo(Patch patch, String id, String name, double min) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            double value = info(patch, id, name);
            double connected = info(patch, id, "connected");
            if (value >= min && connected == 1) return;
            assertThat(System.nanoTime())
                    .as("node %s: info %s >= %s while connected, within %s (now %s)", id, name, min, SETTLE, value)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Info channel {@code name} of node {@code id}, -1 when the node does not report it. */
    private static double info(Patch patch, String id, String name) throws Exception {
        return patch.query(v -> v.node(id).getInfo().getOrDefault(name, -1.0)).get(10, TimeUnit.SECONDS);
    }

    /** Publishes probes until one reaches the file: then the DAT's subscription is in place. */
    private static void awaitSubscribed(MosquittoBroker broker, FileTail tail) throws Exception {
        try (MqttClient probe =
                MqttClient.builder(broker.tcpUrl()).clientId("fault-probe").build()) {
            probe.connect().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (tail.qos0Rows == 0) {
                assertThat(System.nanoTime())
                        .as("the DAT's subscription in place within %s", SETTLE)
                        .isLessThan(deadline);
                probe.publish(Q0, "probe", Qos.AT_MOST_ONCE, false).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < 20 && tail.qos0Rows == 0; i++) {
                    tail.read();
                    Thread.sleep(5);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the file, read as it grows

    /** Reads the JSON Lines file as File Out appends to it and keeps, per stream, what arrived. Test thread only. */
    private static final class FileTail {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path file;
        private long position;
        private final StringBuilder partial = new StringBuilder();
        final Stream q1 = new Stream();
        final Stream q2 = new Stream();
        volatile int qos0Rows;

        FileTail(Path file) {
            this.file = file;
        }

        void read() throws IOException {
            if (!Files.exists(file)) return;
            byte[] chunk;
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length <= position) return;
                chunk = new byte[(int) Math.min(length - position, 16 << 20)];
                in.seek(position);
                in.readFully(chunk);
                position += chunk.length;
            }
            partial.append(new String(chunk, StandardCharsets.UTF_8));
            int start = 0;
            int end;
            while ((end = partial.indexOf("\n", start)) >= 0) {
                line(partial.substring(start, end));
                start = end + 1;
            }
            partial.delete(0, start);
        }

        private void line(String text) throws IOException {
            JsonNode row = JSON.readTree(text);
            String topic = row.path("topic").asText();
            String payload = row.path("payload").asText();
            switch (topic) {
                case Q1 -> q1.arrived(payload);
                case Q2 -> q2.arrived(payload);
                case Q0 -> qos0Rows++;
                default -> throw new AssertionError("unexpected row in the file: " + text);
            }
        }

        @Override
        public String toString() {
            return "file so far: QoS 1 " + q1.distinct() + " distinct, QoS 2 " + q2.distinct()
                    + " distinct, QoS 0 rows " + qos0Rows;
        }
    }

    /** One publisher's messages as found in the file. */
    private static final class Stream {
        private final byte[] copies = new byte[MESSAGES];
        private volatile int distinct;
        private int lastFirst = -1;
        int duplicates;
        boolean sawEnd;
        final List<String> outOfOrder = new ArrayList<>();

        void arrived(String payload) {
            if (payload.equals("end")) {
                sawEnd = true;
                return;
            }
            int id = Integer.parseInt(payload);
            if (copies[id] > 0) {
                duplicates++;
            } else {
                if (id < lastFirst && outOfOrder.size() < 10) {
                    outOfOrder.add("message " + id + " first arrived after message " + lastFirst);
                }
                lastFirst = Math.max(lastFirst, id);
                distinct++;
            }
            if (copies[id] < Byte.MAX_VALUE) copies[id]++;
        }

        int distinct() {
            return distinct;
        }

        int lost() {
            int lost = 0;
            for (byte c : copies) lost += c == 0 ? 1 : 0;
            return lost;
        }
    }

    // ------------------------------------------------------------------ publishers

    /**
     * One publisher on its own thread and session (clean start off, MQTT 5, an hour of session expiry, quick
     * reconnects): publishes {@code count} numbered messages, never more than {@code allowed} says, and can be paused
     * with nothing unacknowledged.
     */
    private static final class StreamPublisher implements AutoCloseable {
        private final MqttClient client;
        private final String topic;
        private final Qos qos;
        private final int count;
        private final IntSupplier allowed;
        private final Thread thread;
        /** The publish futures of QoS 1/2 messages, by message number (null for QoS 0: nothing to wait for). */
        private final CompletableFuture<?>[] futures;

        private volatile int published;
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Object lock = new Object();
        private boolean pauseRequested; // guarded by lock
        private boolean parked; // guarded by lock
        private volatile boolean stopped;
        private boolean closed;
        private int checked; // futures already seen complete; test thread only

        StreamPublisher(String url, String topic, Qos qos, int count, List<String> sessionsLost, IntSupplier allowed)
                throws Exception {
            this.topic = topic;
            this.qos = qos;
            this.count = count;
            this.allowed = allowed;
            this.futures = qos == Qos.AT_MOST_ONCE ? null : new CompletableFuture<?>[count];
            ReconnectPolicy retry = ReconnectPolicy.exponential(
                    Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(500), 2, 0.2);
            AtomicInteger connects = new AtomicInteger();
            ConnectionStateListener listener = (state, info, lost, cause) -> {
                if (state == ConnectionState.CONNECTED && connects.incrementAndGet() > 1 && !info.sessionPresent()) {
                    sessionsLost.add(info.clientId() + " on connection " + connects.get());
                }
            };
            this.client = MqttClient.builder(url)
                    .clientId("fault-pub-" + topic.replace('/', '-'))
                    .version(MqttVersion.V5)
                    .cleanStart(false)
                    .sessionExpiry(Duration.ofHours(1))
                    .reconnect(retry)
                    .stateListener(listener)
                    .build();
            client.connect().get(10, TimeUnit.SECONDS);
            this.thread = new Thread(this::run, "fault-publisher-" + topic);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                for (int i = 0; i < count && !stopped; i++) {
                    checkpoint();
                    while (i >= allowed.getAsInt() && !stopped) {
                        checkpoint();
                        Thread.sleep(1);
                    }
                    CompletableFuture<PublishResult> future = publishAccepted(Integer.toString(i));
                    if (futures != null) futures[i] = future;
                    published = i + 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failures.add("publisher thread: " + t);
            }
        }

        /** Parks the publisher thread while a pause is requested. */
        private void checkpoint() throws InterruptedException {
            synchronized (lock) {
                if (!pauseRequested) return;
                parked = true;
                lock.notifyAll();
                long deadline = System.nanoTime() + SETTLE.toNanos();
                while (pauseRequested && System.nanoTime() < deadline) lock.wait(100);
                parked = false;
            }
        }

        /** Stops publishing new messages and waits until every message published so far is acknowledged. */
        void pauseWithNothingInFlight() throws Exception {
            synchronized (lock) {
                pauseRequested = true;
                long deadline = System.nanoTime() + SETTLE.toNanos();
                while (!parked && thread.isAlive()) {
                    assertThat(System.nanoTime())
                            .as("%s publisher paused", topic)
                            .isLessThan(deadline);
                    lock.wait(100);
                }
            }
            awaitAcknowledged();
        }

        void resume() {
            synchronized (lock) {
                pauseRequested = false;
                lock.notifyAll();
            }
        }

        private void awaitAcknowledged() throws Exception {
            for (int end = published; futures != null && checked < end; checked++) {
                try {
                    futures[checked].get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (failures.size() < 5) failures.add("message " + checked + ": " + e.getCause());
                }
            }
        }

        /** Waits for the publisher thread to finish (reading the file meanwhile, which paces it) and for every acknowledgement. */
        void awaitDone(FileTail tail) throws Exception {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (thread.isAlive()) {
                assertThat(System.nanoTime())
                        .as("%s publisher finished within %s; %s", topic, SETTLE, tail)
                        .isLessThan(deadline);
                tail.read();
                thread.join(5);
            }
            awaitAcknowledged();
        }

        void publishEndMarker() throws Exception {
            client.publish(topic, "end", qos, false).get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<String> failures() {
            return failures;
        }

        /** Publishes, waiting while the client's queue is full, so that every message is accepted. */
        private CompletableFuture<PublishResult> publishAccepted(String payload)
                throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                while (client.isPublishQueueFull()) {
                    if (System.nanoTime() > deadline) throw new TimeoutException("publish queue full for " + SETTLE);
                    Thread.sleep(1);
                }
                CompletableFuture<PublishResult> future = client.publish(topic, payload, qos, false);
                if (!(future.isCompletedExceptionally() && isQueueFull(future))) return future;
            }
            throw new TimeoutException("could not publish " + topic + " " + payload + " within " + SETTLE);
        }

        private static boolean isQueueFull(CompletableFuture<PublishResult> future) {
            try {
                future.join();
                return false;
            } catch (CompletionException e) {
                return e.getCause() instanceof MqttPublishException p
                        && p.kind() == MqttPublishException.Kind.QUEUE_FULL;
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (closed) return;
            closed = true;
            stopped = true;
            resume();
            thread.join(SETTLE.toMillis());
            client.close();
        }
    }
}
