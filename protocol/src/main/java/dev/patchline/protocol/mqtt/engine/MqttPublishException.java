package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;

/**
 * An outbound message was not published. The engine never throws this from {@code publish}; it completes the
 * publish future with it. {@link #kind()} says why, {@link #reason()} carries the server's reason code (of its PUBACK
 * or PUBREC) when the server refused the message.
 */
public final class MqttPublishException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a publish failed. */
    public enum Kind {
        /** The topic name, properties or payload are invalid for MQTT; fix the message. */
        INVALID_MESSAGE,
        /** The server does not allow it (Maximum QoS, Retain Available, Maximum Packet Size). */
        NOT_SUPPORTED_BY_SERVER,
        /** The bounded publish queue was full; wait for {@code isPublishQueueFull()} to turn false. */
        QUEUE_FULL,
        /** The Message Expiry Interval passed while the message waited to be sent. */
        EXPIRED,
        /** The server answered PUBACK or PUBREC with an error reason code. */
        REJECTED_BY_SERVER,
        /** The engine was closed for good (user disconnect with session expiry 0, or {@code close()}). */
        CLOSED,
        /**
         * A QoS 0 message was encoded but the connection ended before its bytes reached the socket. QoS 0 is never
         * sent again; publish with QoS 1 for a message that must survive a lost connection.
         */
        CONNECTION_LOST
    }

    private final Kind kind;
    private final ReasonCode reason;

    /** @param reason the server's refusal for {@link Kind#REJECTED_BY_SERVER}, otherwise {@code null} */
    public MqttPublishException(Kind kind, ReasonCode reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's reason code for {@link Kind#REJECTED_BY_SERVER}, otherwise {@code null}. */
    public ReasonCode reason() {
        return reason;
    }

    /** The wire value of {@link #reason()}, or -1 when there is none. */
    public int reasonCode() {
        return reason == null ? -1 : reason.code();
    }
}
