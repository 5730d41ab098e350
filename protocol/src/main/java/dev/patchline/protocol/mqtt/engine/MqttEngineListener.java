package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;

/**
 * Events of an {@link MqttClientEngine}, called synchronously on the engine's thread (the transport's event loop).
 * Implementations must return quickly and never block; work that takes time belongs on another thread.
 */
public interface MqttEngineListener {

    /**
     * CONNACK with success arrived. Messages the server replays from the session may follow immediately, in the same
     * batch of bytes; they reach {@link #messageReceived} like any other.
     */
    void connected(ConnectionInfo info);

    /** The connection ended; reported once per connection that was opened, after the link is gone. */
    void disconnected(DisconnectInfo info);

    /**
     * An application message arrived. Return {@code true} to take it (the listener then owns the message and must
     * {@link MqttMessage#release()} it), or {@code false} when the application's sink is full: the engine then
     * keeps the message unacknowledged, stops decoding, asks to stop reading ({@link #readable}{@code (false)}) and
     * offers the same message again when the application calls {@link MqttClientEngine#resumeInbound(long)}.
     * QoS 1/2 acknowledgements are sent only for accepted messages, so the server's Receive Maximum and the TCP
     * window hold back the rest.
     */
    boolean messageReceived(MqttMessage message);

    /**
     * The engine decided to drop the link (protocol error, keep-alive or CONNACK timeout, server DISCONNECT, refused
     * CONNECT). Bytes it queued just before (e.g. a DISCONNECT with a reason code) should be written first.
     */
    void closeConnection(Throwable reason);

    /** Pause ({@code false}) or resume ({@code true}) reading from the socket: inbound backpressure. */
    void readable(boolean on);

    /**
     * While reading is paused: read once from the socket (whatever is there, or the next bytes that arrive) and hand
     * the bytes to {@link MqttClientEngine#receive}, leaving reading paused. The engine asks for this to tell a dead
     * server from one whose answer waits unread behind the paused stream.
     */
    default void readOnce() {}

    /**
     * {@link MqttClientEngine#isPublishQueueFull()} turned true (the publish queue is full, or the socket does not
     * take the bytes already encoded) or false again; producers should pause while it is true.
     */
    default void publishQueueFull(boolean full) {}

    /**
     * A subscription that the engine restored after the server lost the session (session present 0) was refused.
     *
     * @param reasonCode the SUBACK reason code
     */
    default void subscriptionRestoreFailed(MqttSubscription subscription, SubAckReasonCode reasonCode) {}
}
