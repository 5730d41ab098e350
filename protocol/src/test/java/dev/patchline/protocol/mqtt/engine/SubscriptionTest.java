package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.RetainHandling;
import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.SubscriptionOptions;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Subscription identifiers, shared subscriptions and routing of messages back to the handler that subscribed. */
class SubscriptionTest {

    static CompletableFuture<SubscribeResult> subscribe(ScriptedBroker b, String filter, String label) {
        return b.engine.subscribe(
                List.of(Subscription.of(filter, Qos.AT_LEAST_ONCE)), new LabelRoute(label), null, b.now);
    }

    static Publish withIds(String topic, Integer... ids) {
        return Publish.builder(topic)
                .payload(new byte[] {1})
                .properties(PublishProperties.builder()
                        .subscriptionIdentifiers(List.of(ids))
                        .build())
                .build();
    }

    static List<String> handlers(MqttMessage m) {
        List<String> h = new ArrayList<>();
        for (MqttSubscription s : m.subscriptions()) {
            h.add(((LabelRoute) s.route()).label());
        }
        return h;
    }

    @Test
    void subscriptionIdentifiersMapMessagesBackToTheirSubscriptions() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            subscribe(b, "a/#", "A");
            subscribe(b, "a/b", "B");
            b.expect("82 0b 0001 02 0b01 0003 612f23 01"); // Subscription Identifier 1
            b.expect("82 0b 0002 02 0b02 0003 612f62 01"); // Subscription Identifier 2
            b.sendHex("90 04 0001 00 01 90 04 0002 00 01");
            b.send(withIds("a/b", 1, 2));
            b.send(withIds("a/b", 2));
            b.send(withIds("a/c", 1));
            assertEquals(List.of("A", "B"), handlers(b.events.messages.get(0)));
            assertEquals(List.of("B"), handlers(b.events.messages.get(1)));
            assertEquals(List.of("A"), handlers(b.events.messages.get(2)));
        }
    }

    @Test
    void sharedSubscriptionsWithIdentifiersAreDeliveredToTheirOwnHandler() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            subscribe(b, "$share/g/jobs/#", "SHARED");
            subscribe(b, "jobs/#", "PLAIN");
            b.nextPacket();
            b.nextPacket();
            b.send(withIds("jobs/1", 1)); // came through the share only
            b.send(withIds("jobs/2", 2)); // came through the plain subscription only
            assertEquals(List.of("SHARED"), handlers(b.events.messages.get(0)));
            assertEquals(List.of("PLAIN"), handlers(b.events.messages.get(1)));
        }
    }

    @Test
    void sharedSubscriptionsWithoutIdentifiersMatchTheSharesFilter() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(
                    false,
                    ConnAckProperties.builder()
                            .subscriptionIdentifiersAvailable(false)
                            .build());
            subscribe(b, "$share/g/jobs/+", "SHARED");
            // no Subscription Identifier property: the server said it does not support them
            b.expect("82 15 0001 00 000f 2473686172652f672f6a6f62732f2b 01");
            b.send(withIds("jobs/7"));
            b.send(withIds("other/7"));
            assertEquals(List.of("SHARED"), handlers(b.events.messages.get(0)));
            assertTrue(b.events.messages.get(1).subscriptions().isEmpty());
        }
    }

    @Test
    void featuresTheServerLacksFailTheSubscribeWithoutSendingIt() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(
                    false,
                    ConnAckProperties.builder()
                            .sharedSubscriptionAvailable(false)
                            .wildcardSubscriptionAvailable(false)
                            .build());
            CompletableFuture<SubscribeResult> shared = subscribe(b, "$share/g/t", null);
            CompletableFuture<SubscribeResult> wild = subscribe(b, "t/#", null);
            b.expectNothing();
            assertTrue(message(shared).contains("does not support shared subscriptions"), message(shared));
            assertTrue(message(wild).contains("does not support wildcard subscriptions"), message(wild));
            b.send(withIds("t/x")); // nothing routes to the refused subscription
            assertTrue(b.events.messages.get(0).subscriptions().isEmpty());
        }
    }

    @Test
    void invalidFiltersFailWithTheRuleThatWasBroken() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            assertTrue(message(subscribe(b, "a/#/b", null)).contains("#"));
            CompletableFuture<SubscribeResult> noLocalShare = b.engine.subscribe(
                    List.of(new Subscription(
                            "$share/g/t",
                            new SubscriptionOptions(Qos.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE))),
                    null,
                    null,
                    b.now);
            assertTrue(message(noLocalShare).contains("MQTT-3.8.3-4"));
            b.expectNothing();
        }
    }

    @Test
    void refusedFiltersAreReportedAndStopRouting() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            CompletableFuture<SubscribeResult> f = b.engine.subscribe(
                    List.of(Subscription.of("ok", Qos.AT_LEAST_ONCE), Subscription.of("secret", Qos.AT_LEAST_ONCE)),
                    new LabelRoute("H"),
                    null,
                    b.now);
            b.nextPacket();
            b.sendHex("90 05 0001 00 01 87"); // granted QoS 1, Not authorized
            SubscribeResult r = f.join();
            assertFalse(r.allGranted());
            assertEquals(List.of(SubAckReasonCode.GRANTED_QOS_1, SubAckReasonCode.NOT_AUTHORIZED), r.reasonCodes());
            b.send(withIds("secret"));
            b.send(withIds("ok"));
            assertTrue(b.events.messages.get(0).subscriptions().isEmpty());
            assertEquals(List.of("H"), handlers(b.events.messages.get(1)));
        }
    }

    @Test
    void unsubscribeStopsRoutingAtUnsubAck() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            subscribe(b, "a/b", "H");
            b.nextPacket();
            b.sendHex("90 04 0001 00 01");
            CompletableFuture<UnsubscribeResult> u = b.engine.unsubscribe(List.of("a/b"), null, b.now);
            b.expect("a2 08 0002 00 0003 612f62"); // UNSUBSCRIBE id 2, no properties, "a/b"
            b.send(withIds("a/b"));
            assertEquals(List.of("H"), handlers(b.events.messages.get(0)), "still routed until UNSUBACK");
            b.sendHex("b0 04 0002 00 00");
            assertEquals(List.of(UnsubAckReasonCode.SUCCESS), u.join().reasonCodes());
            b.send(withIds("a/b"));
            assertTrue(b.events.messages.get(1).subscriptions().isEmpty());
        }
    }

    @Test
    void subscribeBeforeConnectIsSentAfterConnAck() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            CompletableFuture<SubscribeResult> f = subscribe(b, "x", "H");
            b.connect();
            b.expect("82 09 0001 02 0b01 0001 78 01");
            b.sendHex("90 04 0001 00 01");
            assertTrue(f.join().allGranted());
        }
    }

    @Test
    void mqtt311RoutesByTopic() {
        try (ScriptedBroker b = new ScriptedBroker(EngineConfig.builder()
                .version(MqttVersion.V3_1_1)
                .clientId("c1")
                .build())) {
            b.open();
            b.nextPacket();
            b.sendHex("20 02 00 00");
            subscribe(b, "s/+", "H");
            b.expect("82 08 0001 0003 732f2b 01"); // 3.1.1 SUBSCRIBE: no properties
            b.sendHex("90 03 0001 01");
            b.sendHex("30 06 0003 732f31 78"); // PUBLISH "s/1"
            assertEquals(List.of("H"), handlers(b.events.messages.get(0)));
            CompletableFuture<UnsubscribeResult> u = b.engine.unsubscribe(List.of("s/+"), null, b.now);
            b.expect("a2 07 0002 0003 732f2b");
            b.sendHex("b0 02 0002");
            assertEquals(List.of(UnsubAckReasonCode.SUCCESS), u.join().reasonCodes());
        }
    }

    static String message(CompletableFuture<?> f) {
        try {
            f.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
    }
}
