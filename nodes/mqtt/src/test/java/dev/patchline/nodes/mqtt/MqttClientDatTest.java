package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.MessageQueue;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.testing.EmbeddedHiveMq;
import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MQTT Client DAT against an embedded HiveMQ CE: rows, columns, callbacks, publishing, live parameter changes. */
class MqttClientDatTest {
    private static EmbeddedHiveMq broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedHiveMq.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static OperatorTestRunner dat(String... filters) {
        List<SubscriptionSpec> subs = new ArrayList<>();
        for (String f : filters) subs.add(SubscriptionSpec.of(f, 1));
        return OperatorTestRunner.of(MqttClientDat.TYPE)
                .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                .set(MqttClientDat.SUBSCRIPTIONS, subs);
    }

    private static void awaitConnectedAndSubscribed(OperatorTestRunner r, Recorder rec) {
        r.cookUntil(
                () -> r.info("connected") == 1 && rec.has("onSubscribe"),
                Duration.ofSeconds(30),
                "connected and subscribed");
    }

    private static List<String> column(Table t, String name) {
        List<String> values = new ArrayList<>();
        for (int row = 0; row < t.numRows(); row++) values.add(t.cell(row, name));
        return values;
    }

    @Test
    void messages_become_rows_with_json_columns_bounded_by_maxlines() throws Exception {
        Recorder rec = new Recorder();
        try (OperatorTestRunner r = dat("rows/#")
                        .callbacks(CallbackSpec.object(rec))
                        .set(MqttClientDat.MAXLINES, 3)
                        .set(MqttClientDat.COLUMNS, Map.of("temp", "/temp"));
                Peer peer = new Peer(broker.tcpUrl())) {
            awaitConnectedAndSubscribed(r, rec);
            for (int i = 1; i <= 4; i++) peer.publishAndWait("rows/kitchen", "{\"temp\": " + (20 + i) + "}", 1);
            peer.publishAndWait("rows/hall", "not json", 1);
            r.cookUntil(() -> r.info("received") == 5, Duration.ofSeconds(30), "5 rows");

            Table t = r.output();
            assertThat(List.of(
                            t.header(0), t.header(1), t.header(2), t.header(3), t.header(4), t.header(5), t.header(6)))
                    .containsExactly("time", "topic", "payload", "qos", "retained", "dup", "temp");
            assertThat(t.numRows()).as("maxlines keeps the newest rows").isEqualTo(3);
            assertThat(column(t, "topic")).containsExactly("rows/kitchen", "rows/kitchen", "rows/hall");
            assertThat(column(t, "temp")).containsExactly("23", "24", "");
            assertThat(column(t, "payload")).containsExactly("{\"temp\": 23}", "{\"temp\": 24}", "not json");
            assertThat(column(t, "qos")).containsOnly("1");
            assertThat(r.info("json_errors"))
                    .as("the non-JSON payload is counted")
                    .isEqualTo(1.0);
            assertThat(r.info("dropped")).isZero();
        }
    }

