package dev.patchline.bench.ingest;

import dev.patchline.bench.client.FakeServers;
import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.MqttVersion;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.script.GroovyBridge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The whole graph path: a running patch (event clock) with one MQTT Client DAT keeping 100 rows with two JSON columns
 * and a Groovy {@code onMessage} that counts. Progress is read the way a user would, from the DAT's info channels.
 */
public final class GraphSubscriber implements Subscriber {

    /**
     * Bumped by the Groovy callback. A static because the script has no other way to reach the benchmark; it lets the
     * benchmark check that the callback really ran once per message. Only one patch runs at a time.
     */
    public static final AtomicLong CALLBACKS = new AtomicLong();

    private static final String NODE = "sensors";
    private static final String CALLBACK = """
            import dev.patchline.bench.ingest.GraphSubscriber
            @groovy.transform.Field long n = 0
            def onMessage(dat, topic, payload, qos, retained, dup) {
                n++
                GraphSubscriber.CALLBACKS.lazySet(n)
            }
            """;

    /** One script bridge for all runs: the callback compiles once (in the warm-up), as in a long-running patch. */
    private static final GroovyBridge SCRIPTS = new GroovyBridge();

    private final Function<Patch, AutoCloseable> attachment;
    private Patch patch;
    private AutoCloseable attached;

    public GraphSubscriber() {
        this(patch -> null);
    }

    /**
     * A graph path with something attached to its running patch before each run (the studio and a browser watching
     * it, for {@code bench/run studio}); what {@code attachment} returns is closed before the patch.
     */
    public GraphSubscriber(Function<Patch, AutoCloseable> attachment) {
        this.attachment = attachment;
    }

    @Override
    public String name() {
        return "graph";
    }

    @Override
    public void prepare(int port, int qos) throws Exception {
        CALLBACKS.set(0);
        Graph graph = Graph.builder()
                .node(
                        NODE,
                        MqttClientDat.TYPE,
                        p -> p.set(MqttClientDat.ACTIVE, false)
                                .set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:" + port)
                                .set(MqttClientDat.MQTTVERSION, MqttVersion.V3_1_1)
                                .set(MqttClientDat.MAXLINES, 100)
                                .set(MqttClientDat.COLUMNS, Map.of("room", "/room", "value", "/value"))
                                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of(FakeServers.TOPIC, qos)))
                                .callbacks(CallbackSpec.inline(CALLBACK)))
                .build();
        patch = Patch.start(
                graph,
                PatchOptions.builder()
                        .event()
                        .registry(OperatorRegistry.of(MqttClientDat.TYPE))
                        .scripts(SCRIPTS)
                        .build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (patch.query(v -> v.node(NODE).getCookCount()).get(10, TimeUnit.SECONDS) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the patch did not cook its MQTT Client DAT within 30 s");
            }
            Thread.sleep(1);
        }
        attached = attachment.apply(patch);
    }

    @Override
    public void start() throws Exception {
        patch.edit(e -> e.setParam(NODE, MqttClientDat.ACTIVE.name(), ParamValue.constant(true)))
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public long handled() throws Exception {
        return info("received");
    }

    @Override
    public long progress() {
        return CALLBACKS.get();
    }

    @Override
    public long dropped() throws Exception {
        return info("dropped");
    }

    private long info(String channel) throws Exception {
        Double value = patch.query(v -> v.node(NODE).getInfo().get(channel)).get(10, TimeUnit.SECONDS);
        return value == null ? 0 : value.longValue();
    }

    @Override
    public void verify() throws Exception {
        String problem = patch.query(v -> check(v.node(NODE))).get(10, TimeUnit.SECONDS);
        if (problem != null) {
            throw new IllegalStateException("graph path: " + problem);
        }
    }

    private static String check(NodeView node) {
        long received = node.getInfo().getOrDefault("received", 0.0).longValue();
        if (node.getState() == NodeState.ERROR) {
            return "node in error: " + node.getMessage();
        }
        if (CALLBACKS.get() != received) {
            return "onMessage ran " + CALLBACKS.get() + " times for " + received + " messages";
        }
        if (node.getInfo().getOrDefault("json_errors", 0.0) > 0) {
            return node.getInfo().get("json_errors") + " JSON errors";
        }
        Table table = node.getTable();
        if (table.numRows() != 100) {
            return table.numRows() + " rows instead of maxlines 100";
        }
        for (int row = 0; row < table.numRows(); row++) {
            if (!SensorMessage.ROOM.equals(table.cell(row, "room"))
                    || !SensorMessage.VALUE.equals(table.cell(row, "value"))) {
                return "row " + row + " has room='" + table.cell(row, "room") + "' value='" + table.cell(row, "value")
                        + "'";
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        if (attached != null) {
            attached.close();
        }
        if (patch != null) {
            patch.close();
        }
    }
}
