package dev.patchline.samples;

import dev.patchline.nodes.broker.MqttBrokerDat;
import dev.patchline.nodes.broker.SensorSimDat;
import dev.patchline.nodes.core.dat.Extract;
import dev.patchline.nodes.core.dat.SelectDat;
import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.runtime.graph.Graph;
import java.util.List;

/** {@code samples/sensors-to-table/graph.json} in Java. */
public final class SensorsToTableSample {

    private SensorsToTableSample() {}

    /** {@return the graph of {@code samples/sensors-to-table/graph.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment(
                        "Sensors to table: an embedded broker, simulated sensors publishing JSON to it, an MQTT Client"
                                + " DAT turning every message into a row with JSON columns, and a Select DAT keeping the temperatures.")
                .node(
                        "broker",
                        MqttBrokerDat.TYPE,
                        n -> n.set(MqttBrokerDat.PORT, 1883)
                                .comment(
                                        "HiveMQ CE inside Patchline on 127.0.0.1:1883; use port 0 to pick a free port."))
                .node(
                        "sim",
                        SensorSimDat.TYPE,
                        n -> n.set(SensorSimDat.BROKER, "broker")
                                .set(SensorSimDat.COUNT, 8)
                                .set(SensorSimDat.RATE, 2.0)
                                .comment(
                                        "Eight sensors (two rooms of four kinds), two messages per second each, to the broker node's URL."))
                .node(
                        "sensors",
                        MqttClientDat.TYPE,
                        n -> n.set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:1883")
                                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("sensors/#", 1)))
                                .set(
                                        MqttClientDat.COLUMNS,
                                        MqttClientDat.columns("room", "/room", "kind", "/kind", "value", "/value"))
                                .set(MqttClientDat.MAXLINES, 200)
                                .comment("One row per message; room, kind and value are read from the JSON payload."))
                .node(
                        "temperatures",
                        SelectDat.TYPE,
                        n -> n.inputs("sensors")
                                .set(SelectDat.EXTRACTROWS, Extract.BYEXPR)
                                .set(SelectDat.ROWEXPR, "me.inputRow['kind'].toString() == 'temperature'")
                                .set(SelectDat.EXTRACTCOLS, Extract.BYNAMES)
                                .set(SelectDat.COLNAMES, "room value")
                                .comment("Temperature rows only, with the room and value columns."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