    @Test
    void callbacks_fire_with_touchdesigner_names_and_arguments() throws Exception {
        Recorder rec = new Recorder();
        try (OperatorTestRunner r = dat("cb/#").callbacks(CallbackSpec.object(rec));
                Peer peer = new Peer(broker.tcpUrl())) {
            awaitConnectedAndSubscribed(r, rec);
            assertThat(rec.calls()).startsWith("onConnect(true)");
            assertThat(rec.calls()).contains("onSubscribe(cb/#)");

            // Not retained: a retained message would be delivered again, flagged retained, if a loaded machine made
            // the DAT reconnect and subscribe again before the assertion.
            peer.client
                    .publish("cb/one", "hello".getBytes(), Qos.AT_MOST_ONCE, false)
                    .get();
            r.cookUntil(() -> rec.has("onMessage"), Duration.ofSeconds(30), "onMessage");
            assertThat(rec.last("onMessage")).isEqualTo("onMessage(cb/one, hello, 0, false, false)");

            rec.view.subscribe("cb2/+", 2);
            r.cookUntil(() -> rec.has("onSubscribe(cb2/+)"), Duration.ofSeconds(30), "dynamic subscribe");
            rec.view.publish("cb2/x", "via view", 1, false);
            r.cookUntil(
                    () -> rec.has("onPublish(cb2/x)") && rec.has("onMessage(cb2/x"),
                    Duration.ofSeconds(30),
                    "publish round trip");
            assertThat(rec.last("onMessage")).isEqualTo("onMessage(cb2/x, via view, 1, false, false)");

            rec.view.unsubscribe(List.of("cb2/+"));
            r.cookUntil(() -> rec.has("onUnsubscribe(cb2/+)"), Duration.ofSeconds(30), "unsubscribe");

            rec.view.subscribe("bad/#/filter", 0);
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message()).isEqualTo("subscribe to 'bad/#/filter' refused: not a valid topic filter");
        }
    }

    @Test
    void a_throwing_callback_errors_the_node_and_messages_keep_flowing() throws Exception {
        try (OperatorTestRunner r = dat("boom/#").callbacks(CallbackSpec.inline(Subacks.ON_SUBSCRIBE + """
                def onMessage(dat, topic, payload, qos, retained, dup) {
                    if (payload == 'bad') throw new IllegalStateException('cannot handle ' + topic)
                }
                """));
                Peer peer = new Peer(broker.tcpUrl())) {
            r.cookUntil(
                    () -> r.info("connected") == 1 && Subacks.acknowledged("boom/#"),
                    Duration.ofSeconds(30),
                    "connected and subscribed");
            peer.publishAndWait("boom/a", "bad", 1);
            r.cookUntil(() -> r.info("received") == 1, Duration.ofSeconds(30), "first message");
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).contains("cannot handle boom/a");
            peer.publishAndWait("boom/b", "good", 1);
            r.cookUntil(() -> r.info("received") == 2, Duration.ofSeconds(30), "second message");
            assertThat(r.output().cell(1, "payload")).isEqualTo("good");
        }
    }

    @Test
    void publishes_from_a_callback_and_from_the_input_table_reach_another_client() throws Exception {
        try (OperatorTestRunner r = dat("alarm/#").callbacks(CallbackSpec.inline(Subacks.ON_SUBSCRIBE + """
                def onMessage(dat, topic, payload, qos, retained, dup) {
                    dat.publish('lights/all', '{"mode":"red","from":"' + topic + '"}', 1, false)
                }
                """));
                Peer peer = new Peer(broker.tcpUrl())) {
            MessageQueue lights = peer.listen("lights/#");
            r.input(0).setHeader("topic", "payload", "qos", "retain");
            r.input(0).appendRow("lights/start", "boot", "1", "0");
            r.cookUntil(
                    () -> r.info("connected") == 1 && r.info("published") == 1,
                    Duration.ofSeconds(30),
                    "input row published");
            assertThat(Peer.take(lights, 1)).containsExactly("lights/start=boot");

            r.cookUntil(() -> Subacks.acknowledged("alarm/#"), Duration.ofSeconds(30), "SUBACK of alarm/#");
            peer.publishAndWait("alarm/door", "open", 1);
            r.cookUntil(() -> r.info("published") == 2, Duration.ofSeconds(30), "publish from onMessage");
            assertThat(Peer.take(lights, 1)).containsExactly("lights/all={\"mode\":\"red\",\"from\":\"alarm/door\"}");

            r.input(0).appendRow("lights/stage", "blue", "0", "0");
            r.input(0).appendRow("lights/house", "dim", "2", "0");
            r.cookUntil(
                    () -> r.info("published") == 4,
                    Duration.ofSeconds(30),
                    "two new input rows; published " + r.info("published") + ", inflight " + r.info("inflight")
                            + ", failures " + r.info("publish_failures"));
            assertThat(Peer.take(lights, 2)).containsExactlyInAnyOrder("lights/stage=blue", "lights/house=dim");
            assertThat(r.info("inflight")).isZero();
        }
    }

    @Test
    void a_groovy_on_message_publishes_like_the_architecture_sample() throws Exception {
        try (OperatorTestRunner r = dat("groovy/alarm/#").callbacks(CallbackSpec.inline(Subacks.ON_SUBSCRIBE + """
                def onMessage(dat, topic, payload, qos, retained, dup) {
                    if (topic.endsWith('/alarm')) dat.publish('groovy/lights/all', '{"mode":"red"}', 1, false)
                }
                """));
                Peer peer = new Peer(broker.tcpUrl())) {
            MessageQueue lights = peer.listen("groovy/lights/#");
            r.cookUntil(
                    () -> r.info("connected") == 1 && Subacks.acknowledged("groovy/alarm/#"),
                    Duration.ofSeconds(30),
                    "connected and subscribed");
            peer.publishAndWait("groovy/alarm/door/alarm", "open", 1);
            r.cookUntil(() -> r.info("published") == 1, Duration.ofSeconds(30), "publish from the Groovy onMessage");
            assertThat(Peer.take(lights, 1)).containsExactly("groovy/lights/all={\"mode\":\"red\"}");
        }
    }

    @Test
    void nodes_naming_one_connection_share_it_and_each_gets_its_own_messages() throws Exception {
        Recorder recA = new Recorder();
        Recorder recB = new Recorder();
        try (OperatorTestRunner a = dat("shared/a/#")
                        .set(MqttClientDat.CONNECTION, "stage")
                        .set(MqttClientDat.SPECIFYID, true)
                        .set(MqttClientDat.USERCID, "stage-conn")
                        .callbacks(CallbackSpec.object(recA));
                OperatorTestRunner b = dat("shared/b/#")
                        .set(MqttClientDat.CONNECTION, "stage")
                        .set(MqttClientDat.SPECIFYID, true)
                        .set(MqttClientDat.USERCID, "stage-conn")
                        .callbacks(CallbackSpec.object(recB));
                Peer peer = new Peer(broker.tcpUrl())) {
            awaitConnectedAndSubscribed(a, recA);
            awaitConnectedAndSubscribed(b, recB);
            peer.publishAndWait("shared/a/1", "for a", 1);
            peer.publishAndWait("shared/b/1", "for b", 1);
            a.cookUntil(() -> a.info("received") == 1, Duration.ofSeconds(30), "a's message");
            b.cookUntil(() -> b.info("received") == 1, Duration.ofSeconds(30), "b's message");
            a.cook(3);
            b.cook(3);
            assertThat(column(a.output(), "payload")).containsExactly("for a");
            assertThat(column(b.output(), "payload")).containsExactly("for b");
            // One client id, one connection: a second connection with the same id would have kicked the first off.
            assertThat(a.info("reconnects") + b.info("reconnects")).isZero();
        }
    }

    @Test
    void subscriptions_and_active_change_while_running_without_restarting_the_graph() throws Exception {
        Recorder rec = new Recorder();
        try (OperatorTestRunner r = dat("live/a").callbacks(CallbackSpec.object(rec));
                Peer peer = new Peer(broker.tcpUrl())) {
            awaitConnectedAndSubscribed(r, rec);
            r.set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("live/b", 1)));
            r.cookUntil(
                    () -> rec.has("onUnsubscribe(live/a)") && rec.has("onSubscribe(live/b)"),
                    Duration.ofSeconds(30),
                    "subscription swap");
            assertThat(rec.count("onConnect("))
                    .as("no reconnect for a subscription change")
                    .isEqualTo(1);
            peer.publishAndWait("live/a", "old", 1);
            peer.publishAndWait("live/b", "new", 1);
            r.cookUntil(() -> r.info("received") >= 1, Duration.ofSeconds(30), "message on live/b");
            r.cook(5);
            assertThat(column(r.output(), "topic")).containsExactly("live/b");

            r.set(MqttClientDat.ACTIVE, false);
            r.cookUntil(() -> r.info("connected") == 0, Duration.ofSeconds(30), "disconnect");
            r.set(MqttClientDat.ACTIVE, true);
            r.cookUntil(
                    () -> r.info("connected") == 1 && rec.count("onSubscribe(live/b)") == 2,
                    Duration.ofSeconds(30),
                    "reconnect");
            peer.publishAndWait("live/b", "again", 1);
            r.cookUntil(() -> r.info("received") == 2, Duration.ofSeconds(30), "message after re-activation");
        }
    }

    @Test
    void an_unreachable_broker_shows_a_warning_with_the_reason_and_is_retried() {
        Recorder rec = new Recorder();
        int closedPort = FreePorts.tcp();
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                .set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:" + closedPort)
                .callbacks(CallbackSpec.object(rec))) {
            r.cookUntil(() -> rec.count("onConnectFailure") >= 2, Duration.ofSeconds(30), "two failed attempts");
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message())
                    .contains("cannot connect to tcp://127.0.0.1:" + closedPort)
                    .contains("retrying");
            assertThat(r.info("connected")).isZero();

            r.set(MqttClientDat.NETADDRESS, broker.tcpUrl());
            r.cookUntil(() -> r.info("connected") == 1, Duration.ofSeconds(30), "connected after fixing netaddress");
            assertThat(r.state()).isEqualTo(NodeState.OK);
        }
    }

    /** Records callbacks as text, in order; a Java callbacks object. */
    public static final class Recorder implements MqttClientCallbacks {
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile MqttClientView view;

        List<String> calls() {
            synchronized (calls) {
                return new ArrayList<>(calls);
            }
        }

        boolean has(String prefix) {
            return calls().stream().anyMatch(c -> c.startsWith(prefix));
        }

        long count(String prefix) {
            return calls().stream().filter(c -> c.startsWith(prefix)).count();
        }

        String last(String prefix) {
            List<String> all = calls();
            for (int i = all.size() - 1; i >= 0; i--) if (all.get(i).startsWith(prefix)) return all.get(i);
            return null;
        }

        @Override
        public void onConnect(MqttClientView dat) {
            view = dat;
            calls.add("onConnect(" + dat.isConnected() + ")");
        }

        @Override
        public void onConnectFailure(MqttClientView dat, String msg) {
            calls.add("onConnectFailure(" + msg + ")");
        }

        @Override
        public void onConnectionLost(MqttClientView dat, String msg) {
            calls.add("onConnectionLost(" + msg + ")");
        }

        @Override
        public void onSubscribe(MqttClientView dat, String topics) {
            calls.add("onSubscribe(" + topics + ")");
        }

        @Override
        public void onSubscribeFailure(MqttClientView dat, String msg, String topics) {
            calls.add("onSubscribeFailure(" + topics + ": " + msg + ")");
        }

        @Override
        public void onUnsubscribe(MqttClientView dat, String topics) {
            calls.add("onUnsubscribe(" + topics + ")");
        }

        @Override
        public void onPublish(MqttClientView dat, String topic) {
            calls.add("onPublish(" + topic + ")");
        }

        @Override
        public void onMessage(
                MqttClientView dat,
                String topic,
                String payload,
                int qos,
                boolean retained,
                boolean dup,
                InboundMessage msg) {
            calls.add("onMessage(" + topic + ", " + payload + ", " + qos + ", " + retained + ", " + dup + ")");
        }
    }
}
