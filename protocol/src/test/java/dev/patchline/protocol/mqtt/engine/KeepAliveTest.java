package dev.patchline.protocol.mqtt.engine;

import static dev.patchline.protocol.mqtt.engine.OutboundPublishTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAliveTest {

    @Test
    void pingReqAfterAKeepAlivePeriodWithoutSending() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(10)).connect()) {
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
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(10)).connect()) {
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
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(10)
                .pingResponseTimeout(Duration.ofSeconds(3))).connect()) {
            b.advance(Duration.ofSeconds(10));
            b.expect("c0 00");
            b.advance(Duration.ofMillis(2_999));
            assertTrue(b.events.closeRequests.isEmpty());
            b.advance(Duration.ofMillis(1));
            assertEquals(1, b.events.closeRequests.size());
            assertTrue(b.events.closeRequests.get(0).getMessage().contains("after PINGREQ"));
            b.expectNothing(); // a dead link gets no DISCONNECT
            b.drop();
            assertEquals(DisconnectInfo.Initiator.PROTOCOL_ERROR, b.events.disconnected.get(0).initiator());
        }
    }

    @Test
    void anyPacketFromTheServerCountsAsAnAnswer() {
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(10)
                .pingResponseTimeout(Duration.ofSeconds(3))).connect()) {
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
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(60))) {
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
        try (ScriptedBroker b = ScriptedBroker.v5(EngineConfig.builder().clientId("c1").keepAliveSeconds(10))) {
            b.connect(false, ConnAckProperties.builder().serverKeepAlive(0).build());
            assertEquals(Long.MAX_VALUE, b.engine.nextDeadlineNanos());
            b.advance(Duration.ofHours(1));
            b.expectNothing();
        }
    }
}
