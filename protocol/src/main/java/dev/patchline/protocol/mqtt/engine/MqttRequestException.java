package dev.patchline.protocol.mqtt.engine;

/**
 * A subscribe, unsubscribe or auth request could not be carried out: the request is invalid, the server does not
 * support what it asks for, or the engine was closed. Completes the request's future; never thrown by the engine's
 * command methods.
 */
public final class MqttRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    public MqttRequestException(String message) {
        super(message);
    }

    public MqttRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
