package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MQTT Client DAT against mosquitto: broker restarts, backpressure with a slow callback, QoS 0 drops, switching brokers. */
class MqttClientDatMosquittoTest {

    @Test
    void subscriptions_are_restored_after_the_broker_restarts() throws Exception {
        MqttClientDatTest.Recorder rec = new MqttClientDatTest.Recorder();
        try (MosquittoBroker broker = MosquittoBroker.start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("restart/#", 1)))
                        .callbacks(CallbackSpec.object(rec))) {
            r.cookUntil(() -> r.info("connected") == 1 && rec.has("onSubscribe"), Duration.ofSeconds(30), "connected");
            try (Peer peer = new Peer(broker.tcpUrl())) {
                peer.publishAndWait("restart/a", "before", 1);
            }
            r.cookUntil(() -> r.info("received") == 1, Duration.ofSeconds(30), "message before restart");

            broker.restart(); // a fresh broker without persistence: our session is gone
            r.cookUntil(
                    () -> rec.has("onConnectionLost") && r.info("connected") == 1 && r.info("reconnects") == 1,
                    Duration.ofSeconds(30),
                    "reconnect after the restart");
            publishUntilReceived(
                    r,
                    broker,
                    "restart/b",
                    "after",
                    2,
                    "message after the restart (subscription restored by the client)");
            assertThat(r.output().cell(r.output().numRows() - 1, "payload")).isEqualTo("after");
            assertThat(rec.count("onConnect("))
                    .as("onConnect again after the restart")
                    .isEqualTo(2);
        }
    }

    @Test
    void a_slow_callback_with_a_fast_qos1_publisher_loses_nothing_and_keeps_the_inbox_bounded() throws Exception {
        List<String> payloads = new ArrayList<>();
        PayloadCallbacks callbacks = new PayloadCallbacks((dat, payload) -> {
            payloads.add(payload);
            PayloadCallbacks.slowDown(1); // a slow callback: the cook thread falls behind the publisher
        });
        int total = 600;
        int inbox = 20;
        try (MosquittoBroker broker =
                        MosquittoBroker.builder().unlimitedQueues().start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.INBOX, inbox)
                        .set(MqttClientDat.MAXLINES, 50)
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("load/#", 1)))
                        .callbacks(CallbackSpec.object(callbacks));
                Peer peer = new Peer(broker.tcpUrl())) {
            r.cookUntil(
                    () -> r.info("connected") == 1 && callbacks.subscribed(),
                    Duration.ofSeconds(30),
                    "connected and subscribed");
            for (int i = 0; i < total; i++) peer.publish("load/x", Integer.toString(i), 1, false);
            double maxPending = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (payloads.size() < total && System.nanoTime() < deadline) {
                r.cook();
                maxPending = Math.max(maxPending, r.info("messages_pending"));
            }
            assertThat(payloads).hasSize(total);
            for (int i = 0; i < total; i++) assertThat(payloads.get(i)).isEqualTo(Integer.toString(i));
            assertThat(maxPending)
                    .as("the inbox never holds more than its size")
                    .isLessThanOrEqualTo(inbox);
            assertThat(r.info("dropped")).isZero();
            assertThat(r.output().numRows()).isEqualTo(50);
        }
    }

    @Test
    void more_messages_than_maxlines_between_cooks_all_reach_onmessage_in_order_and_the_newest_are_rows()
            throws Exception {
        int total = 200;
        List<String> seen = new ArrayList<>();
        List<Integer> rowsDuringCallback = new ArrayList<>();
        PayloadCallbacks callbacks = new PayloadCallbacks((dat, payload) -> {
            seen.add(payload);
            rowsDuringCallback.add(dat.getTable().numRows());
        });
        try (MosquittoBroker broker = MosquittoBroker.start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.MAXLINES, 5)
                        .set(MqttClientDat.COLUMNS, MqttClientDat.columns("n", "/n"))
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("many/#", 1)))
                        .callbacks(CallbackSpec.object(callbacks));
                Peer peer = new Peer(broker.tcpUrl())) {
            r.cookUntil(
                    () -> r.info("connected") == 1 && callbacks.subscribed(),
                    Duration.ofSeconds(30),
                    "connected and subscribed");
            for (int i = 0; i < total - 1; i++) peer.publish("many/x", "{\"n\": " + i + "}", 1, false);
            peer.publishAndWait("many/x", "{\"n\": " + (total - 1) + "}", 1);
            Thread.sleep(300); // no cook meanwhile: far more than maxlines wait in the inbox
            r.cookUntil(() -> r.info("received") == total, Duration.ofSeconds(30), "all messages taken");
            assertThat(seen).hasSize(total);
            for (int i = 0; i < total; i++) assertThat(seen.get(i)).isEqualTo("{\"n\": " + i + "}");
            assertThat(rowsDuringCallback)
                    .as("rows are bounded by maxlines at every callback")
                    .allMatch(n -> n <= 5);
            assertThat(r.output().numRows()).isEqualTo(5);
            for (int row = 0; row < 5; row++) {
                assertThat(r.output().cell(row, "n")).isEqualTo(Integer.toString(total - 5 + row));
            }
            assertThat(r.output().firstRowSeq() + r.output().numRows())
                    .as("row sequence numbers count every message, as if each had been appended")
                    .isEqualTo(total);
            assertThat(r.info("dropped")).isZero();
        }
    }

    @Test
    void qos0_overflow_drops_the_arriving_messages_and_counts_them() throws Exception {
        int total = 300;
        MqttClientDatTest.Recorder rec = new MqttClientDatTest.Recorder();
        try (MosquittoBroker broker = MosquittoBroker.start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.INBOX, 10)
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("burst/#", 0)))
                        .callbacks(CallbackSpec.object(rec));
                Peer peer = new Peer(broker.tcpUrl())) {
            r.cookUntil(
                    () -> r.info("connected") == 1 && rec.has("onSubscribe"),
                    Duration.ofSeconds(30),
                    "connected and subscribed");
            for (int i = 0; i < total; i++) peer.publish("burst/x", Integer.toString(i), 0, false);
            peer.publishAndWait("burst/sync", "end", 1); // flushes the peer; the DAT gets it at QoS 0
            Thread.sleep(500); // no cook meanwhile: the inbox overflows
            r.cookUntil(
                    () -> r.info("received") + r.info("dropped") == total + 1,
                    Duration.ofSeconds(30),
                    "all accounted for");
            assertThat(r.info("dropped")).isGreaterThan(0);
            assertThat(r.output().cell(0, "payload"))
                    .as("the messages already waiting are kept")
                    .isEqualTo("0");
        }
    }

    @Test
    void maxbytes_bounds_the_table_in_bytes_dropping_the_oldest_rows() throws Exception {
        int payload = 10_000;
        try (MosquittoBroker broker = MosquittoBroker.start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.MAXBYTES, 5 * payload + 1_000)
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("heavy/#", 1)))
                        .callbacks(CallbackSpec.object(new MqttClientCallbacks() {
                            @Override
                            public void onSubscribe(MqttClientView dat, String topics) {
                                dat.publish("heavy/x", "0".repeat(payload), 1, false);
                            }
                        }));
                Peer peer = new Peer(broker.tcpUrl())) {
            r.cookUntil(
                    () -> r.info("received") == 1,
                    Duration.ofSeconds(30),
                    "the first message (published once subscribed)");
            for (int i = 1; i < 20; i++)
                peer.publishAndWait("heavy/x", Integer.toString(i % 10).repeat(payload), 1);
            r.cookUntil(() -> r.info("received") == 20, Duration.ofSeconds(30), "all messages");
            assertThat(r.output().numRows())
                    .as("5 rows of 10,000 characters fit 51,000 bytes, 6 do not")
                    .isEqualTo(5);
            assertThat(r.output().cell(4, "payload")).as("the newest row stays").isEqualTo("9".repeat(payload));
            r.set(MqttClientDat.MAXBYTES, 1_024);
            r.cook();
            assertThat(r.output().numRows())
                    .as("the newest row stays even when it alone is over the bound")
                    .isEqualTo(1);
        }
    }

    @Test
    void netaddress_change_moves_the_node_to_another_broker() throws Exception {
        try (MosquittoBroker first = MosquittoBroker.start();
                MosquittoBroker second = MosquittoBroker.start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, first.tcpUrl())
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("move/#", 1)))) {
            r.cookUntil(() -> r.info("connected") == 1, Duration.ofSeconds(30), "connected to the first broker");
            r.set(MqttClientDat.NETADDRESS, second.tcpUrl());
            publishUntilReceived(r, second, "move/x", "on second", 1, "message through the second broker");
            assertThat(r.output().cell(0, "payload")).isEqualTo("on second");
        }
    }

    /**
     * Publishes {@code payload} on {@code topic} through {@code broker}, again after each few frames, until the DAT has
     * received {@code received} messages: its subscription may not be on the broker yet.
     */
    private static void publishUntilReceived(
            OperatorTestRunner r, MosquittoBroker broker, String topic, String payload, int received, String what) {
        r.cookUntil(
                () -> {
                    try (Peer peer = new Peer(broker.tcpUrl())) {
                        peer.publishAndWait(topic, payload, 1);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    r.cook(3);
                    return r.info("received") >= received;
                },
                Duration.ofSeconds(30),
                what);
    }
}
