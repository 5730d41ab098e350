package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.SERVER;

/**
 * UNSUBACK reason codes (MQTT 5 table 3-9); only the server sends UNSUBACK. MQTT 3.1.1 UNSUBACK
 * carries no codes.
 */
public enum UnsubAckReasonCode implements ReasonCode {
    SUCCESS(0x00, SERVER),
    NO_SUBSCRIPTION_EXISTED(0x11, SERVER),
    UNSPECIFIED_ERROR(0x80, SERVER),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, SERVER),
    NOT_AUTHORIZED(0x87, SERVER),
    TOPIC_FILTER_INVALID(0x8F, SERVER),
    PACKET_IDENTIFIER_IN_USE(0x91, SERVER);

    private static final UnsubAckReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new UnsubAckReasonCode[256]);

    private final int code;
    private final int senders;

    UnsubAckReasonCode(int code, int senders) {
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

    /** The constant for a wire byte, or {@code null} when the byte is not a UnsubAck reason code. */
    public static UnsubAckReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }
}
