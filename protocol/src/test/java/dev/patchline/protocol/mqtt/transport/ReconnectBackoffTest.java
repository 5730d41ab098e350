package dev.patchline.protocol.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.AcceptThenFailServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts the session (CONNACK) and then closes the connection at once: the transport must treat each
 * such connection as a failed attempt, so the scheduled waits grow instead of restarting at the first delay.
 * The waits are read as scheduled, not measured.
 */
class ReconnectBackoffTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void connectionsClosedRightAfterConnAckWaitLongerEachTime() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.CLOSE)) {
            ScriptedProtocol protocol = new ScriptedProtocol("closed-after-connack");
            RecordingListener listener = new RecordingListener();
            // No jitter, so that each wait is exactly the policy's; healthy only after 10 s up.
            ReconnectPolicy policy = ReconnectPolicy.exponential(
                            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(200), 2, 0)
                    .withStableAfter(Duration.ofSeconds(10));
            MqttTransport transport = new MqttTransport(
                    TransportOptions.builder(server.tcpUrl()).reconnect(policy).build(),
                    protocol,
                    listener,
                    EventLoops.shared());
            listener.bind(transport);
            protocol.onConnAck = transport::connectionEstablished;
            transport.start();
            try {
                assertThat(server.awaitConnections(6, 20, TimeUnit.SECONDS))
                        .as("six connections within 20 s")
                        .isTrue();
                assertThat(protocol.connAcks.get())
                        .as("the server did accept the sessions")
                        .isGreaterThanOrEqualTo(5);
                List<Long> delays = new ArrayList<>(listener.reconnectDelays).subList(0, 5);
                assertThat(delays).containsExactly(1 * MS, 5 * MS, 10 * MS, 20 * MS, 40 * MS);
            } finally {
                transport.stop().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
