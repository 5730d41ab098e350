package dev.patchline.samples;

import dev.patchline.nodes.core.dat.ScriptDat;
import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.tcp.TcpipDat;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;

/** {@code samples/tcp-to-mqtt/graph.json} in Java (callbacks resolve against that folder). */
public final class TcpToMqttSample {

    private TcpToMqttSample() {}

    /** {@return the graph of {@code samples/tcp-to-mqtt/graph.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment(
                        "TCP to MQTT bridge: devices that can only speak raw TCP send lines '<topic> <payload>' to a TCP"
                                + " server; a Script DAT turns them into topic/payload rows and an MQTT Client DAT publishes each"
                                + " row below tcp/.")
                .node(
                        "devices",
                        TcpipDat.TYPE,
                        n -> n.set(TcpipDat.MODE, TcpipDat.Mode.SERVER)
                                .set(TcpipDat.ADDRESS, "127.0.0.1")
                                .set(TcpipDat.PORT, 7001)
                                .set(TcpipDat.FORMAT, TcpipDat.Format.PERLINE)
                                .comment("TCP server on 127.0.0.1:7001, one row per received line."))
                .node(
                        "rows",
                        ScriptDat.TYPE,
                        n -> n.inputs("devices")
                                .callbacks(CallbackSpec.file("bridge.groovy"))
                                .comment("bridge.groovy splits each new line into topic and payload."))
                .node(
                        "mqtt",
                        MqttClientDat.TYPE,
                        n -> n.inputs("rows")
                                .set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:1883")
                                .comment("Publishes every new input row (columns topic, payload, qos)."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
