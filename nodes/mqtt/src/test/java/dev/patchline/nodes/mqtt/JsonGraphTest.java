package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.testing.EmbeddedHiveMq;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphValidator;
import dev.patchline.runtime.op.OperatorRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JSON graph: MQTT Client DAT (subscriptions, columns, Groovy callbacks) -> topicSelect, read back as a dump. */
class JsonGraphTest {

    private static final OperatorRegistry REGISTRY = OperatorRegistry.load();

    private static String graph(String url) {
        return """
                {
                  "patchline": 1,
                  "nodes": [
                    { "id": "sensors", "type": "mqttClient",
                      "params": { "netaddress": "%s",
                                  "subscriptions": [ { "topic": "sensors/#", "qos": 1 } ],
                                  "columns": { "temp": "/temp", "room": "/room" },
                                  "password": { "env": "MQTT_PASSWORD" } },
                      "callbacks": { "inline": "def onMessage(dat, topic, payload, qos, retained, dup) { dat.par.maxlines = 50 }\\n%s" } },
                    { "id": "temps", "type": "topicSelect", "inputs": ["sensors"],
                      "params": { "filter": "sensors/+/temp" } }
                  ]
                }
                """.formatted(url, Subacks.ON_SUBSCRIBE.strip());
    }

    private static List<String> dump(Table t) {
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < t.numRows(); r++)
            rows.add(t.cell(r, "topic") + " temp=" + t.cell(r, "temp") + " room=" + t.cell(r, "room"));
        return rows;
    }

    @Test
    void dat_to_topic_select_from_a_json_graph() throws Exception {
        try (EmbeddedHiveMq broker = EmbeddedHiveMq.start()) {
            Map<String, String> env = Map.of("MQTT_PASSWORD", "unused-by-hivemq");
            Graph g = GraphJson.read(
                    graph(broker.tcpUrl()), "graph.json", REGISTRY, GraphValidator.Context.of(env, null, null));
            try (Patch patch = Patch.start(
                            g,
                            PatchOptions.builder()
                                    .manual()
                                    .registry(REGISTRY)
                                    .environment(env)
                                    .build());
                    Peer peer = new Peer(broker.tcpUrl())) {
                patch.edit(e -> e.watch("temps")).join(); // like the CLI's --dump: the viewer makes it a root
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!Boolean.TRUE.equals(
                                patch.query(v -> v.node("sensors").getInfo().getOrDefault("connected", 0.0) == 1)
                                        .join())
                        || !Subacks.acknowledged("sensors/#")) {
                    patch.step();
                    Thread.sleep(5);
                    assertThat(System.nanoTime())
                            .as("connected and subscribed in time")
                            .isLessThan(deadline);
                }
                peer.publishAndWait("sensors/kitchen/temp", "{\"temp\": 21.5, \"room\": \"kitchen\"}", 1);
                peer.publishAndWait("sensors/kitchen/humidity", "{\"rh\": 40, \"room\": \"kitchen\"}", 1);
                peer.publishAndWait("sensors/hall/temp", "{\"temp\": 19, \"room\": \"hall\"}", 1);
                List<String> rows = List.of();
                while (rows.size() < 2 && System.nanoTime() < deadline) {
                    patch.step();
                    Thread.sleep(5);
                    rows = patch.query(v -> dump(v.node("temps").getTable())).join();
                }
                assertThat(rows)
                        .containsExactly(
                                "sensors/kitchen/temp temp=21.5 room=kitchen", "sensors/hall/temp temp=19 room=hall");
                assertThat(patch.query(v -> v.node("sensors").getTable().numRows())
                                .join())
                        .isEqualTo(3);
                assertThat(patch.query(v -> v.node("sensors").getPar().get("maxlines"))
                                .join())
                        .as("the Groovy onMessage changed a parameter")
                        .isEqualTo(50);
            }
        }
    }

    @Test
    void an_invalid_graph_names_the_parameter_and_where() {
        String bad = graph("tcp://127.0.0.1:1").replace("\"qos\": 1", "\"qos\": 3");
        assertThatThrownBy(() -> GraphJson.read(
                        bad,
                        "graph.json",
                        REGISTRY,
                        GraphValidator.Context.of(Map.of("MQTT_PASSWORD", "x"), null, null)))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("subscriptions")
                .hasMessageContaining("qos");
    }
}
