package dev.patchline.protocol.mqtt.engine;

import static dev.patchline.protocol.mqtt.engine.OutboundPublishTest.failure;
import static dev.patchline.protocol.mqtt.engine.OutboundPublishTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void normalDisconnectIsTwoBytesAndReportedAsTheClients() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.engine.disconnect(null, b.now);
            b.expect("e0 00"); // DISCONNECT, normal, no properties
            assertFalse(b.engine.isConnected());
            publish(b, "t", Qos.AT_MOST_ONCE); // queued for a later connection, not sent on a closing link
            b.expectNothing();
            b.drop();
            assertEquals(
                    DisconnectInfo.Initiator.CLIENT,
                    b.events.disconnected.get(0).initiator());
            assertEquals(1, b.engine.queuedPublishCount());
        }
    }

    @Test
    void aHeldMessageIsNotAcknowledgedOnAClosingLink() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.events.accepting = false;
            b.sendHex("32 07 0001 74 0007 00 78");
            b.engine.disconnect(null, b.now);
            b.expect("e0 00");
            b.events.accepting = true;
            b.engine.resumeInbound(b.now);
            b.expectNothing(); // no PUBACK after DISCONNECT (MQTT-3.14.4-1); the server resends on resume
            assertTrue(b.events.messages.isEmpty());
        }
    }

    @Test
    void disconnectWithWillMessageCarriesItsReasonCode() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            b.engine.disconnect(Disconnect.of(DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE), b.now);
            b.expect("e0 01 04");
        }
    }

    @Test
    void closeFailsEverythingStillPending() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(EngineConfig.builder().clientId("c1")).connect()) {
            CompletableFuture<PublishResult> inflight = publish(b, "t", Qos.AT_LEAST_ONCE);
            CompletableFuture<SubscribeResult> sub = b.engine.subscribe(
                    List.of(Subscription.of("s", Qos.AT_MOST_ONCE)), null, UserProperties.EMPTY, b.now);
            b.drop();
            CompletableFuture<PublishResult> queued = publish(b, "t", Qos.AT_LEAST_ONCE);
            b.engine.close(b.now);
            assertEquals(MqttPublishException.Kind.CLOSED, failure(inflight).kind());
            assertEquals(MqttPublishException.Kind.CLOSED, failure(queued).kind());
            assertTrue(sub.isCompletedExceptionally());
            assertEquals(
                    MqttPublishException.Kind.CLOSED,
                    failure(publish(b, "t", Qos.AT_MOST_ONCE)).kind());
            assertTrue(b.engine
                    .subscribe(List.of(Subscription.of("s", Qos.AT_MOST_ONCE)), null, null, b.now)
                    .isCompletedExceptionally());
            b.engine.connectionOpened(b.now);
            assertEquals(1, b.events.closeRequests.size(), "a closed engine refuses new links");
        }
    }
}
