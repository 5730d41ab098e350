package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;

/** What the engine's parts need from the connection they work on. Same thread as the engine. */
interface EngineContext {

    /**
     * Queues a packet for the current connection.
     *
     * @throws MqttEncodeException when the packet cannot be sent (e.g. above the server's Maximum Packet Size);
     *                             nothing was queued
     */
    void send(MqttPacket packet);

    /** The server broke the protocol: the engine sends DISCONNECT with {@code reasonCode} and drops the link. */
    void protocolError(DisconnectReasonCode reasonCode, String message, Throwable cause);

    /**
     * The engine cannot go on with this connection (a timeout, a packet it cannot send): it drops the link without
     * a DISCONNECT reason. {@code cause} may be null.
     */
    void dropConnection(String message, Throwable cause);

    /** The time of the current call into the engine. */
    long now();

    /** The limits of the current connection; {@code null} until CONNACK. */
    ConnectionInfo connection();
}
