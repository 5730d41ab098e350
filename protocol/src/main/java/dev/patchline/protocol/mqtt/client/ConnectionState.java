package dev.patchline.protocol.mqtt.client;

/** Where an {@link MqttClient} is in its life. */
public enum ConnectionState {
    /** Built, {@link MqttClient#connect()} not called yet. */
    NEW,
    /** Opening a connection (TCP/TLS/WebSocket, then CONNECT/CONNACK), first time or after a loss. */
    CONNECTING,
    /** CONNACK received with success: messages flow. */
    CONNECTED,
    /** The connection is lost; a reconnect is scheduled (publishes wait in the bounded queue meanwhile). */
    RECONNECTING,
    /** Disconnected for good (by {@link MqttClient#disconnect()}, {@link MqttClient#close()}, or reconnect disabled). */
    CLOSED
}
