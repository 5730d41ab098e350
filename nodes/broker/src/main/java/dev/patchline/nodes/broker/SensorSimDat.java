package dev.patchline.nodes.broker;

import dev.patchline.protocol.mqtt.client.ConnectionState;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The Sensor Simulator DAT: N simulated sensors publishing JSON over MQTT at a chosen rate, for demos,
 * samples and benchmarks. Its table has one row per sensor with the latest value.
 *
 * <p>The simulation runs on the cook thread against the patch clock ({@code ctx.seconds()}), so with a
 * manual clock it is fully reproducible; publishing hands pooled buffers to the non-blocking
 * {@link MqttClient}. When the client's publish queue is full, samples are skipped and counted rather
 * than queued without bound.
 */
public final class SensorSimDat implements Operator {

    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Publishes; off pauses the simulation and disconnects.")
            .build();
    public static final ParameterDescriptor<String> NETADDRESS = ParameterDescriptor.ofString("netaddress")
            .label("Network Address")
            .defaultValue("tcp://127.0.0.1:1883")
            .help("Broker to publish to, <protocol>://<host>:<port> (tcp, ssl, ws, wss). Ignored when 'broker' is set.")
            .build();
    public static final ParameterDescriptor<String> BROKER = ParameterDescriptor.ofOperator("broker", Family.DAT)
            .label("Broker Node")
            .help("An mqttBroker node of this graph: publish to the URL its table shows (handy with port 0).")
            .build();
    public static final ParameterDescriptor<String> PREFIX = ParameterDescriptor.ofString("prefix")
            .label("Topic Prefix")
            .defaultValue("sensors")
            .help("First topic level(s); topics are <prefix>/<room>/<kind>.")
            .build();
    public static final ParameterDescriptor<Integer> COUNT = ParameterDescriptor.ofInt("count")
            .label("Sensors")
            .defaultValue(8)
            .range(1, 100_000)
            .help("Number of sensors. Each room gets one sensor of every kind, in order, before the next room starts.")
            .build();
    public static final ParameterDescriptor<String> KINDS = ParameterDescriptor.ofString("kinds")
            .label("Kinds")
            .defaultValue("temperature humidity motion accelerometer")
            .help("Kinds of sensor per room, separated by spaces: temperature, humidity, motion, accelerometer.")
            .build();
    public static final ParameterDescriptor<Double> RATE = ParameterDescriptor.ofFloat("rate")
            .label("Rate")
            .defaultValue(1.0)
            .range(0.01, 10_000)
            .help("Messages per second per sensor.")
            .build();
    public static final ParameterDescriptor<Integer> SEED = ParameterDescriptor.ofInt("seed")
            .label("Seed")
            .defaultValue(1)
            .help("Random seed: the same seed and clock give the same values.")
            .build();
    public static final ParameterDescriptor<Double> DROPOUT = ParameterDescriptor.ofFloat("dropout")
            .label("Dropout")
            .defaultValue(0.002)
            .range(0, 1)
            .help("Chance per second that a sensor goes silent for 2 to 10 seconds, as real radios do"
                    + " (0.002: about once in eight minutes per sensor, whatever the rate).")
            .build();
    public static final ParameterDescriptor<Double> DAYSECONDS = ParameterDescriptor.ofFloat("dayseconds")
            .label("Day Length")
            .defaultValue(600.0)
            .range(1, 86_400)
            .help("Length of one simulated day in seconds (temperature and activity follow it). 86400 is real time.")
            .build();
    public static final ParameterDescriptor<Integer> QOS = ParameterDescriptor.ofInt("qos")
            .label("QoS")
            .defaultValue(0)
            .range(0, 2)
            .help("Quality of service of the published messages.")
            .build();
    public static final ParameterDescriptor<Boolean> RETAIN = ParameterDescriptor.ofToggle("retain")
            .label("Retain")
            .defaultValue(false)
            .help("Publishes retained messages (late subscribers get the latest value).")
            .build();

