package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OutboundPublishTest {

    /** Publishes a one-byte payload "x". */
    static CompletableFuture<PublishResult> publish(ScriptedBroker b, String topic, Qos qos) {
        return b.engine.publish(topic, Unpooled.copiedBuffer("x", StandardCharsets.UTF_8), qos, false, null, b.now);
    }

    static MqttPublishException failure(CompletableFuture<PublishResult> f) {
        assertTrue(f.isCompletedExceptionally(), "publish should have failed");
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return assertInstanceOf(MqttPublishException.class, e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void qos0CompletesWhenItsBytesAreWritten() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            CompletableFuture<PublishResult> f = publish(b, "t", Qos.AT_MOST_ONCE);
            assertFalse(f.isDone(), "encoded is not written");
            b.expect("30 05 0001 74 00 78"); // PUBLISH QoS 0, topic "t", no properties, payload "x"; reported written
            assertTrue(f.isDone());
            assertEquals(0, f.join().packetId());
        }
    }

    @Test
    void qos0LostWithTheConnectionBeforeItWasWrittenSaysSo() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            CompletableFuture<PublishResult> f = publish(b, "t", Qos.AT_MOST_ONCE);
            ByteBuf polled = b.engine.pollOutbound(); // taken by the transport, never written
            polled.release();
            b.engine.connectionClosed(b.now, null);
            MqttPublishException e = failure(f);
            assertEquals(MqttPublishException.Kind.CONNECTION_LOST, e.kind());
            assertTrue(e.getMessage().contains("QoS 0 is not sent again"), e.getMessage());
        }
    }

    @Test
    void bytesWaitingForTheSocketHoldNewPublishesInTheQueue() {
        byte[] sixty = new byte[60];
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").maxOutboundBytes(100))
                .connect()) {
            CompletableFuture<PublishResult> first =
                    b.engine.publish("t", Unpooled.wrappedBuffer(sixty), Qos.AT_MOST_ONCE, false, null, b.now);
            assertFalse(b.engine.isPublishQueueFull(), "67 bytes wait, under the bound of 100");
            b.engine.publish("t", Unpooled.wrappedBuffer(sixty), Qos.AT_MOST_ONCE, false, null, b.now);
            assertTrue(b.engine.isPublishQueueFull(), "134 bytes wait for the socket");
            CompletableFuture<PublishResult> third =
                    b.engine.publish("t", Unpooled.wrappedBuffer(sixty), Qos.AT_LEAST_ONCE, false, null, b.now);
            assertEquals(1, b.engine.queuedPublishCount(), "held in the queue, not encoded");
            assertEquals(List.of(true), b.events.queueFull);

            b.drain(); // the transport wrote everything: the third message follows
            assertTrue(first.isDone());
            assertEquals(0, b.engine.queuedPublishCount());
            assertEquals(1, b.engine.inflightCount());
            assertFalse(third.isDone());
            b.drain();
            assertEquals(List.of(true, false), b.events.queueFull);

            b.engine.writabilityChanged(false, b.now); // the socket's buffer went over its high-water mark
            assertTrue(b.engine.isPublishQueueFull());
            b.engine.publish("t", Unpooled.wrappedBuffer(sixty), Qos.AT_MOST_ONCE, false, null, b.now);
            assertEquals(1, b.engine.queuedPublishCount());
            b.engine.writabilityChanged(true, b.now);
            assertFalse(b.engine.isPublishQueueFull());
            assertEquals(0, b.engine.queuedPublishCount());
            assertEquals(List.of(true, false, true, false), b.events.queueFull);
        }
    }

    @Test
    void qos1CompletesOnPubAck() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            CompletableFuture<PublishResult> f = publish(b, "t", Qos.AT_LEAST_ONCE);
            b.expect("32 07 0001 74 0001 00 78"); // PUBLISH QoS 1, packet id 1
            assertFalse(f.isDone());
            b.sendHex("40 02 0001"); // PUBACK 1
            assertEquals(1, f.join().packetId());
            assertEquals(0, b.engine.inflightCount());
        }
    }

    @Test
    void qos2RunsPubRecPubRelPubComp() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            ByteBuf payload = Unpooled.copiedBuffer("x", StandardCharsets.UTF_8);
            CompletableFuture<PublishResult> f = b.engine.publish("t", payload, Qos.EXACTLY_ONCE, false, null, b.now);
            b.expect("34 07 0001 74 0001 00 78"); // PUBLISH QoS 2, packet id 1
            b.sendHex("50 02 0001"); // PUBREC 1
            b.expect("62 02 0001"); // PUBREL 1
            assertEquals(0, payload.refCnt(), "the payload is released once the server has the message");
            assertFalse(f.isDone());
            b.sendHex("70 02 0001"); // PUBCOMP 1
            assertTrue(f.join().confirmed());
        }
    }

    @Test
    void serverErrorCodeFailsThePublishWithTheReason() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            CompletableFuture<PublishResult> f = publish(b, "t", Qos.AT_LEAST_ONCE);
            b.nextPublish();
            b.send(new PubAck(1, PubAckReasonCode.NOT_AUTHORIZED, "no write access to t", null));
            MqttPublishException e = failure(f);
            assertEquals(MqttPublishException.Kind.REJECTED_BY_SERVER, e.kind());
            assertEquals(0x87, e.reasonCode());
            assertTrue(e.getMessage().contains("no write access to t"), e.getMessage());
        }
    }

    @Test
    void inflightWindowFollowsServerReceiveMaximum() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(false, ConnAckProperties.builder().receiveMaximum(2).build());
            CompletableFuture<?>[] f = new CompletableFuture<?>[4];
            for (int i = 0; i < 4; i++) {
                f[i] = publish(b, "t", Qos.AT_LEAST_ONCE);
            }
            b.expect("32 07 0001 74 0001 00 78");
            b.expect("32 07 0001 74 0002 00 78");
            b.expectNothing(); // the window of 2 is full
            assertEquals(2, b.engine.queuedPublishCount());
            b.sendHex("40 02 0002"); // PUBACK 2 (out of order is fine)
            b.expect("32 07 0001 74 0003 00 78");
            b.expectNothing();
            b.sendHex("40 02 0001");
            b.expect("32 07 0001 74 0004 00 78");
            b.sendHex("40 02 0003 40 02 0004");
            for (CompletableFuture<?> x : f) {
                assertTrue(x.isDone() && !x.isCompletedExceptionally());
            }
        }
    }

    @Test
    void configuredMaxInflightCapsTheWindowBelowReceiveMaximum() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").maxInflight(1))) {
            b.connect(false, ConnAckProperties.builder().receiveMaximum(10).build());
            publish(b, "t", Qos.EXACTLY_ONCE);
            publish(b, "t", Qos.AT_LEAST_ONCE);
            b.expect("34 07 0001 74 0001 00 78");
            b.expectNothing();
            b.sendHex("50 02 0001");
            b.expect("62 02 0001");
            b.expectNothing(); // QoS 2 counts against the window until PUBCOMP
            b.sendHex("70 02 0001");
            b.expect("32 07 0001 74 0002 00 78");
        }
    }

    @Test
    void boundedQueueGivesBackpressureNotExceptions() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").publishQueueCapacity(2))) {
            // offline: everything waits in the queue
            CompletableFuture<PublishResult> a = publish(b, "t", Qos.AT_LEAST_ONCE);
            assertFalse(b.engine.isPublishQueueFull());
            CompletableFuture<PublishResult> c = publish(b, "t", Qos.AT_MOST_ONCE);
            assertTrue(b.engine.isPublishQueueFull());
            assertEquals(List.of(true), b.events.queueFull);
            MqttPublishException e = failure(publish(b, "t", Qos.AT_LEAST_ONCE));
            assertEquals(MqttPublishException.Kind.QUEUE_FULL, e.kind());
            assertTrue(e.getMessage().contains("isPublishQueueFull"), e.getMessage());

            b.connect();
            b.expect("32 07 0001 74 0001 00 78");
            b.expect("30 05 0001 74 00 78"); // order kept: QoS 0 behind the QoS 1 queued before it
            assertFalse(b.engine.isPublishQueueFull());
            assertEquals(List.of(true, false), b.events.queueFull);
            assertTrue(c.isDone());
            assertFalse(a.isDone());
        }
    }

    @Test
    void maximumPacketSizeOfTheServerIsRespected() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(false, ConnAckProperties.builder().maximumPacketSize(20L).build());
            MqttPublishException e = failure(
                    b.engine.publish("t", Unpooled.wrappedBuffer(new byte[30]), Qos.AT_LEAST_ONCE, false, null, b.now));
            assertEquals(MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER, e.kind());
            assertTrue(e.getMessage().contains("Maximum Packet Size of 20"), e.getMessage());
            assertEquals(0, b.engine.inflightCount(), "the packet identifier is not kept");
            b.expectNothing();
            // a message that fits still goes, and takes packet id 2 (ids are not reused at once)
            b.engine.publish("t", Unpooled.wrappedBuffer(new byte[12]), Qos.AT_LEAST_ONCE, false, null, b.now);
            b.expect("32 12 0001 74 0002 00 000000000000000000000000"); // exactly 20 bytes
        }
    }

    @Test
    void maximumQosAndRetainAvailableAreRespected() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(
                    false,
                    ConnAckProperties.builder()
                            .maximumQos(Qos.AT_LEAST_ONCE)
                            .retainAvailable(false)
                            .build());
            MqttPublishException e = failure(publish(b, "t", Qos.EXACTLY_ONCE));
            assertTrue(e.getMessage().contains("MQTT-3.2.2-11"), e.getMessage());
            Publish retained =
                    Publish.builder("t").retain(true).payload(new byte[1]).build();
            e = failure(b.engine.publish(retained, b.now));
            assertTrue(e.getMessage().contains("MQTT-3.2.2-14"), e.getMessage());
            b.expectNothing();
        }
    }

    @Test
    void invalidMessagesFailTheirFutureWithoutThrowing() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            MqttPublishException e = failure(publish(b, "a/+", Qos.AT_MOST_ONCE));
            assertEquals(MqttPublishException.Kind.INVALID_MESSAGE, e.kind());
            assertTrue(e.getMessage().contains("wildcard"), e.getMessage());
            Publish aliased = Publish.builder("t")
                    .properties(PublishProperties.builder().topicAlias(1).build())
                    .build();
            assertEquals(
                    MqttPublishException.Kind.INVALID_MESSAGE,
                    failure(b.engine.publish(aliased, b.now)).kind());
            b.expectNothing();
        }
    }

    @Test
    void topicAliasesAreBoundedByTheServerMaximumAndNotCarriedAcrossConnections() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").sessionExpiryInterval(60))) {
            b.connect(false, ConnAckProperties.builder().topicAliasMaximum(2).build());
            for (String topic : new String[] {"room/1", "room/1", "room/2", "room/3", "room/2"}) {
                publish(b, topic, Qos.AT_MOST_ONCE);
            }
            b.expect("30 0d 0006 726f6f6d2f31 03 230001 78"); // "room/1" establishes alias 1
            b.expect("30 07 0000 03 230001 78"); // then travels as alias 1 with an empty topic
            b.expect("30 0d 0006 726f6f6d2f32 03 230002 78"); // "room/2" takes alias 2, the server's maximum
            b.expect("30 0a 0006 726f6f6d2f33 00 78"); // "room/3": none free, and it recurs no more than they do
            b.expect("30 07 0000 03 230002 78"); // "room/2" again by alias
            b.drop();
            b.connect(true, ConnAckProperties.builder().topicAliasMaximum(2).build());
            publish(b, "room/1", Qos.AT_MOST_ONCE);
            b.expect("30 0d 0006 726f6f6d2f31 03 230001 78"); // a new connection starts with no aliases
        }
    }

    @Test
    void withMoreTopicsThanAliasesTheAliasesStayWithRecurringTopics() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").outboundTopicAliasMaximum(2))) {
            b.connect(false, ConnAckProperties.builder().topicAliasMaximum(10).build()); // ours (2) is the smaller
            for (int round = 0; round < 3; round++) {
                for (String topic : new String[] {"room/1", "room/2", "room/3"}) {
                    publish(b, topic, Qos.AT_MOST_ONCE);
                }
            }
            b.expect("30 0d 0006 726f6f6d2f31 03 230001 78"); // "room/1" -> 1
            b.expect("30 0d 0006 726f6f6d2f32 03 230002 78"); // "room/2" -> 2
            b.expect("30 0a 0006 726f6f6d2f33 00 78"); // "room/3" in full: re-binding an alias would save nothing
            for (int round = 1; round < 3; round++) {
                b.expect("30 07 0000 03 230001 78"); // "room/1" keeps its alias
                b.expect("30 07 0000 03 230002 78"); // "room/2" keeps its alias
                b.expect("30 0a 0006 726f6f6d2f33 00 78"); // "room/3" still in full
            }
            // two aliases established (-3 each), four messages by alias ("room/N" is 6 bytes: +3 each)
            assertEquals(6, b.engine.topicAliasBytesSaved());

            publish(b, "room/3", Qos.AT_MOST_ONCE); // its 4th publish: more than the 3 of "room/1" and "room/2"
            publish(b, "room/3", Qos.AT_MOST_ONCE);
            b.expect("30 0d 0006 726f6f6d2f33 03 230001 78"); // takes over the least used alias (1, "room/1")
            b.expect("30 07 0000 03 230001 78"); // and keeps it
            b.expectNothing();
        }
    }

    @Test
    void aTopicNoLongerThanTheAliasPropertyNeverTakesAnAlias() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(false, ConnAckProperties.builder().topicAliasMaximum(10).build());
            publish(b, "a/b", Qos.AT_MOST_ONCE);
            publish(b, "a/b", Qos.AT_MOST_ONCE);
            b.expect("30 07 0003 612f62 00 78"); // 3 bytes of topic against 3 of alias: never shorter
            b.expect("30 07 0003 612f62 00 78");
            assertEquals(0, b.engine.topicAliasBytesSaved());
        }
    }

    @Test
    void aMessageThatFitsTheServerMaximumOnlyWithoutTheAliasGoesWithoutIt() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(
                    false,
                    ConnAckProperties.builder()
                            .topicAliasMaximum(2)
                            .maximumPacketSize(256L)
                            .build());
            // 1 + 2 (remaining length 253) + 2 + 8 ("sensor/x") + 1 (no properties) + 242 = 256 bytes: fits;
            // with the Topic Alias property it would be 259
            CompletableFuture<PublishResult> big = b.engine.publish(
                    "sensor/x", Unpooled.wrappedBuffer(new byte[242]), Qos.AT_MOST_ONCE, false, null, b.now);
            Publish sent = (Publish) b.nextPacket();
            assertEquals("sensor/x", sent.topic());
            assertEquals(null, sent.properties().topicAlias());
            assertEquals(242, sent.payload().readableBytes());
            sent.release();
            assertTrue(big.isDone() && !big.isCompletedExceptionally(), "sent, not refused");
            publish(b, "sensor/x", Qos.AT_MOST_ONCE); // a small one establishes the alias
            b.expect("30 0f 0008 73656e736f722f78 03 230001 78");
        }
    }

    @Test
    void outboundAliasesAreOffWhenTheServerAllowsNone() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            publish(b, "a/b", Qos.AT_MOST_ONCE);
            publish(b, "a/b", Qos.AT_MOST_ONCE);
            b.expect("30 07 0003 612f62 00 78");
            b.expect("30 07 0003 612f62 00 78");
        }
    }

    @Test
    void messageExpiryDropsStaleQueuedMessagesAndSendsTheRemainingInterval() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            Publish fresh = Publish.builder("t")
                    .payload(new byte[] {0x78})
                    .properties(PublishProperties.builder()
                            .messageExpiryInterval(10L)
                            .build())
                    .build();
            Publish stale = Publish.builder("t")
                    .payload(new byte[] {0x78})
                    .properties(PublishProperties.builder()
                            .messageExpiryInterval(2L)
                            .build())
                    .build();
            CompletableFuture<PublishResult> f1 = b.engine.publish(fresh, b.now);
            CompletableFuture<PublishResult> f2 = b.engine.publish(stale, b.now);
            b.advance(Duration.ofSeconds(3)); // offline for 3 s
            b.connect();
            // PUBLISH QoS 0 "t", properties (5): Message Expiry Interval (0x02) = 7 (10 - 3)
            b.expect("30 0a 0001 74 05 02 00000007 78");
            b.expectNothing();
            assertTrue(f1.isDone() && !f1.isCompletedExceptionally());
            assertEquals(MqttPublishException.Kind.EXPIRED, failure(f2).kind());
        }
    }

    @Test
    void requestResponsePropertiesTravelUnchanged() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            PublishProperties props = PublishProperties.builder()
                    .responseTopic("replies/c1")
                    .correlationData(BinaryData.ofUtf8("req-42"))
                    .userProperties(UserProperties.of("k", "v"))
                    .build();
            b.engine.publish("svc/req", Unpooled.wrappedBuffer(new byte[] {1}), Qos.AT_LEAST_ONCE, false, props, b.now);
            Publish sent = b.nextPublish();
            assertEquals(props, sent.properties());
            sent.release();
        }
    }

    @Test
    void qos2PubRecForAnUnknownIdIsAnsweredSoTheServerCanMoveOn() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.send(PubRec.of(77));
            b.expect("62 03 004d 92"); // PUBREL 77, Packet Identifier not found
            b.send(PubComp.of(77)); // ignored
            b.expectNothing();
        }
    }
}
