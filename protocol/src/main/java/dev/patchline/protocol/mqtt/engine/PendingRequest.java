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
    /** SUBSCRIBE: completed with the SUBACK; {@code null} for an automatic restore and for UNSUBSCRIBE. */
    final CompletableFuture<SubscribeResult> subscribed;
    /** UNSUBSCRIBE: completed with the UNSUBACK; {@code null} for SUBSCRIBE. */
    final CompletableFuture<UnsubscribeResult> unsubscribed;

    int packetId;

    private PendingRequest(
            List<MqttSubscription> subscriptions,
            List<Subscription> wire,
            List<String> filters,
            UserProperties userProperties,
            int subscriptionIdentifier,
            CompletableFuture<SubscribeResult> subscribed,
            CompletableFuture<UnsubscribeResult> unsubscribed) {
        this.subscriptions = subscriptions;
        this.wire = wire;
        this.filters = filters;
        this.userProperties = userProperties;
        this.subscriptionIdentifier = subscriptionIdentifier;
        this.subscribed = subscribed;
        this.unsubscribed = unsubscribed;
    }

    static PendingRequest subscribe(
            List<MqttSubscription> subs,
            List<Subscription> wire,
            UserProperties up,
            int id,
            CompletableFuture<SubscribeResult> subscribed) {
        return new PendingRequest(subs, wire, null, up, id, subscribed, null);
    }

    static PendingRequest unsubscribe(
            List<String> filters, UserProperties up, CompletableFuture<UnsubscribeResult> unsubscribed) {
        return new PendingRequest(null, null, filters, up, 0, null, unsubscribed);
    }

    boolean isSubscribe() {
        return subscriptions != null;
    }

    boolean isRestore() {
        return isSubscribe() && subscribed == null;
    }

    /** Fails the caller's future; {@code false} for an automatic restore, which has no caller. */
    boolean fail(Throwable cause) {
        if (subscribed != null) {
            subscribed.completeExceptionally(cause);
        } else if (unsubscribed != null) {
            unsubscribed.completeExceptionally(cause);
        } else {
            return false;
        }
        return true;
    }
}
