package dev.patchline.protocol.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;
import dev.patchline.protocol.mqtt.engine.MqttPublishException;
import dev.patchline.protocol.mqtt.transport.MqttTransport;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.AcceptThenFailServer;

/**
 * The whole client against a server that accepts every session and then sends garbage: each connection ends in a
 * protocol error, which must count as a failed attempt (the backoff grows), and a publish that fails because the
 * client gave up must say what went wrong, not only that the engine is closed.
 */
class MisbehavingServerClientTest {

    @Test
    void aServerThatSendsGarbageAfterConnAckGetsGrowingWaitsNotAStorm() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.GARBAGE)) {
            List<DisconnectInfo> losses = new CopyOnWriteArrayList<>();
            ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(5),
                    Duration.ofMillis(200), 2, 0.2).withStableAfter(Duration.ofSeconds(10));
            try (MqttClient client = MqttClient.builder(server.tcpUrl()).clientId("storm").reconnect(policy)
                    .stateListener((state, info, lost, cause) -> {
                        if (state == ConnectionState.RECONNECTING && lost != null) {
                            losses.add(lost);
                        }
                    }).build()) {
                client.connect().get(10, TimeUnit.SECONDS);
                assertThat(server.awaitConnections(6, 20, TimeUnit.SECONDS)).as("six connections within 20 s").isTrue();
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
    void withoutReconnectAFailedPublishNamesTheProtocolError() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.GARBAGE);
             MqttClient client = MqttClient.builder(server.tcpUrl()).clientId("one-shot")
                     .reconnect(ReconnectPolicy.never()).build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            CompletableFuture<?> published = client.publish("t", "x", Qos.AT_LEAST_ONCE, false);
            assertThatThrownBy(() -> published.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(MqttPublishException.class)
                    .hasMessageContaining("the server sent an invalid packet")
                    .hasMessageContaining("packet type 0 is reserved");
        }
    }
}
