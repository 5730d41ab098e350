package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.BOTH;

/**
 * PUBACK reason codes (MQTT 5 table 3-4); both sides publish, so both may send any of them.
 */
public enum PubAckReasonCode implements ReasonCode {
    SUCCESS(0x00, BOTH),
    NO_MATCHING_SUBSCRIBERS(0x10, BOTH),
    UNSPECIFIED_ERROR(0x80, BOTH),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, BOTH),
    NOT_AUTHORIZED(0x87, BOTH),
    TOPIC_NAME_INVALID(0x90, BOTH),
    PACKET_IDENTIFIER_IN_USE(0x91, BOTH),
    QUOTA_EXCEEDED(0x97, BOTH),
    PAYLOAD_FORMAT_INVALID(0x99, BOTH);

    private static final PubAckReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new PubAckReasonCode[256]);

    private final int code;
    private final int senders;

    PubAckReasonCode(int code, int senders) {
        this.code = code;
        this.senders = senders;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public boolean canBeSentBy(Side side) {
        return ReasonCodeTable.allows(senders, side);
    }

    /** The constant for a wire byte, or {@code null} when the byte is not a PubAck reason code. */
    public static PubAckReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }
}
