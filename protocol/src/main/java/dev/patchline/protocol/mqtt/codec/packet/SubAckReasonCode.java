package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.SERVER;

/**
 * SUBACK reason codes (MQTT 5 table 3-8). MQTT 3.1.1 knows 0, 1, 2 and 0x80 only; the encoder
 * writes 0x80 for every failure in 3.1.1. Only the server sends SUBACK.
 */
public enum SubAckReasonCode implements ReasonCode {
    GRANTED_QOS_0(0x00, SERVER),
    GRANTED_QOS_1(0x01, SERVER),
    GRANTED_QOS_2(0x02, SERVER),
    UNSPECIFIED_ERROR(0x80, SERVER),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, SERVER),
    NOT_AUTHORIZED(0x87, SERVER),
    TOPIC_FILTER_INVALID(0x8F, SERVER),
    PACKET_IDENTIFIER_IN_USE(0x91, SERVER),
    QUOTA_EXCEEDED(0x97, SERVER),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, SERVER),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, SERVER),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, SERVER);

    private static final SubAckReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new SubAckReasonCode[256]);

    private final int code;
    private final int senders;

    SubAckReasonCode(int code, int senders) {
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

    /** The constant for a wire byte, or {@code null} when the byte is not a SubAck reason code. */
    public static SubAckReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }

    /** The code granting {@code qos}. */
    public static SubAckReasonCode granted(Qos qos) {
        return switch (qos) {
            case AT_MOST_ONCE -> GRANTED_QOS_0;
            case AT_LEAST_ONCE -> GRANTED_QOS_1;
            case EXACTLY_ONCE -> GRANTED_QOS_2;
        };
    }

    /** The granted QoS, or {@code null} when this code reports a failure. */
    public Qos grantedQos() {
        return isError() ? null : Qos.of(code);
    }
}
