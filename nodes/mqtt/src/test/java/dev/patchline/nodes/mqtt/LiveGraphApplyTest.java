package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.protocol.testing.EmbeddedHiveMq;
import dev.patchline.runtime.cook.EditSource;
import dev.patchline.runtime.cook.GraphChange;
import dev.patchline.runtime.cook.NodeStats;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.param.ParamValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Patch#apply} on a patch with a live MQTT connection: what the diff does not touch keeps running, and a
 * parameter change that leaves the connection parameters alone does not reconnect.
 */
class LiveGraphApplyTest {
    private static final OperatorRegistry REGISTRY = OperatorRegistry.load();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static NodeStats stats(Patch p, String id) {
        for (NodeStats s : p.stats()) if (s.id().equals(id)) return s;
        throw new AssertionError("no node " + id);
    }

    private static double info(Patch p, String id, String name) {
        return stats(p, id).info().getOrDefault(name, Double.NaN);
    }

    private static List<String> topics(Patch p, String id) {
        return p.query(v -> {
                    var t = v.node(id).getTable();
                    List<String> out = new ArrayList<>();
                    for (int r = 0; r < t.numRows(); r++) out.add(t.cell(r, "topic"));
                    return out;
                })
                .join();
    }

    private static Graph replace(Graph g, NodeSpec changed) {
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : g.nodes()) nodes.add(n.id().equals(changed.id()) ? changed : n);
        return new Graph(nodes, g.comment());
    }

    @Test
    void the_connection_survives_an_applied_graph_that_leaves_its_connection_parameters_alone() throws Exception {
        MqttClientDatTest.Recorder rec = new MqttClientDatTest.Recorder();
        try (EmbeddedHiveMq broker = EmbeddedHiveMq.start()) {
            Graph g = Graph.builder()
                    .node(
                            "sensors",
                            MqttClientDat.TYPE,
                            p -> p.set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                                    .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("sensors/#", 1)))
                                    .callbacks(CallbackSpec.object(rec)))
                    .node(
                            "temps",
                            TopicSelectDat.TYPE,
                            p -> p.set(TopicSelectDat.FILTER, "sensors/+/temp").inputs("sensors"))
                    .build();
            try (Patch patch = Patch.start(
                            g,
                            PatchOptions.builder()
                                    .event()
                                    .registry(REGISTRY)
                                    .watch("temps")
                                    .build());
                    Peer peer = new Peer(broker.tcpUrl())) {
                await().atMost(LIMIT)
                        .until(() -> info(patch, "sensors", "connected") == 1 && rec.has("onSubscribe(sensors/#)"));
                peer.publishAndWait("sensors/kitchen/temp", "21", 1);
                peer.publishAndWait("sensors/kitchen/humidity", "40", 1);
                await().atMost(LIMIT).until(() -> info(patch, "sensors", "received") == 2);

                Graph now = patch.graph();
                NodeSpec sensors = now.node("sensors").orElseThrow().withParam("maxlines", ParamValue.constant(50));
                NodeSpec temps = now.node("temps").orElseThrow().withParam("filter", ParamValue.constant("sensors/#"));
                Graph target = replace(replace(now, sensors), temps).toBuilder()
                        .node(
                                "hall",
                                TopicSelectDat.TYPE,
                                p -> p.set(TopicSelectDat.FILTER, "sensors/hall/#")
                                        .inputs("sensors"))
                        .build();
                GraphChange change = patch.apply(target, EditSource.STUDIO)
                        .get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                assertThat(change.diff().summary()).isEqualTo("1 added, 2 changed");
                patch.edit(e -> e.watch("hall")).join();

                peer.publishAndWait("sensors/hall/temp", "19", 1);
                await().atMost(LIMIT).until(() -> info(patch, "sensors", "received") == 3);
                await().atMost(LIMIT).until(() -> topics(patch, "hall").size() == 1);

                assertThat(rec.count("onConnect"))
                        .as("connected once: no reconnect")
                        .isEqualTo(1);
                assertThat(info(patch, "sensors", "reconnects")).isZero();
                assertThat(topics(patch, "sensors"))
                        .as("the rows received before the change are still there")
                        .containsExactly("sensors/kitchen/temp", "sensors/kitchen/humidity", "sensors/hall/temp");
                assertThat(topics(patch, "temps"))
                        .as("the new filter applies")
                        .containsExactly("sensors/kitchen/temp", "sensors/kitchen/humidity", "sensors/hall/temp");
                assertThat(patch.query(v -> v.node("sensors").getPar().get("maxlines"))
                                .join())
                        .isEqualTo(50);
            }
        }
    }
}
