package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.SubscriptionOptions;
import dev.patchline.protocol.mqtt.topic.TopicFilter;
import java.util.List;
import java.util.Objects;

/**
 * One subscription as the engine keeps it for the session: the filter, its options, the application's
 * {@link MessageRoute} (handed back with every message this subscription matched) and the subscription
 * identifier of the SUBSCRIBE that created it. Immutable.
 *
 * <p>Messages are mapped back to subscriptions by the Subscription Identifiers the server echoes (MQTT 5, when
 * the server supports them), otherwise by matching the topic against {@link TopicFilter#matchFilter()} — for a
 * {@code $share/group/filter} that is {@code filter}, as the server delivers under the original topic name.
 */
public final class MqttSubscription {

    private final TopicFilter topicFilter;
    private final SubscriptionOptions options;
    private final MessageRoute route;
    private final int subscriptionIdentifier;
    /** The route of a message that matched only this subscription, the common case: built once, not per message. */
    private final List<MqttSubscription> alone = List.of(this);

    MqttSubscription(
            TopicFilter topicFilter, SubscriptionOptions options, MessageRoute route, int subscriptionIdentifier) {
        this.topicFilter = Objects.requireNonNull(topicFilter, "topicFilter");
        this.options = Objects.requireNonNull(options, "options");
        this.route = route;
        this.subscriptionIdentifier = subscriptionIdentifier;
    }

    /** The filter as subscribed, e.g. {@code $share/workers/jobs/#}. */
    public String filter() {
        return topicFilter.filter();
    }

    public TopicFilter topicFilter() {
        return topicFilter;
    }

    public SubscriptionOptions options() {
        return options;
    }

    /** The route given to {@code subscribe}, or {@code null}. */
    public MessageRoute route() {
        return route;
    }

    /** The identifier the engine gave the SUBSCRIBE; sent only when the server supports identifiers. */
    public int subscriptionIdentifier() {
        return subscriptionIdentifier;
    }

    List<MqttSubscription> alone() {
        return alone;
    }

    @Override
    public String toString() {
        return "MqttSubscription[" + topicFilter.filter() + ", qos="
                + options.qos().value() + ", id=" + subscriptionIdentifier + "]";
    }
}
