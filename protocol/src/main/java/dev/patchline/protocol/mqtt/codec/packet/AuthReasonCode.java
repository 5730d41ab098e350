package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.BOTH;
import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.CLIENT;
import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.SERVER;

/**
 * AUTH reason codes (MQTT 5 table 3-11): the server ends an exchange with SUCCESS, the client
 * starts re-authentication, both continue.
 */
public enum AuthReasonCode implements ReasonCode {
    SUCCESS(0x00, SERVER),
    CONTINUE_AUTHENTICATION(0x18, BOTH),
    REAUTHENTICATE(0x19, CLIENT);

    private static final AuthReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new AuthReasonCode[256]);

    private final int code;
    private final int senders;

    AuthReasonCode(int code, int senders) {
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

    /** The constant for a wire byte, or {@code null} when the byte is not a Auth reason code. */
    public static AuthReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }
}
