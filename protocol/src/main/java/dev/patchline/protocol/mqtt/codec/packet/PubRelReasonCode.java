package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.BOTH;

/**
 * PUBREL reason codes (MQTT 5 table 3-6); both sides may send them.
 */
public enum PubRelReasonCode implements ReasonCode {
    SUCCESS(0x00, BOTH),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, BOTH);

    private static final PubRelReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new PubRelReasonCode[256]);

    private final int code;
    private final int senders;

    PubRelReasonCode(int code, int senders) {
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

    /** The constant for a wire byte, or {@code null} when the byte is not a PubRel reason code. */
    public static PubRelReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }
}
