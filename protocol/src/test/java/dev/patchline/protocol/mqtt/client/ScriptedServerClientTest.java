package dev.patchline.protocol.mqtt.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAck;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Unsubscribe;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.engine.EnhancedAuthHandler;
import dev.patchline.protocol.mqtt.engine.MqttPublishException;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import dev.patchline.protocol.mqtt.engine.UnsubscribeResult;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted server on a real socket that records exactly what arrives. Publishes from user
 * threads travel through the client's lock-free inbox to the event loop: order per thread, completion of every
 * future, the backpressure contract while the engine's queue is full, and what close does to publishes still
 * waiting. Also the MQTT 5 commands whose packets the test must see: UNSUBSCRIBE with user properties and
 * re-authentication.
 */
class ScriptedServerClientTest {

    private static MqttClient client(ScriptedServer server, int maxInflight, int queueCapacity) throws Exception {
        MqttClient client = MqttClient.builder(server.url())
                .clientId("inbox-test")
                .reconnect(ReconnectPolicy.never())
                .maxInflight(maxInflight)
                .publishQueueCapacity(queueCapacity)
                .build();
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    private static CompletableFuture<PublishResult> publish(MqttClient client, String payload, Qos qos) {
        return client.publish(
                "t",
                Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8)),
                qos,
                false,
                PublishProperties.NONE);
    }

    @Test
    void publishesFromManyThreadsArriveInEachThreadsOrderAndAllComplete() throws Exception {
        int threads = 4;
        int perThread = 3_000;
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = client(server, 100, 1_000)) {
            List<CompletableFuture<PublishResult>> futures = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Qos qos = t % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.AT_MOST_ONCE;
                Thread producer = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        while (client.isPublishQueueFull()) {
                            Thread.onSpinWait(); // the documented way to keep memory bounded
                        }
                        futures.add(publish(client, thread + ":" + i, qos));
                    }
                });
                producers.add(producer);
                producer.start();
            }
            start.countDown();
            for (Thread producer : producers) {
                producer.join(30_000);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(threads * perThread, futures.size());
            waitFor(() -> server.payloads.size() == threads * perThread);
            int[] next = new int[threads];
            for (String payload : server.payloads) {
                String[] parts = payload.split(":");
                int thread = Integer.parseInt(parts[0]);
                assertEquals(next[thread], Integer.parseInt(parts[1]), "order of thread " + thread + "'s publishes");
                next[thread]++;
            }
        }
    }

    @Test
    void publishesBeyondAFullEngineQueueWaitInOrderAndTheFullSignalClearsAgain() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = client(server, 1, 6)) {
            server.holdAcks();
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(publish(client, "m" + i, Qos.AT_LEAST_ONCE)); // never throws, never blocks
            }
            // 1 in flight, 6 in the engine's queue, 5 on their way to it (fewer than twice the queue: none refused)
            waitFor(client::isPublishQueueFull);
            waitFor(() -> !server.payloads.isEmpty());
            assertEquals(List.of("m0"), server.payloads); // the window of 1 lets nothing else out
            assertTrue(futures.stream().noneMatch(CompletableFuture::isDone));

            server.releaseAcks();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, server.payloads);
            assertFalse(client.isPublishQueueFull());
            assertEquals(0, futures.get(11).get().reasonCode());
        }
    }

    @Test
    void closeFailsEveryPublishStillWaitingWithClosed() throws Exception {
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer()) {
            // 1 in flight, 4 in the engine's queue, 2 on their way: fewer than twice the queue, so none is refused
            MqttClient client = client(server, 1, 4);
            server.holdAcks();
            for (int i = 0; i < 7; i++) {
                futures.add(publish(client, "m" + i, Qos.AT_LEAST_ONCE));
            }
            waitFor(client::isPublishQueueFull);
            client.close();
            assertFalse(client.isPublishQueueFull(), "nothing waits after close");
            futures.add(publish(client, "late", Qos.AT_MOST_ONCE));
        }
        for (CompletableFuture<PublishResult> future : futures) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            MqttPublishException failure = assertInstanceOf(MqttPublishException.class, e.getCause());
            assertEquals(MqttPublishException.Kind.CLOSED, failure.kind(), failure.getMessage());
        }
    }

    @Test
    void unsubscribeCarriesUserProperties() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = client(server, 10, 10)) {
            CompletableFuture<UnsubscribeResult> result = client.unsubscribe(
                    List.of("a/b", "c/#"), UserProperties.of("origin", "patchline", "reason", "shutdown"));
            MqttPacket packet = server.nextOther();
            Unsubscribe unsubscribe = assertInstanceOf(Unsubscribe.class, packet);
            assertEquals(List.of("a/b", "c/#"), unsubscribe.topicFilters());
            assertEquals(UserProperties.of("origin", "patchline", "reason", "shutdown"), unsubscribe.userProperties());
            server.send(UnsubAck.of(
                    unsubscribe.packetId(), UnsubAckReasonCode.SUCCESS, UnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED));
            UnsubscribeResult unsubscribed = result.get(10, TimeUnit.SECONDS);
            assertEquals(
                    List.of(UnsubAckReasonCode.SUCCESS, UnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED),
                    unsubscribed.reasonCodes());
        }
    }

    @Test
    void reauthenticateWithoutAnAuthHandlerSaysNo() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = client(server, 10, 10)) {
            assertFalse(client.reauthenticate().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void reauthenticateRunsTheAuthExchangeThroughTheHandler() throws Exception {
        java.util.concurrent.BlockingQueue<String> handlerSaw = new java.util.concurrent.LinkedBlockingQueue<>();
        EnhancedAuthHandler handler = new EnhancedAuthHandler() {
            @Override
            public String method() {
                return "TOKEN";
            }

            @Override
            public BinaryData initialData() {
                return BinaryData.ofUtf8("token-1");
            }

            @Override
            public BinaryData challenge(BinaryData serverData) {
                handlerSaw.add("challenge " + new String(serverData.toByteArray(), StandardCharsets.UTF_8));
                return BinaryData.ofUtf8("answer");
            }

            @Override
            public void succeeded(BinaryData serverData) {
                handlerSaw.add("succeeded");
            }
        };
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = MqttClient.builder(server.url())
                        .clientId("reauth")
                        .reconnect(ReconnectPolicy.never())
                        .authHandler(handler)
                        .build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            assertEquals("succeeded", handlerSaw.poll(10, TimeUnit.SECONDS)); // CONNACK ended the first exchange
            assertTrue(client.reauthenticate().get(10, TimeUnit.SECONDS));
            Auth start = assertInstanceOf(Auth.class, server.nextOther());
            assertEquals(AuthReasonCode.REAUTHENTICATE, start.reasonCode()); // 0x19, MQTT 5 section 4.12.1
            assertEquals("TOKEN", start.authenticationMethod());
            server.send(new Auth(
                    AuthReasonCode.CONTINUE_AUTHENTICATION,
                    "TOKEN",
                    BinaryData.ofUtf8("nonce"),
                    null,
                    UserProperties.EMPTY));
            assertEquals("challenge nonce", handlerSaw.poll(10, TimeUnit.SECONDS));
            Auth answer = assertInstanceOf(Auth.class, server.nextOther());
            assertEquals(AuthReasonCode.CONTINUE_AUTHENTICATION, answer.reasonCode());
            assertEquals("answer", new String(answer.authenticationData().toByteArray(), StandardCharsets.UTF_8));
            server.send(new Auth(AuthReasonCode.SUCCESS, "TOKEN", null, null, UserProperties.EMPTY));
            assertEquals("succeeded", handlerSaw.poll(10, TimeUnit.SECONDS));
            assertEquals(ConnectionState.CONNECTED, client.state());
        }
    }

    /** Waits (up to 10 s) for a condition another thread makes true; no assertion on how long it took. */
    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
