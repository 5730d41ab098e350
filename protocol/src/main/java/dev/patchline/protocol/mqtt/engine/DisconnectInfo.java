package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;

/**
 * Why a connection ended. Exactly one of these is reported per opened connection, after the link is gone.
 *
 * @param initiator  who ended it
 * @param disconnect the DISCONNECT that was received from the server ({@link Initiator#SERVER}) or sent by us
 *                   ({@link Initiator#CLIENT}, {@link Initiator#PROTOCOL_ERROR}), or {@code null}
 * @param refusal    the CONNACK with an error reason code when the server refused the connection, or {@code null}
 * @param cause      the transport's cause or the engine's diagnosis (protocol error, timeout), or {@code null}
 * @param message    one human-readable line: what happened and, where the server said so, its Reason String
 */
public record DisconnectInfo(
        Initiator initiator, Disconnect disconnect, ConnAck refusal, Throwable cause, String message) {

    /** Who ended the connection. */
    public enum Initiator {
        /** The server sent DISCONNECT or refused the CONNECT. */
        SERVER,
        /** The application asked to disconnect. */
        CLIENT,
        /** The engine found a protocol violation or a timeout and dropped the link. */
        PROTOCOL_ERROR,
        /** The link broke without an MQTT goodbye (reset, end of stream, I/O error). */
        TRANSPORT
    }

    @Override
    public String toString() {
        return "DisconnectInfo[" + initiator + ": " + message + "]";
    }
}
