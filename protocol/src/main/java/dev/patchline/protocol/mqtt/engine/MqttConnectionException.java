package dev.patchline.protocol.mqtt.engine;

/**
 * Why the engine asked to drop a connection: a protocol violation by the server, a timeout, a refused CONNECT or a
 * DISCONNECT from the server. {@link #reasonCode()} is the MQTT 5 reason code involved (sent or received), or -1.
 */
public final class MqttConnectionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int reasonCode;

    public MqttConnectionException(int reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public MqttConnectionException(int reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
