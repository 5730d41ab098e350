package dev.patchline.protocol.mqtt.codec;

/**
 * A packet cannot be encoded for this connection: it is larger than the peer's Maximum Packet Size
 * even without its optional diagnostics, a string is longer than 65,535 bytes or not valid UTF-8
 * for MQTT, or it uses a feature the protocol version lacks. Nothing has been written when this is
 * thrown.
 */
public final class MqttEncodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String normativeId;
    private final String detail;

    public MqttEncodeException(String normativeId, String message) {
        super(message + (normativeId == null ? "" : " [" + normativeId + "]"));
        this.normativeId = normativeId;
        this.detail = message;
    }

    /** The same failure with the packet named in front (sizing reports bare field names to build no text). */
    MqttEncodeException in(String packet) {
        if (detail.startsWith(packet)) {
            return this;
        }
        MqttEncodeException e = new MqttEncodeException(normativeId, packet + " " + detail);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The normative statement that forbids sending the packet, or {@code null}. */
    public String normativeId() {
        return normativeId;
    }
}
