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
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TcpToMqttSampleTest {

    @Test
    void json_and_java_build_equal_graphs() {
        assertThat(TcpToMqttSample.graph()).isEqualTo(SampleTesting.load("tcp-to-mqtt/graph.json"));
    }

    @Test
    void lines_sent_over_tcp_are_published_below_tcp_once_each() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            int tcpPort = SampleTesting.freePort();
            Graph g = SampleTesting.load("tcp-to-mqtt/graph.json");
            g = SampleTesting.withParam(g, "devices", "port", tcpPort);
            g = SampleTesting.withParam(g, "mqtt", "netaddress", broker.tcpUrl());
            Mqtt5BlockingClient watcher = Mqtt5Client.builder()
                    .identifier("watcher")
                    .serverHost("127.0.0.1")
                    .serverPort(broker.port())
                    .buildBlocking();
            watcher.connect();
            try (Mqtt5Publishes received = watcher.publishes(MqttGlobalPublishFilter.ALL);
                    Patch patch = SampleTesting.start(g, SampleTesting.SAMPLES.resolve("tcp-to-mqtt"))) {
                watcher.subscribeWith()
                        .topicFilter("tcp/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> patch.query(v -> v.node("mqtt").getInfo().getOrDefault("connected", 0.0))
                                        .join()
                                == 1.0);
                AtomicReference<Socket> socket = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    socket.set(new Socket("127.0.0.1", tcpPort));
                    return true;
                });
                try (Socket device = socket.get()) {
                    OutputStream out = device.getOutputStream();
                    out.write("kitchen/light on\nhall/door open\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        Mqtt5Publish p = received.receive(20, TimeUnit.SECONDS)
                                .orElseThrow(() -> new AssertionError("bridged message missing; got " + got));
                        got.add(p.getTopic() + "=" + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8) + " qos"
                                + p.getQos().getCode());
                    }
                    assertThat(got).containsExactly("tcp/kitchen/light=on qos1", "tcp/hall/door=open qos1");
                    out.write("stage/fog 30\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Mqtt5Publish third = received.receive(20, TimeUnit.SECONDS).orElseThrow();
                    assertThat(third.getTopic().toString()).isEqualTo("tcp/stage/fog");
                    // Earlier lines were not published a second time.
                    assertThat(received.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
                }
            } finally {
                watcher.disconnect();
            }
        }
    }
}