    public static final OperatorType TYPE = OperatorType.define("sensorSim", Family.DAT)
            .parameters(ACTIVE, NETADDRESS, BROKER, PREFIX, COUNT, KINDS, RATE, SEED, DROPOUT, DAYSECONDS, QOS, RETAIN)
            .cookAlways()
            .timeDependent()
            .doc(OperatorDoc.builder(
                            "Simulated temperature, humidity, motion and accelerometer sensors publishing JSON over MQTT.")
                    .label("Sensor Simulator DAT")
                    .details("""
                            Publishes `count` sensors to `<prefix>/<room>/<kind>` at `rate` messages per second each, \
                            e.g. `sensors/kitchen/temperature` with \
                            `{"sensor":"kitchen/temperature","room":"kitchen","kind":"temperature","value":21.53,"unit":"C","seq":17,"ts":1764215000123}`. \
                            Accelerometers add `x`, `y`, `z` (g) and report the magnitude as `value`; motion is 0 or 1.

                            Values are realistic rather than random: a daily swing over a simulated day of \
                            `dayseconds`, a mean-reverting random walk, measurement noise, and occasional dropouts \
                            (a sensor stays silent for 2 to 10 seconds). The same `seed` on the same clock gives the same values.""")
                    .port("output", "one row per sensor: sensor, topic, value, state (ok or dropout), seq")
                    .info("sent", "messages handed to the MQTT client")
                    .info(
                            "skipped",
                            "samples not published: not connected, publish queue full, or the graph fell behind")
                    .info("failed", "QoS 1/2 publishes the broker did not acknowledge")
                    .info("connected", "1 while connected to the broker")
                    .build())
            .build(SensorSimDat::new);

    private static final String[] HEADER = {"sensor", "topic", "value", "state", "seq"};

    private OperatorContext context;
    private SensorSimulation simulation;
    /** Patch time at which the current simulation started; its schedule counts from there. */
    private double simulationStart;

    private MqttClient client;
    private String clientUrl = "";
    private volatile ConnectionState connection = ConnectionState.NEW;
    private boolean[] dirty = new boolean[0];
    private long sent;
    private long skipped;
    private final AtomicLong failed = new AtomicLong();
    /** One instance for every QoS 1/2 publish, so counting failures allocates no lambda per message. */
    private final BiConsumer<PublishResult, Throwable> countFailure = (result, error) -> {
        if (error != null) failed.incrementAndGet();
    };

    private Qos qos = Qos.AT_MOST_ONCE;
    private boolean retain;
    private double dropout;
    private double daySeconds;
    private long wallMillis;
    private final SensorSimulation.Sink publisher = this::publish;

    @Override
    public void onStart(OperatorContext ctx) {
        this.context = ctx;
    }

    @Override
    public void cook(CookContext ctx) {
        if (!ctx.par(ACTIVE)) {
            closeClient();
            ctx.info("connected", 0);
            return;
        }
        if (simulation == null
                || ctx.parChanged(PREFIX)
                || ctx.parChanged(COUNT)
                || ctx.parChanged(KINDS)
                || ctx.parChanged(RATE)
                || ctx.parChanged(SEED)) {
            List<SensorKind> kinds;
            try {
                kinds = SensorKind.parseList(ctx.par(KINDS));
            } catch (IllegalArgumentException e) {
                ctx.error("parameter 'kinds': " + e.getMessage());
                return;
            }
            simulation = new SensorSimulation(ctx.par(PREFIX), ctx.par(COUNT), kinds, ctx.par(RATE), ctx.par(SEED));
            // The schedule starts at the current patch time: a rebuilt simulation does not replay the past.
            simulationStart = ctx.seconds();
            resetTable(ctx.output());
        }
        String url = brokerUrl(ctx);
        if (url.isEmpty()) {
            ctx.warning("waiting for broker node '" + ctx.par(BROKER) + "' to report its URL");
            ctx.info("connected", 0);
            return;
        }
        if (!url.equals(clientUrl)) {
            openClient(url, ctx.nodeId());
        }
        qos = Qos.values()[ctx.par(QOS)];
        retain = ctx.par(RETAIN);
        dropout = ctx.par(DROPOUT);
        daySeconds = ctx.par(DAYSECONDS);
        wallMillis = System.currentTimeMillis();
        long skippedBefore = simulation.skipped();
        simulation.advanceTo(ctx.seconds() - simulationStart, dropout, daySeconds, wallMillis, publisher);
        skipped += simulation.skipped() - skippedBefore;
        updateTable(ctx.output(), ctx.seconds() - simulationStart);
        ctx.info("sent", sent);
        ctx.info("skipped", skipped);
        ctx.info("failed", failed.get());
        ctx.info("connected", connection == ConnectionState.CONNECTED ? 1 : 0);
        if (connection != ConnectionState.CONNECTED) {
            ctx.warning("not connected to " + url + " (" + connection.name().toLowerCase(Locale.ROOT)
                    + "); samples are skipped until the broker accepts the connection");
        }
    }

