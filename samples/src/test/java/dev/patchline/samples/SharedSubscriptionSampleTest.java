package dev.patchline.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.Graph;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedSubscriptionSampleTest {

    private static final int JOBS = 40;

    @Test
    void json_and_java_build_equal_graphs() {
        assertThat(SharedSubscriptionSample.graph()).isEqualTo(SampleTesting.load("shared-subscription/graph.json"));
    }

    @Test
    void two_instances_of_the_graph_share_the_messages_each_delivered_once() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Graph g = SampleTesting.withParam(
                    SampleTesting.load("shared-subscription/graph.json"), "jobs", "netaddress", broker.tcpUrl());
            try (Patch first = SampleTesting.start(g);
                    Patch second = SampleTesting.start(g)) {
                for (Patch p : new Patch[] {first, second}) {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> p.query(v -> v.node("jobs").getInfo().getOrDefault("connected", 0.0))
                                            .join()
                                    == 1.0);
                }
                Mqtt5BlockingClient pub = Mqtt5Client.builder()
                        .identifier("job-source")
                        .serverHost("127.0.0.1")
                        .serverPort(broker.port())
                        .buildBlocking();
                pub.connect();
                // The subscriptions are sent right after CONNACK. Probe, one message at a time, until each instance
                // has received one: both are then members of the share group. Only then the burst of jobs, which
                // the broker may split however it likes (HiveMQ lets a subscriber with room take a whole batch from
                // the group's queue), so the jobs are checked for exactly-once delivery, not for an even split.
                await().alias("each instance received a probe through the shared subscription")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            pub.publishWith()
                                    .topic("jobs/probe")
                                    .qos(MqttQos.AT_LEAST_ONCE)
                                    .payload(new byte[] {'p'})
                                    .send();
                            return rows(first) > 0 && rows(second) > 0;
                        });
                for (int i = 0; i < JOBS; i++) {
                    pub.publishWith()
                            .topic("jobs/" + i)
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("job " + i).getBytes(StandardCharsets.UTF_8))
                            .send();
                }
                pub.disconnect();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> jobs(first).size() + jobs(second).size() >= JOBS);
                Set<String> a = jobs(first);
                Set<String> b = jobs(second);
                assertThat(a).as("no job delivered to both instances").doesNotContainAnyElementsOf(b);
                Set<String> all = new HashSet<>(a);
                all.addAll(b);
                assertThat(all).hasSize(JOBS);
            }
        }
    }

    private static int rows(Patch p) {
        return p.query(v -> v.node("jobs").getTable().numRows()).join();
    }

    /** Job topics (probes excluded) in an instance's table. */
    private static Set<String> jobs(Patch p) {
        return p.query(v -> {
                    Table t = v.node("jobs").getTable();
                    Set<String> topics = new HashSet<>();
                    int topic = t.col("topic");
                    for (int r = 0; r < t.numRows(); r++) {
                        if (!t.cell(r, topic).equals("jobs/probe")) topics.add(t.cell(r, topic));
                    }
                    return topics;
                })
                .join();
    }
}
