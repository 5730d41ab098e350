package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the inbox promises when it overflows: a QoS 1/2 message, acknowledged once it is in the inbox, always reaches
 * {@code onMessage}, exactly once and in order, however many QoS 0 messages crowd in beside it; only QoS 0 messages
 * are dropped, and {@code dropped} counts exactly those.
 */
class InboxGuaranteeTest {

    private static final int RELIABLE = Integer.getInteger("patchline.test.inbox.reliable", 1_500);
    private static final int FLOOD = Integer.getInteger("patchline.test.inbox.flood", 30_000);

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {1, 2})
    void every_acknowledged_message_reaches_onmessage_once_and_in_order_beside_a_qos0_flood(int qos) throws Exception {
        List<String> reliable = new ArrayList<>();
        AtomicInteger floodSeen = new AtomicInteger();
        try (MosquittoBroker broker =
                        MosquittoBroker.builder().unlimitedQueues().start();
                OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.INBOX, 20)
                        .set(MqttClientDat.MAXLINES, 20)
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("mix/#", qos)))
                        .callbacks(CallbackSpec.object(new MqttClientCallbacks() {
                            @Override
                            public void onSubscribe(MqttClientView dat, String topics) {
                                reliable.add("subscribed");
                            }

                            @Override
                            public void onMessage(
                                    MqttClientView dat,
                                    String topic,
                                    String payload,
                                    int q,
                                    boolean retained,
                                    boolean dup,
                                    InboundMessage msg) {
                                if (topic.equals("mix/q0")) {
                                    floodSeen.incrementAndGet();
                                } else {
                                    reliable.add(payload);
                                }
                                try {
                                    Thread.sleep(2); // a callback that takes about 2 ms
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        }));
                Peer reliablePeer = new Peer(broker.tcpUrl());
                Peer floodPeer = new Peer(broker.tcpUrl())) {
            r.cookUntil(() -> reliable.contains("subscribed"), Duration.ofSeconds(30), "SUBACK");
            reliable.clear();

            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> publishFlood(floodPeer));
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < RELIABLE; i++)
                acks.add(reliablePeer.publish("mix/q1", Integer.toString(i), qos, false));

            flood.get(60, TimeUnit.SECONDS);
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            // Every message sent is either taken (received) or dropped; wait until all are accounted for.
            r.cookUntil(
                    () -> r.info("received") + r.info("dropped") >= RELIABLE + FLOOD,
                    Duration.ofSeconds(120),
                    "every message taken or dropped (QoS " + qos + " taken " + reliable.size() + ", QoS 0 taken "
                            + floodSeen.get() + ")");

            assertThat(reliable)
                    .as("QoS %d messages in onMessage", qos)
                    .containsExactlyElementsOf(IntStream.range(0, RELIABLE)
                            .mapToObj(Integer::toString)
                            .toList());
            assertThat(r.info("received")).isEqualTo(RELIABLE + floodSeen.get());
            assertThat((long) r.info("dropped"))
                    .as("dropped counts QoS 0 messages only")
                    .isEqualTo(FLOOD - floodSeen.get());
        }
    }

    /** QoS 0 as fast as the publisher's queue takes it. */
    private static void publishFlood(Peer peer) {
        try {
            for (int i = 0; i < FLOOD; ) {
                CompletableFuture<?> last = null;
                for (int end = Math.min(FLOOD, i + 1_000); i < end; i++)
                    last = peer.publish("mix/q0", "flood " + i, 0, false);
                last.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("the QoS 0 publisher failed", e);
        }
    }
}
