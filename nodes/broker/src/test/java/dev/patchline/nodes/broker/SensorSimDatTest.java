package dev.patchline.nodes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SensorSimDatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishes_json_per_room_and_kind_through_the_embedded_broker_of_the_graph() throws Exception {
        Graph g = Graph.builder()
                .node("broker", MqttBrokerDat.TYPE, n -> n.set(MqttBrokerDat.PORT, 0))
                .node(
                        "sim",
                        SensorSimDat.TYPE,
                        n -> n.set(SensorSimDat.BROKER, "broker")
                                .set(SensorSimDat.COUNT, 6)
                                .set(SensorSimDat.RATE, 20.0)
                                .set(SensorSimDat.DROPOUT, 0.0)
                                .set(SensorSimDat.QOS, 1))
                .build();
        PatchOptions options = PatchOptions.builder()
                .manual()
                .fps(60)
                .watchAll()
                .registry(OperatorRegistry.of(MqttBrokerDat.TYPE, SensorSimDat.TYPE))
                .build();
        try (Patch patch = Patch.start(g, options)) {
            // Until the broker runs, the simulator waits for its URL.
            patch.step();
            assertThat(node(patch, "sim").getState()).isEqualTo(NodeState.WARNING);
            assertThat(node(patch, "sim").getMessage()).contains("waiting for broker node 'broker'");
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                patch.step();
                return node(patch, "sim").getInfo().getOrDefault("connected", 0.0) == 1.0;
            });
            String url = row(node(patch, "broker").getTable(), "url");
            int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));

            Map<String, AtomicInteger> perTopic = new ConcurrentHashMap<>();
            List<JsonNode> messages = new CopyOnWriteArrayList<>();
            Mqtt5AsyncClient sub = Mqtt5Client.builder()
                    .identifier("sim-watcher")
                    .serverHost("127.0.0.1")
                    .serverPort(port)
                    .buildAsync();
            sub.publishes(MqttGlobalPublishFilter.ALL, p -> {
                perTopic.computeIfAbsent(p.getTopic().toString(), k -> new AtomicInteger())
                        .incrementAndGet();
                try {
                    messages.add(JSON.readTree(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            sub.connect().get();
            sub.subscribeWith()
                    .topicFilter("sensors/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send()
                    .get();

            patch.step(120); // two seconds of patch time at 20 messages per second per sensor
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            perTopic.size() == 6 && perTopic.values().stream().allMatch(n -> n.get() >= 39));
            sub.disconnect().get();

            assertThat(perTopic.keySet())
                    .containsExactlyInAnyOrder(
                            "sensors/kitchen/temperature",
                            "sensors/kitchen/humidity",
                            "sensors/kitchen/motion",
                            "sensors/kitchen/accelerometer",
                            "sensors/hall/temperature",
                            "sensors/hall/humidity");
            assertThat(messages).allSatisfy(m -> {
                assertThat(m.get("value").isNumber()).isTrue();
                assertThat(m.get("sensor").asText())
                        .isEqualTo(m.get("room").asText() + "/" + m.get("kind").asText());
            });
            NodeView sim = node(patch, "sim");
            assertThat(sim.getInfo().get("sent")).isGreaterThanOrEqualTo(6 * 39.0);
            assertThat(sim.getInfo().get("failed")).isZero();
            Table table = sim.getTable();
            assertThat(table.numRows()).isEqualTo(6);
            assertThat(table.cell(0, table.col("topic"))).isEqualTo("sensors/kitchen/temperature");
            assertThat(Double.parseDouble(table.cell(0, table.col("value")))).isBetween(10.0, 32.0);
            assertThat(Long.parseLong(table.cell(0, table.col("seq")))).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void without_a_broker_it_warns_and_counts_skipped_samples_but_keeps_simulating() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (OperatorTestRunner r = OperatorTestRunner.of(SensorSimDat.TYPE)) {
            r.set(SensorSimDat.NETADDRESS, "tcp://127.0.0.1:" + closedPort)
                    .set(SensorSimDat.COUNT, 2)
                    .set(SensorSimDat.RATE, 10.0)
                    .set(SensorSimDat.DROPOUT, 0.0);
            r.cook(60);
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message()).contains("not connected to tcp://127.0.0.1:" + closedPort);
            assertThat(r.info("connected")).isZero();
            assertThat(r.info("sent")).isZero();
            assertThat(r.info("skipped")).isGreaterThanOrEqualTo(18);
            assertThat(Long.parseLong(r.output().cell(0, 4))).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void an_unknown_kind_is_an_error_naming_the_parameter() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SensorSimDat.TYPE)) {
            r.set(SensorSimDat.KINDS, "temperature pressure");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).contains("parameter 'kinds'").contains("'pressure'");
        }
    }

    private static NodeView node(Patch patch, String id) {
        return patch.query(v -> v.node(id)).join();
    }

    private static String row(Table t, String name) {
        for (int r = 0; r < t.numRows(); r++) {
            if (t.cell(r, 0).equals(name)) return t.cell(r, 1);
        }
        throw new AssertionError("no row " + name);
    }
}
