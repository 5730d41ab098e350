package dev.patchline.protocol.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.ConnectionInfo;
import dev.patchline.protocol.mqtt.engine.MqttConnectionException;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.protocol.testing.RawMqttClient;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MqttClientTest {

    @Test
    void publishesAndReceivesAtEveryQos() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttClient client = MqttClient.builder(broker.tcpUrl())
                        .clientId("roundtrip")
                        .build()) {
            ConnectionInfo info = client.connect().get(10, TimeUnit.SECONDS);
            assertThat(info.version()).isEqualTo(MqttVersion.V5);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            client.subscribe("rt/#", Qos.EXACTLY_ONCE, message -> {
                        threads.add(Thread.currentThread().getName());
                        received.add(message.topic() + "=" + message.payload().toString(StandardCharsets.UTF_8) + "@"
                                + message.qos().value());
                    })
                    .get(10, TimeUnit.SECONDS);
            for (Qos qos : Qos.values()) {
                PublishResult result = client.publish("rt/" + qos.value(), "m" + qos.value(), qos, false)
                        .get(10, TimeUnit.SECONDS);
                assertThat(result.packetId() == 0).isEqualTo(qos == Qos.AT_MOST_ONCE);
            }
            assertThat(List.of(
                            received.poll(10, TimeUnit.SECONDS),
                            received.poll(10, TimeUnit.SECONDS),
                            received.poll(10, TimeUnit.SECONDS)))
                    .containsExactly("rt/0=m0@0", "rt/1=m1@1", "rt/2=m2@2");
            assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("patchline-mqtt-callback"));
        }
    }

    @Test
    void stateListenerSeesConnectedAndClosed() throws Exception {
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            MqttClient client = MqttClient.builder(broker.tcpUrl())
                    .clientId("states")
                    .stateListener((state, connection, lost, cause) -> states.add(state))
                    .build();
            client.connect().get(10, TimeUnit.SECONDS);
            client.disconnect().get(10, TimeUnit.SECONDS);
            assertThat(List.copyOf(states))
                    .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.CLOSED);
            assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void refusedCredentialsFailTheFirstConnect() throws Exception {
        try (MosquittoBroker broker =
                        MosquittoBroker.builder().user("alice", "right").start();
                MqttClient client = MqttClient.builder(broker.tcpUrl())
                        .clientId("intruder")
                        .credentials("alice", "wrong")
                        .build()) {
            assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(MqttConnectionException.class);
        }
    }

    @Test
    void unreachableBrokerFailsTheFirstConnectWithinTheConnectTimeoutWhileReconnecting() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MqttClient client = MqttClient.builder("tcp://127.0.0.1:" + port)
                .connectTimeout(Duration.ofSeconds(1)) // the default reconnect policy keeps trying
                .build()) {
            assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(MqttConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("within 1000 ms")
                    .hasMessageContaining("keeps trying")
                    .hasCauseInstanceOf(ConnectException.class);
            assertThat(client.state()).isIn(ConnectionState.CONNECTING, ConnectionState.RECONNECTING);
        }
    }

    @Test
    void unreachableBrokerFailsTheFirstConnectWithoutReconnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MqttClient client = MqttClient.builder("tcp://127.0.0.1:" + port)
                .reconnect(ReconnectPolicy.never())
                .build()) {
            assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void queueSubscriptionBuffersUntilTaken() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttClient client =
                        MqttClient.builder(broker.tcpUrl()).clientId("queued").build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            MessageQueue queue = client.subscribeQueue("q/#", Qos.AT_LEAST_ONCE, 4);
            queue.subscribed().get(10, TimeUnit.SECONDS);
            // A separate publisher: 20 QoS 1 messages against a queue of 4 force the client to pause and resume.
            try (RawMqttClient publisher = RawMqttClient.connect(broker.host(), broker.port(), "queue-feeder")) {
                for (int i = 0; i < 20; i++) {
                    publisher.publish("q/x", ("n" + i).getBytes(StandardCharsets.UTF_8), 1);
                }
            }
            for (int i = 0; i < 20; i++) {
                ReceivedMessage message = queue.poll(Duration.ofSeconds(10));
                assertThat(message).as("message %d", i).isNotNull();
                assertThat(message.payloadAsString()).isEqualTo("n" + i);
                assertThat(queue.size()).isLessThanOrEqualTo(4);
            }
        }
    }
}
