package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundTest {

    static Publish msg(String topic, Qos qos, int id) {
        return Publish.builder(topic)
                .qos(qos)
                .packetId(id)
                .payload(topic.getBytes())
                .build();
    }

    static Publish aliased(String topic, int alias) {
        return Publish.builder(topic)
                .payload(new byte[] {1})
                .properties(PublishProperties.builder().topicAlias(alias).build())
                .build();
    }

    @Test
    void qos1IsAcknowledgedAfterTheApplicationTookIt() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.sendHex("32 07 0001 74 0007 00 78"); // PUBLISH QoS 1 id 7 "t" payload "x"
            assertEquals(List.of("t"), b.events.topics());
            assertEquals("x", new String(b.events.messages.get(0).payloadBytes()));
            b.expect("40 02 0007"); // PUBACK 7
        }
    }

    @Test
    void qos2IsDeliveredExactlyOnceEvenWhenTheServerRepeatsIt() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.sendHex("34 07 0001 74 0005 00 78"); // PUBLISH QoS 2 id 5
            b.expect("50 02 0005"); // PUBREC
            b.sendHex("3c 07 0001 74 0005 00 78"); // the same again with DUP (our PUBREC was lost, say)
            b.expect("50 02 0005"); // acknowledged again ...
            assertEquals(1, b.events.messages.size()); // ... but not delivered twice (MQTT 5 section 4.3.3)
            b.sendHex("62 02 0005"); // PUBREL
            b.expect("70 02 0005"); // PUBCOMP
            b.sendHex("34 07 0001 74 0005 00 78"); // id 5 reused for a new message after PUBCOMP
            assertEquals(2, b.events.messages.size());
        }
    }

    @Test
    void qos2ExactlyOnceHoldsAcrossAReconnect() {
        try (ScriptedBroker b = ScriptedBroker.v5(SessionTest.persistent())) {
            b.connect();
            b.sendHex("34 07 0001 74 0005 00 78");
            b.expect("50 02 0005");
            b.drop(); // the PUBREC never reached the server
            b.connect(true, ConnAckProperties.NONE);
            b.sendHex("3c 07 0001 74 0005 00 78");
            b.expect("50 02 0005");
            assertEquals(1, b.events.messages.size());
            b.sendHex("62 02 0005");
            b.expect("70 02 0005");
        }
    }

    /**
     * The sequence traced with mosquitto 2.0.11 across restarts with persistence: after the server sent
     * PUBREL and got PUBCOMP, it resent the PUBLISH with the same id on the next connection. That breaks
     * MQTT-4.3.3-6 on the server's side; the client must then treat it as a new message (MQTT-4.3.3-12), so the
     * application sees it twice. This pins that the client keeps the id exactly until PUBREL, across reconnects.
     */
    @Test
    void aPublishResentAfterPubRelIsANewMessageAsTheStandardRequires() {
        try (ScriptedBroker b = ScriptedBroker.v5(SessionTest.persistent())) {
            b.connect();
            b.sendHex("34 07 0001 74 0046 00 78"); // PUBLISH QoS 2 id 70
            b.expect("50 02 0046");
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.sendHex("3c 07 0001 74 0046 00 78"); // resent with DUP on the resumed session: still a duplicate
            b.expect("50 02 0046");
            assertEquals(1, b.events.messages.size());
            b.sendHex("62 02 0046"); // PUBREL
            b.expect("70 02 0046"); // PUBCOMP: the id is free again
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.sendHex("3c 07 0001 74 0046 00 78"); // the server resends the PUBLISH it had released (its fault)
            b.expect("50 02 0046");
            assertEquals(2, b.events.messages.size());
        }
    }

    /** The same replay as above, with {@link EngineConfig.Builder#qos2ReplayGuard}: acknowledged, not delivered. */
    @Test
    void theReplayGuardAcknowledgesAReplayedQos2MessageWithoutDeliveringItAgain() {
        try (ScriptedBroker b = ScriptedBroker.v5(SessionTest.persistent().qos2ReplayGuard(true))) {
            b.connect();
            b.sendHex("34 07 0001 74 0046 00 78"); // PUBLISH QoS 2 id 70, payload "x"
            b.expect("50 02 0046");
            b.sendHex("62 02 0046"); // PUBREL
            b.expect("70 02 0046"); // PUBCOMP
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.sendHex("3c 07 0001 74 0046 00 78"); // the released message again, DUP
            b.expect("50 02 0046"); // PUBREC: the exchange runs again so the server can finish it
            b.sendHex("62 02 0046");
            b.expect("70 02 0046");
            assertEquals(1, b.events.messages.size());
        }
    }

    /** What the guard must not swallow: a new message under the same id, sent fresh or resent with other content. */
    @Test
    void theReplayGuardDeliversNewMessagesThatReuseAnId() {
        try (ScriptedBroker b = ScriptedBroker.v5(SessionTest.persistent().qos2ReplayGuard(true))) {
            b.connect();
            b.sendHex("34 07 0001 74 0046 00 78"); // id 70, "x"
            b.expect("50 02 0046");
            b.sendHex("62 02 0046");
            b.expect("70 02 0046");
            b.sendHex("34 07 0001 74 0046 00 78"); // id 70 again, same content, DUP 0: a new message
            b.expect("50 02 0046");
            b.sendHex("62 02 0046");
            b.expect("70 02 0046");
            b.sendHex("3c 07 0001 74 0046 00 79"); // id 70, DUP, other payload ("y"): a new message whose first try was
            // lost
            b.expect("50 02 0046");
            b.sendHex("62 02 0046");
            b.expect("70 02 0046");
            b.sendHex("3c 07 0001 75 0046 00 79"); // id 70, DUP, payload "y" on another topic ("u"): new as well
            b.expect("50 02 0046");
            assertEquals(4, b.events.messages.size());
            assertEquals("y", new String(b.events.messages.get(3).payloadBytes()));
        }
    }

    /** A fresh session (session present 0) forgets the fingerprints with the rest of the session state. */
    @Test
    void theReplayGuardForgetsWithTheSession() {
        try (ScriptedBroker b = ScriptedBroker.v5(SessionTest.persistent().qos2ReplayGuard(true))) {
            b.connect();
            b.sendHex("34 07 0001 74 0046 00 78");
            b.expect("50 02 0046");
            b.sendHex("62 02 0046");
            b.expect("70 02 0046");
            b.drop();
            b.connect(false, ConnAckProperties.NONE); // the server lost the session
            b.sendHex("3c 07 0001 74 0046 00 78");
            b.expect("50 02 0046");
            assertEquals(2, b.events.messages.size());
        }
    }

    @Test
    void requestResponsePropertiesReachTheApplication() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.send(Publish.builder("svc/req")
                    .payload(new byte[] {1})
                    .properties(PublishProperties.builder()
                            .responseTopic("replies/42")
                            .correlationData(BinaryData.ofUtf8("c-42"))
                            .userProperties(UserProperties.of("unit", "C"))
                            .contentType("application/json")
                            .messageExpiryInterval(30L)
                            .build())
                    .build());
            MqttMessage m = b.events.messages.get(0);
            assertEquals("replies/42", m.responseTopic());
            assertEquals("c-42", m.correlationData().toUtf8String());
            assertEquals("C", m.userProperties().first("unit"));
            assertEquals("application/json", m.properties().contentType());
            assertEquals(30L, m.properties().messageExpiryInterval());
        }
    }

    @Test
    void unknownPubRelIsStillAnswered() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.sendHex("62 02 0009");
            b.expect("70 03 0009 92"); // PUBCOMP, Packet Identifier not found
        }
    }

    @Test
    void inboundTopicAliasesResolveAndUnknownOnesAreProtocolErrors() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder()
                        .clientId("c1")
                        .sessionExpiryInterval(60)
                        .topicAliasMaximum(4))
                .connect()) {
            b.send(aliased("a/b", 3));
            b.send(aliased("", 3));
            assertEquals(List.of("a/b", "a/b"), b.events.topics());
            assertNull(b.events.messages.get(1).properties().topicAlias(), "the alias is resolved, not passed on");
            b.send(aliased("", 2));
            Disconnect d = (Disconnect) b.nextPacket();
            assertEquals(DisconnectReasonCode.PROTOCOL_ERROR, d.reasonCode());
            assertTrue(d.reasonString().contains("Topic Alias 2"), d.reasonString());
            assertTrue(b.events
                    .closeRequests
                    .get(0)
                    .getMessage()
                    .contains("no PUBLISH on this connection set that alias"));
            assertEquals(2, b.events.messages.size(), "nothing is delivered under a guessed topic");
        }
    }

    @Test
    void aliasesDoNotSurviveAReconnect() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder()
                        .clientId("c1")
                        .sessionExpiryInterval(60)
                        .topicAliasMaximum(4))
                .connect()) {
            b.send(aliased("a/b", 1));
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            b.send(aliased("", 1));
            assertEquals(DisconnectReasonCode.PROTOCOL_ERROR, ((Disconnect) b.nextPacket()).reasonCode());
        }
    }

    @Test
    void aliasAboveOurMaximumIsTopicAliasInvalid() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").topicAliasMaximum(4))
                .connect()) {
            b.send(aliased("a/b", 5));
            b.expect("e0"); // DISCONNECT ...
            Disconnect d = (Disconnect) b.nextPacketAfterFirstByte((byte) 0xe0);
            assertEquals(DisconnectReasonCode.TOPIC_ALIAS_INVALID, d.reasonCode());
            assertTrue(b.events.messages.isEmpty());
        }
    }

    @Test
    void fullApplicationSinkHoldsAcksAndPausesReading() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder()
                        .clientId("c1")
                        .keepAliveSeconds(10)
                        .pingResponseTimeout(Duration.ofSeconds(2)))
                .connect()) {
            b.events.accepting = false;
            b.sendTogether(msg("m1", Qos.AT_LEAST_ONCE, 1), msg("m2", Qos.AT_LEAST_ONCE, 2));
            assertEquals(List.of(false), b.events.readable);
            assertEquals(1, b.events.refused, "m2 is not even decoded while m1 waits");
            assertTrue(b.engine.isInboundPaused());
            b.expectNothing(); // no PUBACK for a message the application did not take
            b.send(msg("m3", Qos.EXACTLY_ONCE, 3)); // bytes already in flight when reading paused
            assertEquals(1, b.events.refused);

            b.engine.resumeInbound(b.now); // still full
            assertEquals(2, b.events.refused);
            b.expectNothing();

            // a long pause must not look like a dead link: pings go out, their answers wait unread behind m3
            for (int second = 10; second <= 30; second += 10) {
                b.advance(Duration.ofSeconds(10));
                b.expect("c0 00"); // at 10, 20 and 30 s
                b.sendHex("d0 00");
            }
            b.advance(Duration.ofSeconds(9));
            assertTrue(b.events.closeRequests.isEmpty());

            b.events.accepting = true;
            b.engine.resumeInbound(b.now);
            assertEquals(List.of("m1", "m2", "m3"), b.events.topics());
            b.expect("40 02 0001 40 02 0002 50 02 0003");
            assertEquals(List.of(false, true), b.events.readable);
            assertFalse(b.engine.isInboundPaused());
        }
    }

    @Test
    void serverDisconnectReasonReachesTheApplication() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.send(new Disconnect(DisconnectReasonCode.SERVER_SHUTTING_DOWN, null, "maintenance at 04:00", null, null));
            assertEquals(1, b.events.closeRequests.size());
            MqttConnectionException e = (MqttConnectionException) b.events.closeRequests.get(0);
            assertEquals(0x8B, e.reasonCode());
            assertTrue(e.getMessage().contains("SERVER_SHUTTING_DOWN")
                    && e.getMessage().contains("maintenance at 04:00"));
            b.sendHex("30 05 0001 74 00 78"); // anything after DISCONNECT is ignored
            assertTrue(b.events.messages.isEmpty());
            b.drop();
            DisconnectInfo end = b.events.disconnected.get(0);
            assertEquals(DisconnectInfo.Initiator.SERVER, end.initiator());
            assertEquals("maintenance at 04:00", end.disconnect().reasonString());
            b.expectNothing();
        }
    }

    @Test
    void malformedBytesAreAnsweredWithTheDecodersReasonCode() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.sendHex("36 05 0001 74 00 78"); // PUBLISH with QoS 3
            Disconnect d = (Disconnect) b.nextPacket();
            assertEquals(DisconnectReasonCode.MALFORMED_PACKET, d.reasonCode());
            assertTrue(d.reasonString().contains("MQTT-3.3.1-4"), d.reasonString());
            b.drop();
            assertEquals(
                    DisconnectInfo.Initiator.PROTOCOL_ERROR,
                    b.events.disconnected.get(0).initiator());
        }
    }

    @Test
    void packetsAboveOurMaximumPacketSizeAreRefusedBeforeBuffering() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").maximumPacketSize(64))
                .connect()) {
            b.sendHex("30 64 0001 74 00"); // announces a 102-byte PUBLISH; only its header has arrived
            Disconnect d = (Disconnect) b.nextPacket();
            assertEquals(DisconnectReasonCode.PACKET_TOO_LARGE, d.reasonCode());
        }
    }

    @Test
    void mqtt311ClosesOnAPacketAboveOurLimitAndSaysBothSizes() {
        try (ScriptedBroker b = new ScriptedBroker(EngineConfig.builder()
                        .version(MqttVersion.V3_1_1)
                        .clientId("c1")
                        .maximumPacketSize(64)
                        .build())
                .connect()) {
            b.sendHex("30 64 0001 74 00"); // announces a 102-byte PUBLISH; only its header has arrived
            b.expectNothing(); // MQTT 3.1.1 has no DISCONNECT from the client with a reason
            assertEquals(1, b.events.closeRequests.size());
            String why = b.events.closeRequests.get(0).getMessage();
            assertTrue(why.contains("102 bytes") && why.contains("64 bytes") && why.contains("MQTT 3.1.1"), why);
        }
    }

    @Test
    void packetsSplitAtEveryByteAreReassembled() {
        byte[] stream = HexFormat.of().parseHex("32070001740001007834070001750002007930050001760078");
        for (int split = 1; split < stream.length; split++) {
            try (ScriptedBroker b =
                    ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
                b.engine.receive(Unpooled.wrappedBuffer(stream, 0, split), b.now);
                b.engine.receive(Unpooled.wrappedBuffer(stream, split, stream.length - split), b.now);
                assertEquals(List.of("t", "u", "v"), b.events.topics(), "split at " + split);
                assertEquals("x", new String(b.events.messages.get(0).payloadBytes()), "split at " + split);
                b.expect("40 02 0001 50 02 0002");
            }
        }
    }
}
