package dev.patchline.protocol.mqtt.transport;

import java.net.SocketAddress;

/**
 * Connection-level events of a {@link MqttTransport}, called on its event loop (keep them short, never block).
 * MQTT-level state (CONNACK, session present) is the protocol's business, not the transport's.
 */
public interface TransportListener {

    /** A connection attempt starts; {@code attempt} is 0 for the first connect, then counts retries. */
    default void connecting(ServerUri uri, int attempt) {}

    /** Handshakes done, bytes flow; called just before {@link StreamProtocol#connectionOpened}. */
    default void connected(SocketAddress remote, String negotiatedAlpnProtocol) {}

    /**
     * The connection is lost or the attempt failed.
     *
     * @param cause              why, or null for an orderly close
     * @param reconnectDelayNanos when the next attempt starts, or -1 when none will (stopped, or reconnect disabled)
     */
    default void disconnected(Throwable cause, long reconnectDelayNanos) {}

    /** The transport is stopped for good; no more events follow. */
    default void stopped() {}
}
