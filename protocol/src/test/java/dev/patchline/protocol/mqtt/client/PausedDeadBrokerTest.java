package dev.patchline.protocol.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.MosquittoBroker;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops answering is noticed within 1.5 times the keep alive even while the client's inbound is paused
 * by a full application inbox (an {@link InlineMessageHandler} that has no room): the broker is frozen with SIGSTOP, so
 * its TCP stack still acknowledges while the broker itself says nothing more.
 */
class PausedDeadBrokerTest {

    private static final int KEEP_ALIVE_SECONDS = 2;

    @Test
    void aFrozenBrokerIsNoticedWithinOneAndAHalfKeepAlivesWhileReadingIsPaused() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            CompletableFuture<DisconnectInfo> lost = new CompletableFuture<>();
            CountDownLatch refused = new CountDownLatch(1);
            MqttClient client = MqttClient.builder(broker.tcpUrl())
                    .clientId("paused-" + System.nanoTime())
                    .keepAlive(Duration.ofSeconds(KEEP_ALIVE_SECONDS))
                    .reconnect(ReconnectPolicy.never())
                    .stateListener((state, info, loss, cause) -> {
                        if (state == ConnectionState.CLOSED || state == ConnectionState.RECONNECTING)
                            lost.complete(loss);
                    })
                    .build();
            try (client;
                    MqttClient peer = MqttClient.builder(broker.tcpUrl())
                            .clientId("peer-" + System.nanoTime())
                            .reconnect(ReconnectPolicy.never())
                            .build()) {
                client.connect().get(10, TimeUnit.SECONDS);
                client.subscribeInline(
                                List.of(Subscription.of("frozen/#", Qos.AT_LEAST_ONCE)),
                                UserProperties.EMPTY,
                                new InlineMessageHandler() {
                                    @Override
                                    public boolean hasRoom(MqttMessage message) {
                                        refused.countDown();
                                        return false; // a full inbox that nobody drains
                                    }

                                    @Override
                                    public void onMessage(MqttMessage message) {
                                        throw new AssertionError("hasRoom never says yes");
                                    }
                                })
                        .get(10, TimeUnit.SECONDS);
                peer.connect().get(10, TimeUnit.SECONDS);
                for (int i = 0; i < 5; i++)
                    peer.publish("frozen/x", new byte[] {(byte) i}, Qos.AT_LEAST_ONCE, false)
                            .get(10, TimeUnit.SECONDS);
                assertThat(refused.await(10, TimeUnit.SECONDS))
                        .as("inbound paused")
                        .isTrue();
                // Paused across a few keep alives: the broker answers, so the link must stay up.
                assertThat(lost)
                        .as("a live broker behind a paused socket is not taken for dead")
                        .failsWithin(Duration.ofSeconds(3 * KEEP_ALIVE_SECONDS))
                        .withThrowableOfType(Exception.class);

                ProcessHandle mosquitto = ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info()
                                .command()
                                .map(c -> c.endsWith("mosquitto"))
                                .orElse(false))
                        .max(Comparator.comparing(p -> p.info().startInstant().orElseThrow()))
                        .orElseThrow();
                signal("STOP", mosquitto.pid());
                long frozenAt = System.nanoTime();
                try {
                    DisconnectInfo loss = lost.get(10 * KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
                    assertThat(loss.message()).contains("paused");
                    assertThat(millis)
                            .as("noticed after %d ms (keep alive %d s)", millis, KEEP_ALIVE_SECONDS)
                            .isLessThanOrEqualTo(
                                    1_500L * KEEP_ALIVE_SECONDS + 500); // scheduling slack on a busy machine
                } finally {
                    signal("CONT", mosquitto.pid());
                }
            }
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -%s %d", name, pid)
                .isTrue();
    }
}
