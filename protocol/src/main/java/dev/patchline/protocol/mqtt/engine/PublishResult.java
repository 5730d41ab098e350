package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.PubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;

/**
 * How an outbound PUBLISH ended successfully.
 *
 * @param packetId          the packet identifier it was sent with (0 for QoS 0)
 * @param reason            the success reason code of the server's answer: a {@code PubAckReasonCode} for QoS 1 (SUCCESS
 *                          or NO_MATCHING_SUBSCRIBERS), a {@code PubCompReasonCode} for QoS 2, the PUBREC's
 *                          {@code PubRecReasonCode} when unconfirmed; {@code PubAckReasonCode.SUCCESS} for QoS 0,
 *                          which the server does not answer
 * @param reasonString      the server's Reason String, or {@code null}
 * @param userProperties    the server's User Properties on the acknowledgement
 * @param confirmed         {@code false} only when a QoS 2 message had been received by the server (PUBREC) but the
 *                          server lost the session before PUBCOMP: the server owns the message, and sending it again
 *                          could deliver it twice, which QoS 2 forbids
 */
public record PublishResult(
        int packetId, ReasonCode reason, String reasonString, UserProperties userProperties, boolean confirmed) {

    static final PublishResult QOS0 = new PublishResult(0, PubAckReasonCode.SUCCESS, null, UserProperties.EMPTY, true);

    /** The wire value of {@link #reason()}: 0x00, or 0x10 "no matching subscribers". */
    public int reasonCode() {
        return reason.code();
    }
}
