package dev.patchline.nodes.broker;

import static dev.patchline.nodes.broker.BrokerTesting.awaitState;
import static dev.patchline.nodes.broker.BrokerTesting.mosquittoTool;
import static dev.patchline.nodes.broker.BrokerTesting.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One broker node on a free port, shared by tests that route messages through it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttBrokerRoutingTest {

    private OperatorTestRunner broker;
    private int port;

    @BeforeAll
    void startBroker() {
        broker = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()));
        broker.set(MqttBrokerDat.PORT, 0).set(MqttBrokerDat.WEBSOCKET, true).set(MqttBrokerDat.WSPORT, 0);
        broker.cook();
        assertThat(row(broker, "state")).isIn("starting", "running");
        awaitState(broker, "running");
        port = Integer.parseInt(row(broker, "port"));
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void port_zero_picks_a_free_port_and_shows_it_in_the_table_and_info() throws IOException {
        assertThat(port).isBetween(1, 65535).isNotEqualTo(1883);
        assertThat(row(broker, "url")).isEqualTo("tcp://127.0.0.1:" + port);
        assertThat(row(broker, "address")).isEqualTo("127.0.0.1");
        int wsPort = Integer.parseInt(row(broker, "wsport"));
        assertThat(wsPort).isNotEqualTo(port);
        assertThat(row(broker, "wsurl")).isEqualTo("ws://127.0.0.1:" + wsPort + "/mqtt");
        assertThat(broker.info("wsport")).isEqualTo(wsPort);
        assertThat(broker.info("port")).isEqualTo(port);
        assertThat(broker.info("running")).isEqualTo(1.0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    void routes_qos_0_1_and_2_between_mqtt5_clients_and_counts_them() throws Exception {
        Mqtt5BlockingClient sub = client("sub-" + System.nanoTime());
        Mqtt5BlockingClient pub = client("pub-" + System.nanoTime());
        sub.connect();
        pub.connect();
        try (Mqtt5Publishes received = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith()
                    .topicFilter("routing/+")
                    .qos(MqttQos.EXACTLY_ONCE)
                    .send();
            for (MqttQos qos : MqttQos.values()) {
                pub.publishWith()
                        .topic("routing/q" + qos.getCode())
                        .qos(qos)
                        .payload(("hello " + qos.getCode()).getBytes(StandardCharsets.UTF_8))
                        .send();
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Mqtt5Publish p =
                        received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("message missing"));
                got.add(p.getTopic() + " qos" + p.getQos().getCode() + " "
                        + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            // The subscription grants QoS 2, so each message arrives at the QoS it was published with.
            assertThat(got)
                    .containsExactlyInAnyOrder(
                            "routing/q0 qos0 hello 0", "routing/q1 qos1 hello 1", "routing/q2 qos2 hello 2");
        } finally {
            pub.disconnect();
            sub.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            broker.cook();
            return broker.info("messages_in") >= 3 && broker.info("messages_out") >= 3;
        });
        assertThat(Long.parseLong(row(broker, "messages_in"))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void routes_between_websocket_and_tcp_clients() throws Exception {
        int wsPort = Integer.parseInt(row(broker, "wsport"));
        Mqtt5BlockingClient ws = Mqtt5Client.builder()
                .identifier("ws-" + System.nanoTime())
                .serverHost("127.0.0.1")
                .serverPort(wsPort)
                .webSocketConfig()
                .serverPath("mqtt")
                .applyWebSocketConfig()
                .buildBlocking();
        Mqtt5BlockingClient tcp = client("tcp-" + System.nanoTime());
        ws.connect();
        tcp.connect();
        try (Mqtt5Publishes received = tcp.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            tcp.subscribeWith().topicFilter("ws/in").qos(MqttQos.AT_LEAST_ONCE).send();
            ws.publishWith()
                    .topic("ws/in")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("over websocket".getBytes(StandardCharsets.UTF_8))
                    .send();
            Mqtt5Publish p =
                    received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("message missing"));
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("over websocket");
        } finally {
            ws.disconnect();
            tcp.disconnect();
        }
    }

    @Test
    void counts_connected_clients() {
        Mqtt5BlockingClient c = client("count-" + System.nanoTime());
        c.connect();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInSameThread()
                    .until(() -> broker.cook().info("clients") >= 1);
            assertThat(Integer.parseInt(row(broker, "clients"))).isGreaterThanOrEqualTo(1);
        } finally {
            c.disconnect();
        }
        await().atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .until(() -> broker.cook().info("clients") == 0);
    }

    @Test
    void routes_qos_0_1_and_2_for_mosquitto_pub_and_sub() throws Exception {
        String pubTool = mosquittoTool("mosquitto_pub").toString();
        String subTool = mosquittoTool("mosquitto_sub").toString();
        Process sub = new ProcessBuilder(
                        subTool,
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-q",
                        "2",
                        "-t",
                        "mosq/#",
                        "-v",
                        "-i",
                        "mosq-sub-" + ProcessHandle.current().pid())
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))
                        .lines()
                        .forEach(lines::add),
                "mosquitto_sub reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // SUBSCRIBE completes some time after the process starts: probe until the subscriber sees a message.
            String seen = null;
            for (int attempt = 0; attempt < 40 && seen == null; attempt++) {
                publish(pubTool, 1, "mosq/probe", "probe");
                seen = lines.poll(500, TimeUnit.MILLISECONDS);
            }
            assertThat(seen).as("mosquitto_sub received the probe").isEqualTo("mosq/probe probe");
            for (int qos = 0; qos <= 2; qos++) {
                publish(pubTool, qos, "mosq/q" + qos, "m" + qos);
            }
            List<String> got = new ArrayList<>();
            while (got.size() < 3) {
                String line = lines.poll(20, TimeUnit.SECONDS);
                assertThat(line)
                        .as("message %d from mosquitto_sub (got %s)", got.size(), got)
                        .isNotNull();
                if (!line.startsWith("mosq/probe")) got.add(line);
            }
            assertThat(got).containsExactly("mosq/q0 m0", "mosq/q1 m1", "mosq/q2 m2");
        } finally {
            sub.destroy();
        }
    }

    private void publish(String tool, int qos, String topic, String message) throws Exception {
        Process pub = new ProcessBuilder(
                        tool,
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-q",
                        Integer.toString(qos),
                        "-t",
                        topic,
                        "-m",
                        message)
                .redirectErrorStream(true)
                .start();
        assertThat(pub.waitFor(20, TimeUnit.SECONDS))
                .as("mosquitto_pub finished")
                .isTrue();
        assertThat(pub.exitValue())
                .as(new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    private Mqtt5BlockingClient client(String id) {
        return Mqtt5Client.builder()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildBlocking();
    }
}
