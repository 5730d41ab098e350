package dev.patchline.samples;

import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.param.ParamValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Loading, adjusting (free ports instead of the well-known ones) and running sample graphs in tests. */
final class SampleTesting {

    /** The module folder is the samples folder (Surefire runs in the module base directory). */
    static final Path SAMPLES = Path.of("").toAbsolutePath();

    private SampleTesting() {}

    static Graph load(String relativePath) {
        return GraphJson.load(SAMPLES.resolve(relativePath), OperatorRegistry.load());
    }

    /** {@return {@code graph} with parameter {@code name} of node {@code id} set to a constant} */
    static Graph withParam(Graph graph, String id, String name, Object value) {
        List<NodeSpec> nodes = new ArrayList<>();
        boolean found = false;
        for (NodeSpec n : graph.nodes()) {
            if (n.id().equals(id)) {
                Map<String, ParamValue> params = new LinkedHashMap<>(n.params());
                params.put(name, ParamValue.constant(value));
                n = new NodeSpec(n.id(), n.type(), params, n.inputs(), n.callbacks(), n.x(), n.y(), n.comment());
                found = true;
            }
            nodes.add(n);
        }
        if (!found) throw new IllegalArgumentException("no node '" + id + "' in the sample");
        return new Graph(nodes, graph.comment());
    }

    /** Starts a graph on the fixed-rate clock, every node watched so tables can be read. */
    static Patch start(Graph graph) {
        return start(graph, SAMPLES);
    }

    /** Starts a graph whose callback files resolve against {@code baseDir}. */
    static Patch start(Graph graph, Path baseDir) {
        return Patch.start(
                graph,
                PatchOptions.builder().fps(60).watchAll().baseDir(baseDir).build());
    }

    static Table table(Patch patch, String id) {
        return patch.query(v -> v.node(id).getTable()).join();
    }

    /** Waits until node {@code id}'s table satisfies {@code condition} (checked on the cook thread). */
    static void awaitTable(Patch patch, String id, Duration timeout, Predicate<Table> condition) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        patch.query(v -> condition.test(v.node(id).getTable())).join());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
