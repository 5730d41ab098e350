package dev.patchline.samples;

import dev.patchline.nodes.core.dat.ScriptDat;
import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.nodes.osc.OscOutDat;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import java.util.List;

/** {@code samples/mqtt-to-osc/graph.json} in Java (callbacks resolve against that folder). */
public final class MqttToOscSample {

    private MqttToOscSample() {}

    /** {@return the graph of {@code samples/mqtt-to-osc/graph.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment(
                        "MQTT to OSC: temperatures arriving over MQTT are forwarded as OSC messages over UDP"
                                + " (/sensors/<room>/temperature <value>), for TouchDesigner, Max, Resolume or a lighting desk.")
                .node(
                        "sensors",
                        MqttClientDat.TYPE,
                        n -> n.set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:1883")
                                .set(
                                        MqttClientDat.SUBSCRIPTIONS,
                                        List.of(SubscriptionSpec.of("sensors/+/temperature", 0)))
                                .set(MqttClientDat.COLUMNS, MqttClientDat.columns("value", "/value"))
                                .comment("Temperature messages; the value column is read from the JSON payload."))
                .node(
                        "toosc",
                        ScriptDat.TYPE,
                        n -> n.inputs("sensors")
                                .callbacks(CallbackSpec.file("toosc.groovy"))
                                .comment("toosc.groovy turns each new message into an OSC address and value."))
                .node(
                        "osc",
                        OscOutDat.TYPE,
                        n -> n.inputs("toosc")
                                .set(OscOutDat.ADDRESS, "127.0.0.1")
                                .set(OscOutDat.PORT, 10000)
                                .comment(
                                        "One OSC message per new row to 127.0.0.1:10000 (UDP); decimals go out as 'f'."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