    @Override
    public void onStop(boolean removed) {
        closeClient();
    }

    private void publish(SimulatedSensor sensor, CharSequence json) {
        dirty[sensor.index()] = true;
        MqttClient c = client;
        if (c == null || connection != ConnectionState.CONNECTED || c.isPublishQueueFull()) {
            skipped++;
            return;
        }
        ByteBuf payload = PooledByteBufAllocator.DEFAULT.buffer(json.length());
        ByteBufUtil.writeUtf8(payload, json);
        CompletableFuture<PublishResult> f = c.publish(sensor.topic(), payload, qos, retain, PublishProperties.NONE);
        if (qos != Qos.AT_MOST_ONCE) {
            f.whenComplete(countFailure);
        }
        sent++;
    }

    private String brokerUrl(CookContext ctx) {
        if (ctx.par(BROKER).isEmpty()) {
            return ctx.par(NETADDRESS).trim();
        }
        NodeView broker = ctx.op(BROKER);
        if (broker == null || broker.getTable() == null) {
            return "";
        }
        Table t = broker.getTable();
        for (int r = 0; r < t.numRows(); r++) {
            if ("url".equals(t.cell(r, 0))) return t.cell(r, 1);
        }
        return "";
    }

    private void openClient(String url, String nodeId) {
        closeClient();
        clientUrl = url;
        connection = ConnectionState.CONNECTING;
        OperatorContext ctx = context;
        try {
            client = MqttClient.builder(url)
                    .clientId("patchline-" + nodeId + "-"
                            + ProcessHandle.current().pid())
                    .stateListener((state, info, lost, cause) -> {
                        connection = state;
                        ctx.wakeup();
                    })
                    .build();
            client.connect(); // completes later; the state listener reports progress
        } catch (RuntimeException e) {
            client = null;
            connection = ConnectionState.CLOSED;
            context.report(NodeState.ERROR, "cannot connect to '" + url + "': " + e.getMessage());
        }
    }

    private void closeClient() {
        MqttClient c = client;
        client = null;
        clientUrl = "";
        connection = ConnectionState.CLOSED;
        if (c != null) {
            c.disconnect(); // completes on the event loop; the cook thread does not wait for it
        }
    }

    private void resetTable(OutputTable out) {
        out.clear();
        out.setHeader(HEADER);
        List<SimulatedSensor> sensors = simulation.sensors();
        for (SimulatedSensor s : sensors) {
            out.appendRow(s.room() + "/" + s.kind().topicName(), s.topic(), "", "ok", "0");
        }
        dirty = new boolean[sensors.size()];
    }

    private void updateTable(OutputTable out, double t) {
        List<SimulatedSensor> sensors = simulation.sensors();
        for (int i = 0; i < dirty.length; i++) {
            SimulatedSensor s = sensors.get(i);
            String state = s.droppedOut(t) ? "dropout" : "ok";
            if (!state.equals(out.cell(i, 3))) out.setCell(i, 3, state);
            if (!dirty[i]) continue;
            dirty[i] = false;
            out.setCell(i, 2, format(s));
            out.setCell(i, 4, Long.toString(s.seq()));
        }
    }

    private static String format(SimulatedSensor s) {
        StringBuilder sb = new StringBuilder(12);
        SimulatedSensor.appendFixed(sb, s.value(), s.kind().decimals());
        return sb.toString();
    }
}
