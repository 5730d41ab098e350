package dev.patchline.protocol.mqtt.codec;

/**
 * The peer sent bytes that are not a valid MQTT packet. Carries the reason code the receiver should
 * answer with (in a DISCONNECT, or a CONNACK before the connection is accepted) and the normative
 * statement of the specification that was broken, e.g. {@code MQTT-3.3.1-4}.
 */
public final class MqttDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Reason code 0x81: the bytes cannot be parsed as the specification requires. */
    public static final int MALFORMED_PACKET = 0x81;
    /** Reason code 0x82: the packet parses, but breaks a rule of the protocol. */
    public static final int PROTOCOL_ERROR = 0x82;
    /** Reason code 0x84 (CONNACK only): the CONNECT asks for a protocol version this codec does not speak. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    /** Reason code 0x95: the packet exceeds the Maximum Packet Size this side advertised. */
    public static final int PACKET_TOO_LARGE = 0x95;
    /** Reason code 0x90: a topic name is invalid (wildcards in PUBLISH, MQTT-3.3.2-2). */
    public static final int TOPIC_NAME_INVALID = 0x90;

    private final int reasonCode;
    private final String normativeId;
    private final String detail;

    public MqttDecodeException(int reasonCode, String normativeId, String message) {
        super(message + (normativeId == null ? "" : " [" + normativeId + "]"));
        this.reasonCode = reasonCode;
        this.normativeId = normativeId;
        this.detail = message;
    }

    /**
     * The same failure with the packet named in front. Hot-path readers report bare field names so
     * that no message text is built unless something fails; the caller adds the packet here.
     */
    MqttDecodeException in(String packet) {
        MqttDecodeException e = new MqttDecodeException(reasonCode, normativeId, packet + " " + detail);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The MQTT 5 reason code for this failure (0x81, 0x82, 0x84, 0x90 or 0x95). */
    public int reasonCode() {
        return reasonCode;
    }

    /** The normative statement id such as {@code MQTT-3.3.1-4}, or {@code null} when the rule has none. */
    public String normativeId() {
        return normativeId;
    }

    static MqttDecodeException malformed(String normativeId, String message) {
        return new MqttDecodeException(MALFORMED_PACKET, normativeId, message);
    }

    static MqttDecodeException protocolError(String normativeId, String message) {
        return new MqttDecodeException(PROTOCOL_ERROR, normativeId, message);
    }
}
