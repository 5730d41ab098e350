package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.Inbox;

/**
 * Turns the link's events (connected, lost, subscribed, ...) waiting in the node's inbox into the MQTT Client DAT's
 * callbacks, in the order they happened, and into the node's status. Cook thread only.
 */
final class LinkEventCallbacks {
    private final Inbox<LinkEvent> events;
    private final ClientConnection connection;
    private final ClientStatus status;
    private final MqttClientView view;

    LinkEventCallbacks(Inbox<LinkEvent> events, ClientConnection connection, ClientStatus status, MqttClientView view) {
        this.events = events;
        this.connection = connection;
        this.status = status;
        this.view = view;
    }

    void dispatch(Callbacks callbacks) {
        LinkEvent event;
        while ((event = events.poll()) != null) {
            if (event instanceof LinkEvent.Connected) {
                status.connectionOk();
                callbacks.invoke("onConnect", view);
            } else if (event instanceof LinkEvent.ConnectFailed f) {
                status.connection(
                        "cannot connect to " + connection.brokerName() + ": " + f.reason()
                                + (f.retrying() ? "; retrying" : "; fix the parameters or pulse 'reconnect'"),
                        f.needsFix());
                callbacks.invoke("onConnectFailure", view, f.reason());
            } else if (event instanceof LinkEvent.ConnectionLost l) {
                status.connection("connection lost: " + l.reason() + "; reconnecting", false);
                callbacks.invoke("onConnectionLost", view, l.reason());
            } else if (event instanceof LinkEvent.Subscribed s) {
                callbacks.invoke("onSubscribe", view, s.topics());
            } else if (event instanceof LinkEvent.SubscribeFailed s) {
                status.request("subscribe to " + s.topics() + " failed: " + s.reason());
                callbacks.invoke("onSubscribeFailure", view, s.reason(), s.topics());
            } else if (event instanceof LinkEvent.Unsubscribed u) {
                callbacks.invoke("onUnsubscribe", view, u.topics());
            } else if (event instanceof LinkEvent.UnsubscribeFailed u) {
                status.request("unsubscribe from " + u.topics() + " failed: " + u.reason());
                callbacks.invoke("onUnsubscribeFailure", view, u.reason(), u.topics());
            } else if (event instanceof LinkEvent.Published p) {
                callbacks.invoke("onPublish", view, p.topic());
            } else if (event instanceof LinkEvent.PublishFailed p) {
                status.request("publish to '" + p.topic() + "' failed: " + p.reason());
            }
        }
    }
}
