package dev.patchline.protocol.mqtt.codec.packet;

import static dev.patchline.protocol.mqtt.codec.packet.ReasonCodeTable.SERVER;

/**
 * CONNACK reason codes (MQTT 5 table 3-1). MQTT 3.1.1 return codes 1-5 map onto their MQTT 5
 * equivalents (see {@link #v3ReturnCode()}). Only the server sends CONNACK.
 */
public enum ConnectReasonCode implements ReasonCode {
    SUCCESS(0x00, SERVER),
    UNSPECIFIED_ERROR(0x80, SERVER),
    MALFORMED_PACKET(0x81, SERVER),
    PROTOCOL_ERROR(0x82, SERVER),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, SERVER),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, SERVER),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, SERVER),
    BAD_USER_NAME_OR_PASSWORD(0x86, SERVER),
    NOT_AUTHORIZED(0x87, SERVER),
    SERVER_UNAVAILABLE(0x88, SERVER),
    SERVER_BUSY(0x89, SERVER),
    BANNED(0x8A, SERVER),
    BAD_AUTHENTICATION_METHOD(0x8C, SERVER),
    TOPIC_NAME_INVALID(0x90, SERVER),
    PACKET_TOO_LARGE(0x95, SERVER),
    QUOTA_EXCEEDED(0x97, SERVER),
    PAYLOAD_FORMAT_INVALID(0x99, SERVER),
    RETAIN_NOT_SUPPORTED(0x9A, SERVER),
    QOS_NOT_SUPPORTED(0x9B, SERVER),
    USE_ANOTHER_SERVER(0x9C, SERVER),
    SERVER_MOVED(0x9D, SERVER),
    CONNECTION_RATE_EXCEEDED(0x9F, SERVER);

    private static final ConnectReasonCode[] BY_CODE = ReasonCodeTable.index(values(), new ConnectReasonCode[256]);

    private final int code;
    private final int senders;

    ConnectReasonCode(int code, int senders) {
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

    /** The constant for a wire byte, or {@code null} when the byte is not a Connect reason code. */
    public static ConnectReasonCode ofCode(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }

    /**
     * The MQTT 3.1.1 CONNACK return code for this code, or -1 when 3.1.1 has no equivalent
     * (MQTT 3.1.1 table 3.1).
     */
    public int v3ReturnCode() {
        return switch (this) {
            case SUCCESS -> 0;
            case UNSUPPORTED_PROTOCOL_VERSION -> 1;
            case CLIENT_IDENTIFIER_NOT_VALID -> 2;
            case SERVER_UNAVAILABLE -> 3;
            case BAD_USER_NAME_OR_PASSWORD -> 4;
            case NOT_AUTHORIZED -> 5;
            default -> -1;
        };
    }

    /** The code for an MQTT 3.1.1 return code, or {@code null} for the reserved values 6-255. */
    public static ConnectReasonCode ofV3ReturnCode(int returnCode) {
        return switch (returnCode) {
            case 0 -> SUCCESS;
            case 1 -> UNSUPPORTED_PROTOCOL_VERSION;
            case 2 -> CLIENT_IDENTIFIER_NOT_VALID;
            case 3 -> SERVER_UNAVAILABLE;
            case 4 -> BAD_USER_NAME_OR_PASSWORD;
            case 5 -> NOT_AUTHORIZED;
            default -> null;
        };
    }
}
