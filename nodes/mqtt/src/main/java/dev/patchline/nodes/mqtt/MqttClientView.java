package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.ForwardingNodeView;
import dev.patchline.runtime.op.NodeView;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code dat} argument of the MQTT Client DAT's callbacks: the node (table, parameters, info) plus TouchDesigner's
 * members {@code publish}, {@code subscribe}, {@code unsubscribe} and {@code isConnected}. Nothing here blocks: requests
 * go to the client and their outcome comes back as callbacks ({@code onPublish}, {@code onSubscribe}, ...).
 * Cook thread only.
 */
public final class MqttClientView extends ForwardingNodeView {
    private final Publisher publisher;
    private final ClientConnection connection;

    MqttClientView(Publisher publisher, ClientConnection connection, NodeView node) {
        super(node);
        this.publisher = publisher;
        this.connection = connection;
    }

    /** Publishes with QoS 0, not retained. */
    public boolean publish(String topic, Object payload) {
        return publisher.publish(topic, payload, 0, false, null);
    }

    public boolean publish(String topic, Object payload, int qos) {
        return publisher.publish(topic, payload, qos, false, null);
    }

    /**
     * Publishes {@code payload}: a String (UTF-8), byte[] (as is), a Map or List (as JSON) or anything else (its
     * {@code toString()}).
     *
     * @return false when the message could not be queued (inactive, invalid topic, queue full); the node shows a warning
     */
    public boolean publish(String topic, Object payload, int qos, boolean retain) {
        return publisher.publish(topic, payload, qos, retain, null);
    }

    /**
     * Publishes with MQTT 5 properties: keys {@code contentType}, {@code responseTopic}, {@code correlationData},
     * {@code messageExpiry} (seconds), {@code userProperties} (a map).
     */
    public boolean publish(String topic, Object payload, int qos, boolean retain, Map<String, ?> properties) {
        return publisher.publish(topic, payload, qos, retain, properties);
    }

    /** Subscribes to one filter or a list of filters with QoS 0. */
    public void subscribe(Object topics) {
        connection.subscribe(topics(topics), 0);
    }

    /** Subscribes to one filter or a list of filters; {@code onSubscribe} or {@code onSubscribeFailure} follows. */
    public void subscribe(Object topics, int qos) {
        connection.subscribe(topics(topics), qos);
    }

    /** Unsubscribes from one filter or a list; {@code onUnsubscribe} or {@code onUnsubscribeFailure} follows. */
    public void unsubscribe(Object topics) {
        connection.unsubscribe(topics(topics));
    }

    /** Whether the connection to the broker is up (TouchDesigner's {@code isConnected} member). */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Groovy property form: {@code dat.isConnected}. */
    public boolean getIsConnected() {
        return connection.isConnected();
    }

    private static List<String> topics(Object topics) {
        if (topics instanceof Collection<?> c)
            return c.stream().map(String::valueOf).toList();
        if (topics instanceof Object[] a)
            return Arrays.stream(a).map(String::valueOf).toList();
        return List.of(String.valueOf(topics));
    }
}
