package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;

/**
 * Why the engine asked to drop a connection: a protocol violation by the server, a timeout, a refused CONNECT or a
 * DISCONNECT from the server. {@link #reason()} is the MQTT reason code involved (the CONNACK's or DISCONNECT's
 * received, or the DISCONNECT's sent), or {@code null} when none was (a timeout, a closed link).
 */
public final class MqttConnectionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ReasonCode reason;

    public MqttConnectionException(ReasonCode reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MqttConnectionException(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The reason code involved, or {@code null}. */
    public ReasonCode reason() {
        return reason;
    }

    /** The wire value of {@link #reason()}, or -1 when there is none. */
    public int reasonCode() {
        return reason == null ? -1 : reason.code();
    }
}
