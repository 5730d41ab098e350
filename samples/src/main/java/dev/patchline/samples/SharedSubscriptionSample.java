package dev.patchline.samples;

import dev.patchline.nodes.mqtt.MqttClientDat;
import dev.patchline.nodes.mqtt.SubscriptionSpec;
import dev.patchline.runtime.graph.Graph;
import java.util.List;

/** {@code samples/shared-subscription/graph.json} in Java. */
public final class SharedSubscriptionSample {

    private SharedSubscriptionSample() {}

    /** {@return the graph of {@code samples/shared-subscription/graph.json}} */
    public static Graph graph() {
        return Graph.builder()
                .comment(
                        "Shared subscription: run this graph twice (two processes or machines) and the broker splits"
                                + " the jobs/# messages between the instances, MQTT 5's way of scaling out without home-made clustering.")
                .node(
                        "jobs",
                        MqttClientDat.TYPE,
                        n -> n.set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:1883")
                                .set(
                                        MqttClientDat.SUBSCRIPTIONS,
                                        List.of(SubscriptionSpec.of("$share/workers/jobs/#", 1)))
                                .set(MqttClientDat.MAXLINES, 1000)
                                .comment(
                                        "Every instance joins the share group 'workers'; each message goes to one member of the group."))
                .build();
    }

    public static void main(String[] args) throws InterruptedException {
        SampleRunner.run(graph(), args);
    }
}
