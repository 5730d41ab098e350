package dev.patchline.protocol.mqtt.codec;

import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;

/**
 * The peer sent bytes that are not a valid MQTT packet. Carries the reason code the receiver should
 * answer with (in a DISCONNECT, or a CONNACK before the connection is accepted) and the normative
 * statement of the specification that was broken, e.g. {@code MQTT-3.3.1-4}.
 */
public final class MqttDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The bytes cannot be parsed as the specification requires (0x81). */
    public static final DisconnectReasonCode MALFORMED_PACKET = DisconnectReasonCode.MALFORMED_PACKET;
    /** The packet parses, but breaks a rule of the protocol (0x82). */
    public static final DisconnectReasonCode PROTOCOL_ERROR = DisconnectReasonCode.PROTOCOL_ERROR;
    /** CONNACK only: the CONNECT asks for a protocol version this codec does not speak (0x84). */
    public static final ConnectReasonCode UNSUPPORTED_PROTOCOL_VERSION = ConnectReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
    /** The packet exceeds the Maximum Packet Size this side advertised (0x95). */
    public static final DisconnectReasonCode PACKET_TOO_LARGE = DisconnectReasonCode.PACKET_TOO_LARGE;
    /** A topic name is invalid (wildcards in PUBLISH, MQTT-3.3.2-2) (0x90). */
    public static final DisconnectReasonCode TOPIC_NAME_INVALID = DisconnectReasonCode.TOPIC_NAME_INVALID;

    private final transient ReasonCode reasonCode;
    private final String normativeId;
    private final String detail;

    public MqttDecodeException(ReasonCode reasonCode, String normativeId, String message) {
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

    /**
     * The reason code for this failure: a {@link DisconnectReasonCode} (0x81, 0x82, 0x90 or 0x95), or
     * {@link ConnectReasonCode#UNSUPPORTED_PROTOCOL_VERSION} (0x84) for a CONNECT a server cannot accept.
     */
    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /**
     * The reason code of the DISCONNECT that answers this failure. A CONNECT of an unsupported version is
     * answered by a CONNACK, never a DISCONNECT; should it come up after CONNECT it is a protocol error.
     */
    public DisconnectReasonCode disconnectReasonCode() {
        return reasonCode instanceof DisconnectReasonCode d ? d : DisconnectReasonCode.PROTOCOL_ERROR;
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
