package dev.patchline.protocol.mqtt.engine;

import static dev.patchline.protocol.mqtt.engine.OutboundPublishTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.SubAck;
import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Session resume and loss: MQTT-4.4.0-1 resends, MQTT-3.2.2-5 discards, subscriptions restored, replay after CONNACK. */
class SessionTest {

    static EngineConfig.Builder persistent() {
        return EngineConfig.builder()
                .clientId("c1")
                .cleanStart(false)
                .sessionExpiryInterval(3600)
                .topicAliasMaximum(0);
    }

    @Test
    void unacknowledgedPublishIsResentWithDupOnResume() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect();
            CompletableFuture<PublishResult> f = publish(b, "t", Qos.AT_LEAST_ONCE);
            b.expect("32 07 0001 74 0001 00 78");
            b.drop();
            assertFalse(f.isDone(), "nothing is lost or failed by a broken link");
            b.open();
            // CONNECT resumes: flags 00 (clean start 0), properties: Session Expiry Interval 3600
            b.expect("10 14 0004 4d515454 05 00 003c 05 11 00000e10 0002 6331");
            b.send(ConnAck.success(true));
            b.expect("3a 07 0001 74 0001 00 78"); // same packet id, DUP set (0x08)
            b.sendHex("40 02 0001");
            assertTrue(f.join().confirmed());
        }
    }

    @Test
    void aMessageFirstSentByAliasIsResentWithItsFullTopic() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect(false, ConnAckProperties.builder().topicAliasMaximum(1).build());
            publish(b, "a/bc", Qos.AT_LEAST_ONCE);
            publish(b, "a/bc", Qos.AT_LEAST_ONCE);
            b.expect("32 0d 0004 612f6263 0001 03 230001 78"); // sets alias 1
            b.expect("32 09 0000 0002 03 230001 78"); // uses alias 1
            b.drop();
            b.connect(true, ConnAckProperties.NONE); // the new connection allows no aliases at all
            b.expect("3a 0a 0004 612f6263 0001 00 78");
            b.expect("3a 0a 0004 612f6263 0002 00 78"); // full topic: the old alias died with its connection
        }
    }

    @Test
    void pubRelIsResentOnResumeAndThePayloadIsNotSentAgain() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect();
            CompletableFuture<PublishResult> f = publish(b, "t", Qos.EXACTLY_ONCE);
            b.expect("34 07 0001 74 0001 00 78");
            b.sendHex("50 02 0001");
            b.expect("62 02 0001");
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.expect("62 02 0001"); // PUBREL again, no PUBLISH
            b.expectNothing();
            b.sendHex("70 02 0001");
            assertTrue(f.isDone() && !f.isCompletedExceptionally());
        }
    }

    @Test
    void resendKeepsTheOriginalOrderAcrossQosLevels() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect();
            publish(b, "a", Qos.AT_LEAST_ONCE);
            publish(b, "b", Qos.EXACTLY_ONCE);
            publish(b, "c", Qos.AT_LEAST_ONCE);
            b.expect("32 07 0001 61 0001 00 78");
            b.expect("34 07 0001 62 0002 00 78");
            b.expect("32 07 0001 63 0003 00 78");
            b.sendHex("50 02 0002"); // PUBREC for "b"
            b.expect("62 02 0002");
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.expect("3a 07 0001 61 0001 00 78");
            b.expect("62 02 0002");
            b.expect("3a 07 0001 63 0003 00 78");
            b.expectNothing();
        }
    }

    @Test
    void sessionLostResendsUnreceivedMessagesAsNewAndRestoresSubscriptions() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect();
            CompletableFuture<SubscribeResult> sub = b.engine.subscribe(
                    List.of(Subscription.of("s/#", Qos.AT_LEAST_ONCE)),
                    new LabelRoute("handler-1"),
                    UserProperties.EMPTY,
                    b.now);
            // SUBSCRIBE id 1, properties (2): Subscription Identifier (0x0b) = 1, filter "s/#" QoS 1
            b.expect("82 0b 0001 02 0b01 0003 732f23 01");
            b.sendHex("90 04 0001 00 01"); // SUBACK granted QoS 1
            assertTrue(sub.join().allGranted());
            CompletableFuture<PublishResult> q1 = publish(b, "t", Qos.AT_LEAST_ONCE);
            CompletableFuture<PublishResult> q2 = publish(b, "u", Qos.EXACTLY_ONCE);
            CompletableFuture<PublishResult> q2rec = publish(b, "v", Qos.EXACTLY_ONCE);
            b.expect("32 07 0001 74 0002 00 78");
            b.expect("34 07 0001 75 0003 00 78");
            b.expect("34 07 0001 76 0004 00 78");
            b.sendHex("50 02 0004");
            b.expect("62 02 0004");
            b.drop();

            b.connect(
                    false, ConnAckProperties.NONE); // the server lost the session (e.g. restarted without persistence)
            // subscriptions come back first, under their original subscription identifier
            b.expect("82 0b 0005 02 0b01 0003 732f23 01");
            // then the messages the server never acknowledged, as new messages (no DUP, new ids)
            b.expect("32 07 0001 74 0006 00 78");
            b.expect("34 07 0001 75 0007 00 78");
            b.expectNothing();
            // "v" had been received by the server (PUBREC): sending it again could duplicate a QoS 2 message
            assertTrue(q2rec.isDone());
            assertFalse(q2rec.join().confirmed());
            assertFalse(q1.isDone() || q2.isDone());
            b.sendHex("90 04 0005 00 01");
            assertTrue(b.events.restoreFailures.isEmpty());
        }
    }

    @Test
    void refusedRestoreIsReported() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect();
            b.engine.subscribe(List.of(Subscription.of("s/#", Qos.AT_LEAST_ONCE)), null, null, b.now);
            b.nextPacket();
            b.send(SubAck.of(1, SubAckReasonCode.GRANTED_QOS_1));
            b.drop();
            b.connect(false, ConnAckProperties.NONE);
            b.nextPacket();
            b.send(SubAck.of(2, SubAckReasonCode.NOT_AUTHORIZED));
            assertEquals(List.of("s/#=87"), b.events.restoreFailures);
        }
    }

    @Test
    void subscribeAnsweredByNoOneIsResentAfterReconnect() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.connect();
            CompletableFuture<SubscribeResult> sub =
                    b.engine.subscribe(List.of(Subscription.of("x", Qos.AT_MOST_ONCE)), null, null, b.now);
            b.expect("82 09 0001 02 0b01 0001 78 00");
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.expect("82 09 0001 02 0b01 0001 78 00"); // same request, same packet id
            b.sendHex("90 04 0001 00 00");
            assertTrue(sub.join().allGranted());
        }
    }

    @Test
    void messagesReplayedRightAfterConnAckReachTheApplication() {
        try (ScriptedBroker b = ScriptedBroker.v5(persistent())) {
            b.open();
            b.nextPacket();
            // CONNACK and two queued messages of the old session arrive in one read, before any subscribe
            b.sendTogether(
                    ConnAck.success(false),
                    Publish.builder("old/1")
                            .qos(Qos.AT_LEAST_ONCE)
                            .packetId(9)
                            .payload(new byte[] {1})
                            .build(),
                    Publish.builder("old/2")
                            .qos(Qos.EXACTLY_ONCE)
                            .packetId(10)
                            .payload(new byte[] {2})
                            .build());
            assertEquals(List.of("old/1", "old/2"), b.events.topics());
            assertTrue(b.events.messages.get(0).subscriptions().isEmpty(), "no subscription of this process matched");
            b.expect("40 02 0009"); // PUBACK 9
            b.expect("50 02 000a"); // PUBREC 10
        }
    }

    @Test
    void mqtt311SessionResumesWithCleanSessionOff() {
        try (ScriptedBroker b = new ScriptedBroker(EngineConfig.builder()
                .version(dev.patchline.protocol.mqtt.codec.packet.MqttVersion.V3_1_1)
                .clientId("c1")
                .cleanStart(false)
                .build())) {
            b.open();
            b.expect("10 0e 0004 4d515454 04 00 003c 0002 6331"); // clean session 0
            b.sendHex("20 02 00 00");
            publish(b, "t", Qos.AT_LEAST_ONCE);
            b.expect("32 06 0001 74 0001 78"); // 3.1.1: no property length
            b.drop();
            b.open();
            b.expect("10 0e 0004 4d515454 04 00 003c 0002 6331");
            b.sendHex("20 02 01 00"); // session present
            b.expect("3a 06 0001 74 0001 78");
        }
    }
}
