package dev.patchline.samples;

import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import java.util.List;

/** {@code samples/request-response/graph.json} in Java (callbacks resolve against that folder). */
public final class RequestResponseSample {

    private RequestResponseSample() {}

    /** {@return the graph of {@code samples/request-response/graph.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment("MQTT request/response: a service that answers requests on service/upper with the upper-cased"
                        + " text, on the requester's Response Topic and with its Correlation Data (MQTT 5).")
                .node(
                        "service",
                        MqttClientDat.TYPE,
                        n -> n.set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:1883")
                                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("service/upper", 1)))
                                .set(MqttClientDat.PROPERTIES, true)
                                .callbacks(CallbackSpec.file("responder.groovy"))
                                .comment(
                                        "Receives requests; responder.groovy publishes each answer from the onMessage callback."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
