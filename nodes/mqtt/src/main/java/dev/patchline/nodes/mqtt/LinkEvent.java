package dev.patchline.nodes.mqtt;

/**
 * Something that happened to a node's connection or requests, carried in order from the MQTT client's threads to the
 * node's cook, where it becomes a callback with TouchDesigner's name.
 */
sealed interface LinkEvent {

    /** CONNACK accepted; {@code reconnect} is false for the first connection of this link. */
    record Connected(boolean reconnect) implements LinkEvent {}

    /**
     * A connection attempt failed (refused, unreachable, TLS); {@code retrying} when another attempt is scheduled;
     * {@code needsFix} when retrying alone will not help (the broker's certificate was refused): the node shows an
     * error, not a warning.
     */
    record ConnectFailed(String reason, boolean retrying, boolean needsFix) implements LinkEvent {
        ConnectFailed(String reason, boolean retrying) {
            this(reason, retrying, !retrying);
        }
    }

    /** An established connection ended; the client reconnects unless the node stops. */
    record ConnectionLost(String reason) implements LinkEvent {}

    record Subscribed(String topics) implements LinkEvent {}

    record SubscribeFailed(String topics, String reason) implements LinkEvent {}

    record Unsubscribed(String topics) implements LinkEvent {}

    record UnsubscribeFailed(String topics, String reason) implements LinkEvent {}

    /** A publish completed (QoS 0 written, QoS 1 PUBACK, QoS 2 PUBCOMP). */
    record Published(String topic) implements LinkEvent {}

    record PublishFailed(String topic, String reason) implements LinkEvent {}
}
