package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.UserProperties;

/**
 * How an outbound PUBLISH ended successfully.
 *
 * @param packetId          the packet identifier it was sent with (0 for QoS 0)
 * @param reasonCode        the success reason code of PUBACK/PUBREC (0x00, or 0x10 "no matching subscribers"); 0 for QoS 0
 * @param reasonString      the server's Reason String, or {@code null}
 * @param userProperties    the server's User Properties on the acknowledgement
 * @param confirmed         {@code false} only when a QoS 2 message had been received by the server (PUBREC) but the
 *                          server lost the session before PUBCOMP: the server owns the message, and sending it again
 *                          could deliver it twice, which QoS 2 forbids
 */
public record PublishResult(
        int packetId, int reasonCode, String reasonString, UserProperties userProperties, boolean confirmed) {

    static final PublishResult QOS0 = new PublishResult(0, 0, null, UserProperties.EMPTY, true);
}
