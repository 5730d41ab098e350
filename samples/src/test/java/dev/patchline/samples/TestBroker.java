package dev.patchline.samples;

import static org.awaitility.Awaitility.await;

import dev.patchline.nodes.broker.MqttBrokerDat;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.Graph;
import java.time.Duration;

/**
 * The broker the sample tests run against: Patchline's own {@code mqttBroker} node (embedded HiveMQ CE)
 * in a patch of its own, on a free port of 127.0.0.1.
 */
final class TestBroker implements AutoCloseable {

    private final Patch patch;
    private final int port;

    private TestBroker(Patch patch, int port) {
        this.patch = patch;
        this.port = port;
    }

    static TestBroker start() {
        Graph g = Graph.builder()
                .node("broker", MqttBrokerDat.TYPE, n -> n.set(MqttBrokerDat.PORT, 0))
                .build();
        Patch patch = SampleTesting.start(g);
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "running".equals(value(patch, "state")));
            return new TestBroker(patch, Integer.parseInt(value(patch, "port")));
        } catch (RuntimeException e) {
            patch.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String tcpUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        patch.close();
    }

    private static String value(Patch patch, String name) {
        return patch.query(v -> {
                    Table t = v.node("broker").getTable();
                    for (int r = 0; r < t.numRows(); r++) {
                        if (t.cell(r, 0).equals(name)) return t.cell(r, 1);
                    }
                    return "";
                })
                .join();
    }
}
