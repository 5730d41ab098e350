package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A SUBSCRIBE or UNSUBSCRIBE waiting to be sent or acknowledged; resent after a reconnect until answered. */
final class PendingRequest {

    /** SUBSCRIBE: the subscriptions requested; {@code null} for UNSUBSCRIBE. */
    final List<MqttSubscription> subscriptions;

    final List<Subscription> wire;
    /** UNSUBSCRIBE: the filters; {@code null} for SUBSCRIBE. */
    final List<String> filters;

    final UserProperties userProperties;
    final int subscriptionIdentifier;
    /** Completed with a SubscribeResult or UnsubscribeResult; {@code null} for an automatic restore. */
    final CompletableFuture<Object> future;

    int packetId;

    private PendingRequest(
            List<MqttSubscription> subscriptions,
            List<Subscription> wire,
            List<String> filters,
            UserProperties userProperties,
            int subscriptionIdentifier,
            CompletableFuture<Object> future) {
        this.subscriptions = subscriptions;
        this.wire = wire;
        this.filters = filters;
        this.userProperties = userProperties;
        this.subscriptionIdentifier = subscriptionIdentifier;
        this.future = future;
    }

    static PendingRequest subscribe(
            List<MqttSubscription> subs,
            List<Subscription> wire,
            UserProperties up,
            int id,
            CompletableFuture<Object> future) {
        return new PendingRequest(subs, wire, null, up, id, future);
    }

    static PendingRequest unsubscribe(List<String> filters, UserProperties up, CompletableFuture<Object> future) {
        return new PendingRequest(null, null, filters, up, 0, future);
    }

    boolean isSubscribe() {
        return subscriptions != null;
    }

    boolean isRestore() {
        return future == null;
    }
}
