package dev.patchline.protocol.mqtt.engine;

import static dev.patchline.protocol.mqtt.engine.OutboundPublishTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepAliveTest {

    @Test
    void pingReqAfterAKeepAlivePeriodWithoutSending() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").keepAliveSeconds(10))
                .connect()) {
            b.advance(Duration.ofMillis(9_999));
            b.expectNothing();
            b.advance(Duration.ofMillis(1));
            b.expect("c0 00"); // PINGREQ at exactly 10 s
            b.sendHex("d0 00"); // PINGRESP
            b.advance(Duration.ofSeconds(9));
            b.expectNothing();
            b.advance(Duration.ofSeconds(1));
            b.expect("c0 00");
            assertTrue(b.events.closeRequests.isEmpty());
        }
    }

    @Test
    void sendingAnythingPostponesThePing() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").keepAliveSeconds(10))
                .connect()) {
            b.advance(Duration.ofSeconds(6));
            publish(b, "t", Qos.AT_MOST_ONCE);
            b.expect("30 05 0001 74 00 78");
            b.advance(Duration.ofMillis(9_999));
            b.expectNothing(); // 15.999 s: only 9.999 s since the PUBLISH
            b.advance(Duration.ofMillis(1));
            b.expect("c0 00");
        }
    }

    @Test
    void missingPingRespDropsTheConnection() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder()
                        .clientId("c1")
                        .keepAliveSeconds(10)
                        .pingResponseTimeout(Duration.ofSeconds(3)))
                .connect()) {
            b.advance(Duration.ofSeconds(10));
            b.expect("c0 00");
            b.advance(Duration.ofMillis(2_999));
            assertTrue(b.events.closeRequests.isEmpty());
            b.advance(Duration.ofMillis(1));
            assertEquals(1, b.events.closeRequests.size());
            assertTrue(b.events.closeRequests.get(0).getMessage().contains("after PINGREQ"));
            b.expectNothing(); // a dead link gets no DISCONNECT
            b.drop();
            assertEquals(
                    DisconnectInfo.Initiator.PROTOCOL_ERROR,
                    b.events.disconnected.get(0).initiator());
        }
    }

    @Test
    void anyPacketFromTheServerCountsAsAnAnswer() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder()
                        .clientId("c1")
                        .keepAliveSeconds(10)
                        .pingResponseTimeout(Duration.ofSeconds(3)))
                .connect()) {
            b.advance(Duration.ofSeconds(10));
            b.expect("c0 00");
            b.advance(Duration.ofSeconds(2));
            b.sendHex("30 05 0001 74 00 78"); // a message instead of PINGRESP (it may be queued behind a burst)
            b.advance(Duration.ofSeconds(5));
            assertTrue(b.events.closeRequests.isEmpty());
        }
    }

    @Test
    void serverKeepAliveReplacesOurs() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(60))) {
            b.connect(false, ConnAckProperties.builder().serverKeepAlive(5).build());
            assertEquals(5, b.events.connected.get(0).keepAliveSeconds());
            b.advance(Duration.ofMillis(4_999));
            b.expectNothing();
            b.advance(Duration.ofMillis(1));
            b.expect("c0 00");
        }
    }

    @Test
    void serverKeepAliveZeroTurnsPingsOff() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(10))) {
            b.connect(false, ConnAckProperties.builder().serverKeepAlive(0).build());
            assertEquals(Long.MAX_VALUE, b.engine.nextDeadlineNanos());
            b.advance(Duration.ofHours(1));
            b.expectNothing();
        }
    }

    @Test
    void thePingResponseTimeoutIsAtMostHalfTheKeepAlive() {
        // The default PINGRESP timeout (10 s) would let a dead server go unnoticed for 14 s with a 4 s keep alive.
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").keepAliveSeconds(4))
                .connect()) {
            b.advance(Duration.ofSeconds(4));
            b.expect("c0 00");
            b.advance(Duration.ofMillis(1_999));
            assertTrue(b.events.closeRequests.isEmpty());
            b.advance(Duration.ofMillis(1));
            assertEquals(1, b.events.closeRequests.size(), "dead within 1.5 x keep alive");
        }
    }

    /** Refuses one QoS 1 message: inbound is paused, as with a full application inbox. */
    private static void pauseInbound(ScriptedBroker b) {
        b.events.accepting = false;
        b.sendHex("32 07 0001 74 0001 00 78"); // QoS 1 PUBLISH 't', id 1, no properties, payload 'x'
        assertEquals(1, b.events.refused);
        assertTrue(b.engine.isInboundPaused());
        b.expectNothing(); // not acknowledged
    }

    @Test
    void whilePausedASocketThatStaysSilentIsADeadServer() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").keepAliveSeconds(4))
                .connect()) {
            pauseInbound(b);
            b.advance(Duration.ofSeconds(4));
            b.expect("c0 00"); // PINGREQ still leaves while paused
            assertEquals(1, b.events.readOnceRequests, "with the PINGREQ: read what the paused socket holds");
            b.advance(Duration.ofMillis(1_999));
            assertTrue(b.events.closeRequests.isEmpty());
            b.advance(Duration.ofMillis(1)); // nothing arrived since the read
            assertEquals(1, b.events.closeRequests.size(), "dead within 1.5 x keep alive");
            assertTrue(
                    b.events.closeRequests.get(0).getMessage().contains("paused"),
                    b.events.closeRequests.get(0).getMessage());
        }
    }

    @Test
    void whilePausedAPingRespBehindUnreadMessagesAnswers() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").keepAliveSeconds(4))
                .connect()) {
            pauseInbound(b);
            b.advance(Duration.ofSeconds(4));
            b.expect("c0 00");
            b.sendHex("32 07 0001 74 0002 00 79 d0 00"); // another message, then the PINGRESP: both wait undecoded
            b.advance(Duration.ofMillis(3_999)); // past the deadline, up to the next PINGREQ
            assertTrue(b.events.closeRequests.isEmpty(), "the PINGRESP among the unread bytes answers");
            b.events.accepting = true;
            b.engine.resumeInbound(b.now);
            assertEquals(List.of("t", "t"), b.events.topics(), "what was read ahead is decoded in order");
        }
    }

    @Test
    void whilePausedBytesThatKeepComingMeanABusyServerNotADeadOne() {
        try (ScriptedBroker b = ScriptedBroker.v5(
                        EngineConfig.builder().clientId("c1").keepAliveSeconds(4))
                .connect()) {
            pauseInbound(b);
            b.advance(Duration.ofSeconds(4));
            assertEquals(1, b.events.readOnceRequests);
            b.advance(Duration.ofMillis(1_900));
            b.sendHex("30 05 0001 74 00 7a"); // the read brings a QoS 0 message (the PINGRESP is further behind)
            assertEquals(2, b.events.readOnceRequests, "bytes came: read on until the socket is dry");
            b.advance(Duration.ofMillis(499)); // the deadline (6 s) passed, but bytes came 0.1 s before it
            assertTrue(b.events.closeRequests.isEmpty(), "bytes arrived within the last quarter timeout");
            b.advance(Duration.ofMillis(1));
            assertEquals(1, b.events.closeRequests.size(), "then silence for a quarter timeout: dead");
        }
    }
}
