package dev.patchline.cli.demo;

import dev.patchline.nodes.broker.MqttBrokerDat;
import dev.patchline.nodes.broker.SensorSimDat;
import dev.patchline.nodes.core.chop.DatToChop;
import dev.patchline.nodes.core.chop.LagChop;
import dev.patchline.nodes.core.dat.Extract;
import dev.patchline.nodes.core.dat.ScriptDat;
import dev.patchline.nodes.core.dat.SelectDat;
import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.nodes.mqtt.TopicSelectDat;
import dev.patchline.nodes.tcp.TcpipDat;
import dev.patchline.runtime.graph.Graph;
import java.util.List;

/**
 * The demo graph: embedded broker → simulated sensors → MQTT Client DAT → temperatures only →
 * channels → smoothed channels, and a TCP server that sends each temperature update as a line.
 */
public final class DemoGraph {
    /** Node ids, used by the view. */
    public static final String BROKER = "broker";

    public static final String SIM = "sim";
    public static final String SENSORS = "sensors";
    public static final String TEMPERATURES = "temperatures";
    public static final String READINGS = "readings";
    public static final String LATEST = "latest";
    public static final String CHANNELS = "channels";
    public static final String SMOOTH = "smooth";
    public static final String WALL = "wall";

    /** Groovy for the Script DAT; the input holds at most {@code maxlines} rows, so a scan per cook is cheap. */
    static final String LATEST_PER_ROOM = """
            def onCook(scriptOp) {
                def input = scriptOp.inputs[0]
                def latest = new LinkedHashMap()
                for (int r = 0; r < input.numRows(); r++) latest[input.cell(r, 'room')] = input.cell(r, 'value')
                scriptOp.clear()
                scriptOp.setHeader('room', 'value')
                latest.each { room, value -> scriptOp.appendRow(room, value) }
            }
            """;

    private DemoGraph() {}

    /**
     * @param mqttPort port of the embedded broker on 127.0.0.1
     * @param tcpPort  port of the TCP server on 127.0.0.1 that sends one line per update
     * @param sensors  number of simulated sensors
     * @param rate     messages per second per sensor
     */
    public static Graph build(int mqttPort, int tcpPort, int sensors, double rate) {
        return Graph.builder()
                .comment("Patchline demo: live sensor data through MQTT into tables, channels and a TCP server.")
                .node(
                        BROKER,
                        MqttBrokerDat.TYPE,
                        n -> n.set(MqttBrokerDat.PORT, mqttPort)
                                .comment("HiveMQ CE inside Patchline, on 127.0.0.1 only."))
                .node(
                        SIM,
                        SensorSimDat.TYPE,
                        n -> n.set(SensorSimDat.BROKER, BROKER)
                                .set(SensorSimDat.COUNT, sensors)
                                .set(SensorSimDat.RATE, rate)
                                .comment(
                                        "Simulated temperature, humidity, motion and accelerometer sensors publishing JSON."))
                .node(
                        SENSORS,
                        MqttClientDat.TYPE,
                        n -> n.set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:" + mqttPort)
                                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("sensors/#", 1)))
                                .set(
                                        MqttClientDat.COLUMNS,
                                        MqttClientDat.columns("room", "/room", "kind", "/kind", "value", "/value"))
                                .comment("One row per message; room, kind and value come from the JSON payload."))
                .node(
                        TEMPERATURES,
                        TopicSelectDat.TYPE,
                        n -> n.inputs(SENSORS).set(TopicSelectDat.FILTER, "sensors/+/temperature"))
                .node(
                        READINGS,
                        SelectDat.TYPE,
                        n -> n.inputs(TEMPERATURES)
                                .set(SelectDat.EXTRACTCOLS, Extract.BYNAMES)
                                .set(SelectDat.COLNAMES, "room value"))
                .node(
                        LATEST,
                        ScriptDat.TYPE,
                        n -> n.inputs(READINGS)
                                .set(ScriptDat.SCRIPT, LATEST_PER_ROOM)
                                .comment("A Script DAT: the latest temperature of each room, one row per room."))
                .node(
                        CHANNELS,
                        DatToChop.TYPE,
                        n -> n.inputs(LATEST)
                                .set(DatToChop.OUTPUT, DatToChop.Output.CHANPERROW)
                                .set(DatToChop.FIRSTROW, DatToChop.Role.IGNORED)
                                .set(DatToChop.FIRSTCOLUMN, DatToChop.Role.NAMES)
                                .comment("One channel per room: its latest temperature."))
                .node(
                        SMOOTH,
                        LagChop.TYPE,
                        n -> n.inputs(CHANNELS).set(LagChop.LAGUP, 1.0).set(LagChop.LAGDOWN, 1.0))
                .node(
                        WALL,
                        TcpipDat.TYPE,
                        n -> n.inputs(READINGS)
                                .set(TcpipDat.MODE, TcpipDat.Mode.SERVER)
                                .set(TcpipDat.PORT, tcpPort)
                                .set(TcpipDat.FORMAT, TcpipDat.Format.PERLINE)
                                .comment(
                                        "A stand-in for a media server: every new temperature row is sent as 'room value'."))
                .build();
    }
}
