package dev.patchline.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.Graph;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestResponseSampleTest {

    @Test
    void json_and_java_build_equal_graphs() {
        assertThat(RequestResponseSample.graph()).isEqualTo(SampleTesting.load("request-response/graph.json"));
    }

    @Test
    void answers_on_the_response_topic_with_the_correlation_data_of_each_request() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Graph g = SampleTesting.withParam(
                    SampleTesting.load("request-response/graph.json"), "service", "netaddress", broker.tcpUrl());
            try (Patch patch = SampleTesting.start(g, SampleTesting.SAMPLES.resolve("request-response"))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                patch.query(v -> v.node("service").getInfo().getOrDefault("connected", 0.0))
                                                .join()
                                        == 1.0);
                Mqtt5BlockingClient requester = Mqtt5Client.builder()
                        .identifier("requester")
                        .serverHost("127.0.0.1")
                        .serverPort(broker.port())
                        .buildBlocking();
                requester.connect();
                try (Mqtt5Publishes replies = requester.publishes(MqttGlobalPublishFilter.ALL)) {
                    requester
                            .subscribeWith()
                            .topicFilter("replies/requester")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send();
                    Mqtt5Publish reply = null;
                    // The service subscribes right after connecting: ask again until it answers.
                    for (int attempt = 0; attempt < 20 && reply == null; attempt++) {
                        request(requester, "hello", "first-" + attempt);
                        reply = replies.receive(1, TimeUnit.SECONDS).orElse(null);
                    }
                    assertThat(reply).as("an answer from the service").isNotNull();
                    // Two questions in flight: each answer carries its own question's correlation data.
                    request(requester, "abc", "q-abc");
                    request(requester, "xyz", "q-xyz");
                    for (int i = 0; i < 2; i++) {
                        Mqtt5Publish r = replies.receive(10, TimeUnit.SECONDS)
                                .orElseThrow(() -> new AssertionError("no answer"));
                        if (r.getCorrelationData()
                                .map(b -> StandardCharsets.UTF_8.decode(b).toString())
                                .orElse("")
                                .startsWith("first-")) {
                            i--; // a late answer to a retried first question
                            continue;
                        }
                        String correlation = StandardCharsets.UTF_8
                                .decode(r.getCorrelationData().orElseThrow())
                                .toString();
                        String text = new String(r.getPayloadAsBytes(), StandardCharsets.UTF_8);
                        assertThat(r.getTopic().toString()).isEqualTo("replies/requester");
                        assertThat(correlation + "=" + text).isIn("q-abc=ABC", "q-xyz=XYZ");
                    }
                } finally {
                    requester.disconnect();
                }
            }
        }
    }

    private static void request(Mqtt5BlockingClient client, String text, String correlation) {
        client.publishWith()
                .topic("service/upper")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8))
                .responseTopic("replies/requester")
                .correlationData(correlation.getBytes(StandardCharsets.UTF_8))
                .send();
    }
}
