package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.engine.ConnectionInfo;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;

/**
 * Connection state changes of an {@link MqttClient}, delivered in order on the client's callback executor (never on
 * the event loop), so a listener may block or call the client, including {@code publish(...).get()}.
 */
@FunctionalInterface
public interface ConnectionStateListener {

    /**
     * @param state      the new state
     * @param connection for {@link ConnectionState#CONNECTED}: what the CONNACK settled; otherwise null
     * @param lost       for {@link ConnectionState#RECONNECTING} and {@link ConnectionState#CLOSED}: why the last connection
     *                   ended, when one was open; otherwise null
     * @param cause      a transport failure (refused, timed out, TLS) when no MQTT connection was involved; may be null
     */
    void stateChanged(ConnectionState state, ConnectionInfo connection, DisconnectInfo lost, Throwable cause);
}
