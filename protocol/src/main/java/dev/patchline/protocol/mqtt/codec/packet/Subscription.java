package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/** One topic filter with its options, as carried in SUBSCRIBE. */
public record Subscription(String topicFilter, SubscriptionOptions options) {

    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(options, "options");
    }

    public static Subscription of(String topicFilter, Qos qos) {
        return new Subscription(topicFilter, SubscriptionOptions.of(qos));
    }
}
