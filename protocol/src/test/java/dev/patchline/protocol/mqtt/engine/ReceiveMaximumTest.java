package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our Receive Maximum towards the server (MQTT 5 section 3.3.4, 4.9): a server that sends more unacknowledged QoS 1/2
 * PUBLISH than we allow is disconnected with 0x93, counted per connection, and held-back acknowledgements
 * (backpressure) never make a well-behaved server look guilty.
 */
class ReceiveMaximumTest {

    private static EngineConfig.Builder receiveMaximum2() {
        return EngineConfig.builder().clientId("c1").receiveMaximum(2);
    }

    @Test
    void aThirdUnacknowledgedQos2PublishIsReceiveMaximumExceeded() {
        try (ScriptedBroker b = ScriptedBroker.v5(receiveMaximum2()).connect()) {
            b.sendHex("34 07 0001 74 0001 00 78"); // PUBLISH QoS 2 id 1 "t" "x"
            b.sendHex("34 07 0001 74 0002 00 78"); // PUBLISH QoS 2 id 2
            b.expect("50 02 0001 50 02 0002"); // PUBREC 1, PUBREC 2: both unacknowledged until PUBCOMP
            b.sendHex("34 07 0001 74 0003 00 78"); // a third one without any PUBREL: beyond our Receive Maximum of 2
            b.expect("e0"); // DISCONNECT ...
            Disconnect d = (Disconnect) b.nextPacketAfterFirstByte((byte) 0xe0);
            assertEquals(DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, d.reasonCode()); // ... 0x93
            assertTrue(d.reasonString().contains("Receive Maximum is 2"), d.reasonString());
            assertEquals(2, b.events.messages.size(), "the offending message is not delivered");
            assertEquals(1, b.events.closeRequests.size());
            assertEquals(0x93, ((MqttConnectionException) b.events.closeRequests.get(0)).reasonCode());
        }
    }

    @Test
    void pubCompGivesTheQuotaBackAndAQos2DuplicateDoesNotCount() {
        try (ScriptedBroker b = ScriptedBroker.v5(receiveMaximum2()).connect()) {
            b.sendHex("34 07 0001 74 0001 00 78");
            b.sendHex("34 07 0001 74 0002 00 78");
            b.sendHex("3c 07 0001 74 0002 00 78"); // id 2 again with DUP: the same message, not a third one
            b.expect("50 02 0001 50 02 0002 50 02 0002");
            b.sendHex("62 02 0001"); // PUBREL 1
            b.expect("70 02 0001"); // PUBCOMP 1: one unacknowledged left
            b.sendHex("34 07 0001 74 0003 00 78");
            b.expect("50 02 0003");
            assertEquals(3, b.events.messages.size());
            assertTrue(b.events.closeRequests.isEmpty());
        }
    }

    @Test
    void qos1AcknowledgedAtOnceNeverAddsUp() {
        try (ScriptedBroker b = ScriptedBroker.v5(receiveMaximum2()).connect()) {
            b.sendHex("32 07 0001 74 0001 00 78 32 07 0001 74 0002 00 78 32 07 0001 74 0003 00 78"
                    + " 32 07 0001 74 0004 00 78"); // four QoS 1 in one read, each acknowledged as it is taken
            b.expect("40 02 0001 40 02 0002 40 02 0003 40 02 0004");
            assertEquals(4, b.events.messages.size());
            assertTrue(b.events.closeRequests.isEmpty());
        }
    }

    @Test
    void aMessageHeldByBackpressureCountsButWhatWaitsUnreadDoesNot() {
        try (ScriptedBroker b = ScriptedBroker.v5(receiveMaximum2()).connect()) {
            b.sendHex("34 07 0001 74 0001 00 78"); // QoS 2 id 1, taken: unacknowledged until PUBCOMP
            b.expect("50 02 0001");
            b.events.accepting = false;
            // QoS 1 id 2 is refused and held (second unacknowledged); id 3 arrives in the same read and is not decoded
            b.sendHex("32 07 0001 74 0002 00 78 32 07 0001 74 0003 00 78");
            assertEquals(1, b.events.refused);
            b.expectNothing();
            b.events.accepting = true;
            b.engine.resumeInbound(b.now); // id 2 taken and acknowledged, which frees the room id 3 needs
            b.expect("40 02 0002 40 02 0003");
            assertEquals(List.of("t", "t", "t"), b.events.topics());
            assertTrue(b.events.closeRequests.isEmpty());
        }
    }

    @Test
    void theQuotaStartsAfreshOnEveryConnection() {
        try (ScriptedBroker b = ScriptedBroker.v5(SessionTest.persistent().receiveMaximum(2))) {
            b.connect();
            b.sendHex("34 07 0001 74 0001 00 78");
            b.sendHex("34 07 0001 74 0002 00 78");
            b.expect("50 02 0001 50 02 0002");
            b.drop();
            b.connect(true, ConnAckProperties.NONE);
            // MQTT 5 section 4.9: the server's send quota is re-initialised, PUBRELs of ids 1 and 2 still pending
            b.sendHex("34 07 0001 74 0003 00 78");
            b.sendHex("62 02 0001"); // PUBREL of a message of the earlier connection: gives nothing back here
            b.sendHex("34 07 0001 74 0004 00 78");
            b.expect("50 02 0003 70 02 0001 50 02 0004");
            b.sendHex("34 07 0001 74 0005 00 78"); // ids 3 and 4 unacknowledged on this connection: one too many
            b.expect("e0");
            Disconnect d = (Disconnect) b.nextPacketAfterFirstByte((byte) 0xe0);
            assertEquals(DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, d.reasonCode());
        }
    }

    @Test
    void mqtt311HasNoReceiveMaximum() {
        try (ScriptedBroker b =
                ScriptedBroker.v5(receiveMaximum2().version(MqttVersion.V3_1_1)).connect()) {
            b.sendHex("34 06 0001 74 0001 78 34 06 0001 74 0002 78 34 06 0001 74 0003 78"); // three QoS 2, no props
            b.expect("50 02 0001 50 02 0002 50 02 0003");
            assertEquals(3, b.events.messages.size());
            assertTrue(b.events.closeRequests.isEmpty());
        }
    }
}
