package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.BOTH;

/**
 * PUBCOMP reason codes (MQTT 5 table 3-7); both sides may send them.
 */
public enum PubCompReasonCode implements ReasonCode {
    SUCCESS(0x00, BOTH),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, BOTH);

    private static final PubCompReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new PubCompReasonCode[256]);

    private final int code;
    private final int senders;

    PubCompReasonCode(int code, int senders) {
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

    /** The constant for a wire byte, or {@code null} when the byte is not a PubComp reason code. */
    public static PubCompReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }
}
