package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PingResp;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.codec.packet.WillProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectTest {

    @Test
    void mqtt5ConnectIsTheDefaultAndConnAckSettlesTheDefaults() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.open();
            // CONNECT, remaining length 18: "MQTT", level 5, flags 02 (clean start), keep alive 60,
            // properties (3 bytes): Topic Alias Maximum (0x22) = 16; client id "c1"
            b.expect("10 12 0004 4d515454 05 02 003c 03 22 0010 0002 6331");
            b.sendHex("20 03 00 00 00"); // CONNACK: no session, success, no properties
            assertEquals(1, b.events.connected.size());
            ConnectionInfo info = b.events.connected.get(0);
            assertEquals(MqttVersion.V5, info.version());
            assertFalse(info.sessionPresent());
            assertEquals("c1", info.clientId());
            assertEquals(60, info.keepAliveSeconds());
            assertEquals(65_535, info.receiveMaximum());
            assertEquals(Qos.EXACTLY_ONCE, info.maximumQos());
            assertTrue(info.retainAvailable());
            assertEquals(0xFFFF_FFFFL, info.maximumPacketSize());
            assertEquals(0, info.topicAliasMaximum());
            assertTrue(info.wildcardSubscriptionAvailable());
            assertTrue(info.subscriptionIdentifiersAvailable());
            assertTrue(info.sharedSubscriptionAvailable());
            b.expectNothing();
        }
    }

    @Test
    void mqtt311ConnectAndConnAck() {
        try (ScriptedBroker b = new ScriptedBroker(EngineConfig.builder()
                .version(MqttVersion.V3_1_1)
                .clientId("c1")
                .keepAliveSeconds(30)
                .build())) {
            b.open();
            // CONNECT 3.1.1: remaining 14, "MQTT", level 4, flags 02 (clean session), keep alive 30, "c1"
            b.expect("10 0e 0004 4d515454 04 02 001e 0002 6331");
            b.sendHex("20 02 00 00");
            assertEquals(1, b.events.connected.size());
            assertEquals(30, b.events.connected.get(0).keepAliveSeconds());
            assertFalse(b.events.connected.get(0).subscriptionIdentifiersAvailable(), "3.1.1 has no subscription ids");
        }
    }

    @Test
    void connAckPropertiesAreSurfacedAndTheAssignedIdIsReusedOnReconnect() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                EngineConfig.builder().clientId("").sessionExpiryInterval(300).topicAliasMaximum(0))) {
            b.open();
            // CONNECT: flags 02, keep alive 60, properties (5): Session Expiry Interval (0x11) = 300; empty client id
            b.expect("10 12 0004 4d515454 05 02 003c 05 11 0000012c 0000");
            b.send(new ConnAck(
                    false,
                    ConnectReasonCode.SUCCESS,
                    ConnAckProperties.builder()
                            .assignedClientIdentifier("srv-7")
                            .serverKeepAlive(20)
                            .receiveMaximum(5)
                            .maximumQos(Qos.AT_LEAST_ONCE)
                            .retainAvailable(false)
                            .maximumPacketSize(1024L)
                            .topicAliasMaximum(3)
                            .wildcardSubscriptionAvailable(false)
                            .subscriptionIdentifiersAvailable(false)
                            .sharedSubscriptionAvailable(false)
                            .reasonString("welcome")
                            .responseInformation("resp/")
                            .build()));
            ConnectionInfo info = b.events.connected.get(0);
            assertEquals("srv-7", info.clientId());
            assertEquals(20, info.keepAliveSeconds());
            assertEquals(5, info.receiveMaximum());
            assertEquals(Qos.AT_LEAST_ONCE, info.maximumQos());
            assertFalse(info.retainAvailable());
            assertEquals(1024L, info.maximumPacketSize());
            assertEquals(3, info.topicAliasMaximum());
            assertFalse(info.wildcardSubscriptionAvailable());
            assertFalse(info.subscriptionIdentifiersAvailable());
            assertFalse(info.sharedSubscriptionAvailable());
            assertEquals("welcome", info.reasonString());
            assertEquals("resp/", info.responseInformation());

            b.drop();
            b.open();
            // Reconnect resumes: clean start 0 (flags 00) and the server-assigned id "srv-7"
            b.expect("10 17 0004 4d515454 05 00 003c 05 11 0000012c 0005 7372762d37");
        }
    }

    @Test
    void refusedConnectReportsReasonCodeAndReasonString() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.open();
            b.nextPacket();
            b.send(new ConnAck(
                    false,
                    ConnectReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    ConnAckProperties.builder()
                            .reasonString("unknown user 'bob'")
                            .build()));
            assertTrue(b.events.connected.isEmpty());
            assertEquals(1, b.events.closeRequests.size());
            MqttConnectionException e = assertInstanceOf(MqttConnectionException.class, b.events.closeRequests.get(0));
            assertEquals(0x86, e.reasonCode());
            assertTrue(
                    e.getMessage().contains("BAD_USER_NAME_OR_PASSWORD")
                            && e.getMessage().contains("unknown user 'bob'"),
                    e.getMessage());
            b.drop();
            DisconnectInfo end = b.events.disconnected.get(0);
            assertEquals(DisconnectInfo.Initiator.SERVER, end.initiator());
            assertEquals(
                    ConnectReasonCode.BAD_USER_NAME_OR_PASSWORD, end.refusal().reasonCode());
            assertTrue(end.message().contains("unknown user 'bob'"));
        }
    }

    @Test
    void connAckTimeoutDropsTheLink() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").connAckTimeout(Duration.ofSeconds(5)))) {
            b.open();
            b.nextPacket();
            assertEquals(b.now + Duration.ofSeconds(5).toNanos(), b.engine.nextDeadlineNanos());
            b.advance(Duration.ofMillis(4_999));
            assertTrue(b.events.closeRequests.isEmpty());
            b.advance(Duration.ofMillis(1));
            assertEquals(1, b.events.closeRequests.size());
            assertTrue(b.events.closeRequests.get(0).getMessage().contains("no CONNACK within 5000 ms"));
            assertEquals(Long.MAX_VALUE, b.engine.nextDeadlineNanos());
            b.drop();
            assertEquals(
                    DisconnectInfo.Initiator.PROTOCOL_ERROR,
                    b.events.disconnected.get(0).initiator());
        }
    }

    @Test
    void aPacketOtherThanConnAckFirstIsAProtocolError() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.open();
            b.nextPacket();
            b.send(PingResp.INSTANCE);
            Disconnect d = (Disconnect) b.nextPacket();
            assertEquals(DisconnectReasonCode.PROTOCOL_ERROR, d.reasonCode());
            assertTrue(d.reasonString().contains("MQTT-3.2.0-1"), d.reasonString());
            assertEquals(1, b.events.closeRequests.size());
        }
    }

    @Test
    void willWithPropertiesAndCredentialsGoIntoConnect() {
        Will will = new Will(
                "status/c1",
                BinaryData.ofUtf8("offline"),
                Qos.AT_LEAST_ONCE,
                true,
                WillProperties.builder()
                        .willDelayInterval(5L)
                        .messageExpiryInterval(60L)
                        .contentType("text/plain")
                        .responseTopic("status/replies")
                        .correlationData(BinaryData.ofUtf8("x1"))
                        .build());
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder()
                .clientId("c1")
                .username("u")
                .password(BinaryData.ofUtf8("p"))
                .will(will))) {
            b.open();
            Connect c = (Connect) b.nextPacket();
            assertEquals(will, c.will());
            assertEquals("u", c.username());
            assertEquals(BinaryData.ofUtf8("p"), c.password());
        }
    }

    @Test
    void enhancedAuthenticationRunsTheChallengeThroughTheHandler() {
        List<String> calls = new ArrayList<>();
        EnhancedAuthHandler handler = new EnhancedAuthHandler() {
            @Override
            public String method() {
                return "TEST";
            }

            @Override
            public BinaryData initialData() {
                return BinaryData.ofUtf8("hello");
            }

            @Override
            public BinaryData challenge(BinaryData serverData) {
                calls.add("challenge:" + serverData.toUtf8String());
                return BinaryData.ofUtf8("answer-" + serverData.toUtf8String());
            }

            @Override
            public void succeeded(BinaryData serverData) {
                calls.add("succeeded:" + (serverData == null ? null : serverData.toUtf8String()));
            }
        };
        try (ScriptedBroker b = ScriptedBroker.v5(
                EngineConfig.builder().clientId("c1").topicAliasMaximum(0).authHandler(handler))) {
            b.open();
            // CONNECT properties (15): Authentication Method (0x15) "TEST", Authentication Data (0x16) "hello"
            b.expect("10 1e 0004 4d515454 05 02 003c 0f 15 0004 54455354 16 0005 68656c6c6f 0002 6331");
            b.send(new Auth(AuthReasonCode.CONTINUE_AUTHENTICATION, "TEST", BinaryData.ofUtf8("nonce"), null, null));
            Auth answer = (Auth) b.nextPacket();
            assertEquals(AuthReasonCode.CONTINUE_AUTHENTICATION, answer.reasonCode());
            assertEquals("TEST", answer.authenticationMethod());
            assertArrayEquals(
                    "answer-nonce".getBytes(StandardCharsets.UTF_8),
                    answer.authenticationData().toByteArray());
            b.send(new ConnAck(
                    false,
                    ConnectReasonCode.SUCCESS,
                    ConnAckProperties.builder()
                            .authenticationMethod("TEST")
                            .authenticationData(BinaryData.ofUtf8("ok"))
                            .build()));
            assertEquals(List.of("challenge:nonce", "succeeded:ok"), calls);
            assertTrue(b.engine.reauthenticate(b.now));
            Auth reauth = (Auth) b.nextPacket();
            assertEquals(AuthReasonCode.REAUTHENTICATE, reauth.reasonCode());
        }
    }

    @Test
    void authWithoutAMethodInConnectIsAProtocolError() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.open();
            b.nextPacket();
            b.send(new Auth(AuthReasonCode.CONTINUE_AUTHENTICATION, "TEST", null, null, null));
            Disconnect d = (Disconnect) b.nextPacket();
            assertEquals(DisconnectReasonCode.PROTOCOL_ERROR, d.reasonCode());
            assertNull(b.engine.connectionInfo());
        }
    }

    @Test
    void aServerLimitTooSmallForAnAckDropsTheLinkInsteadOfThrowing() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.connect(false, ConnAckProperties.builder().maximumPacketSize(3L).build());
            b.sendHex("32 07 0001 74 0007 00 78"); // our PUBACK would be 4 bytes
            assertEquals(1, b.events.closeRequests.size());
            assertTrue(
                    b.events.closeRequests.get(0).getMessage().contains("Maximum Packet Size of 3"),
                    b.events.closeRequests.get(0).getMessage());
        }
    }

    @Test
    void sessionPresentAfterACleanStartIsRefused() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1"))) {
            b.open();
            b.nextPacket();
            b.send(ConnAck.success(true));
            Disconnect d = (Disconnect) b.nextPacket();
            assertEquals(DisconnectReasonCode.PROTOCOL_ERROR, d.reasonCode());
            assertTrue(d.reasonString().contains("MQTT-3.2.2-4"));
            assertTrue(b.events.connected.isEmpty());
        }
    }
}
