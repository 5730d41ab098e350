package dev.patchline.protocol.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;
import dev.patchline.protocol.mqtt.engine.MqttPublishException;
import dev.patchline.protocol.mqtt.transport.MqttTransport;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.AcceptThenFailServer;
import dev.patchline.protocol.testing.FaultProxy;
import dev.patchline.protocol.testing.MosquittoBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole client against a server that accepts every session and then sends garbage: each connection ends in a
 * protocol error, which must count as a failed attempt (the backoff grows), and a publish that fails because the
 * client gave up must say what went wrong, not only that the engine is closed. For contrast, a real broker whose
 * connections are cut after they carried packets is retried at the first delay every time.
 */
class MisbehavingServerClientTest {

    @Test
    void aServerThatSendsGarbageAfterConnAckGetsGrowingWaitsNotAStorm() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.GARBAGE)) {
            List<DisconnectInfo> losses = new CopyOnWriteArrayList<>();
            ReconnectPolicy policy = ReconnectPolicy.exponential(
                            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(200), 2, 0.2)
                    .withStableAfter(Duration.ofSeconds(10));
            try (MqttClient client = MqttClient.builder(server.tcpUrl())
                    .clientId("storm")
                    .reconnect(policy)
                    .stateListener((state, info, lost, cause) -> {
                        if (state == ConnectionState.RECONNECTING && lost != null) {
                            losses.add(lost);
                        }
                    })
                    .build()) {
                client.connect().get(10, TimeUnit.SECONDS);
                assertThat(server.awaitConnections(6, 20, TimeUnit.SECONDS))
                        .as("six connections within 20 s")
                        .isTrue();
                MqttTransport transport = client.transport();
                int attempt = CompletableFuture.supplyAsync(transport::reconnectAttempt, transport.eventLoop())
                        .get(10, TimeUnit.SECONDS);
                // Every connection was accepted by CONNACK, yet none counted as healthy: the count kept growing.
                assertThat(attempt).isGreaterThanOrEqualTo(5);
                assertThat(losses).isNotEmpty().allSatisfy(loss -> {
                    assertThat(loss.initiator()).isEqualTo(DisconnectInfo.Initiator.PROTOCOL_ERROR);
                    assertThat(loss.message()).contains("invalid packet");
                });
            }
        }
    }

    @Test
    void connectionsThatServedPacketsAndWereCutStartTheBackoffAgain() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
            ReconnectPolicy policy = ReconnectPolicy.exponential(
                            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(200), 2, 0.2)
                    .withStableAfter(Duration.ofSeconds(60));
            try (MqttClient client = MqttClient.builder("tcp://127.0.0.1:" + proxy.port())
                    .clientId("cut")
                    .reconnect(policy)
                    .stateListener((state, info, lost, cause) -> states.add(state))
                    .build()) {
                client.connect().get(10, TimeUnit.SECONDS);
                for (int cut = 1; cut <= 3; cut++) {
                    // A SUBACK after each CONNACK: the connection served a packet before it is cut.
                    client.subscribe("cut/" + cut, Qos.AT_LEAST_ONCE, message -> {})
                            .get(10, TimeUnit.SECONDS);
                    states.clear();
                    assertThat(proxy.cutAll()).isEqualTo(1);
                    awaitState(states, ConnectionState.RECONNECTING);
                    awaitState(states, ConnectionState.CONNECTED);
                    MqttTransport transport = client.transport();
                    int attempt = CompletableFuture.supplyAsync(transport::reconnectAttempt, transport.eventLoop())
                            .get(10, TimeUnit.SECONDS);
                    assertThat(attempt).as("retries counted after cut %d", cut).isEqualTo(1);
                }
            }
        }
    }

    private static void awaitState(BlockingQueue<ConnectionState> states, ConnectionState wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ConnectionState state = null; state != wanted; ) {
            state = states.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(state).as("%s within 10 s", wanted).isNotNull();
        }
    }

    @Test
    void withoutReconnectAFailedPublishNamesTheProtocolError() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.GARBAGE);
                MqttClient client = MqttClient.builder(server.tcpUrl())
                        .clientId("one-shot")
                        .reconnect(ReconnectPolicy.never())
                        .build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            CompletableFuture<?> published = client.publish("t", "x", Qos.AT_LEAST_ONCE, false);
            assertThatThrownBy(() -> published.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(MqttPublishException.class)
                    .hasMessageContaining("the server sent an invalid packet")
                    .hasMessageContaining("packet type 0 is reserved");
        }
    }
}
