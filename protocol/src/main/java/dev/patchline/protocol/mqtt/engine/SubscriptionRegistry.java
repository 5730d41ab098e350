package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.topic.TopicTrie;
import dev.patchline.protocol.mqtt.topic.Topics;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions of the session, for routing received messages back to the handler that subscribed and for
 * restoring them when the server lost the session. A new subscription to the same filter replaces the old one, as
 * it does on the server (MQTT-3.8.4-3).
 */
final class SubscriptionRegistry {

    private final Map<String, MqttSubscription> byFilter = new HashMap<>();
    private final IntObjectHashMap<List<MqttSubscription>> byIdentifier = new IntObjectHashMap<>();
    private final TopicTrie<MqttSubscription> trie = new TopicTrie<>();
    private final List<MqttSubscription> scratch = new ArrayList<>(4);

    void add(MqttSubscription s) {
        MqttSubscription old = byFilter.put(s.filter(), s);
        if (old != null) {
            unindex(old);
        }
        trie.add(s.filter(), s);
        List<MqttSubscription> group = byIdentifier.get(s.subscriptionIdentifier());
        if (group == null) {
            group = new ArrayList<>(1);
            byIdentifier.put(s.subscriptionIdentifier(), group);
        }
        group.add(s);
    }

    /** Removes {@code s} if it is still the subscription for its filter. */
    void remove(MqttSubscription s) {
        if (byFilter.get(s.filter()) == s) {
            byFilter.remove(s.filter());
            unindex(s);
        }
    }

    void removeFilter(String filter) {
        MqttSubscription s = byFilter.remove(filter);
        if (s != null) {
            unindex(s);
        }
    }

    private void unindex(MqttSubscription s) {
        trie.remove(s.filter(), s);
        List<MqttSubscription> group = byIdentifier.get(s.subscriptionIdentifier());
        if (group != null) {
            group.remove(s);
            if (group.isEmpty()) {
                byIdentifier.remove(s.subscriptionIdentifier());
            }
        }
    }

    Collection<MqttSubscription> all() {
        return byFilter.values();
    }

    boolean isEmpty() {
        return byFilter.isEmpty();
    }

    /**
     * The subscriptions a message was delivered for: by the identifiers the server attached when there are any
     * (exact even for {@code $share/} and overlapping filters), otherwise by matching the topic.
     */
    List<MqttSubscription> route(String topic, List<Integer> subscriptionIdentifiers) {
        List<MqttSubscription> found = scratch;
        found.clear();
        for (int i = 0, n = subscriptionIdentifiers.size(); i < n; i++) {
            List<MqttSubscription> group = byIdentifier.get(subscriptionIdentifiers.get(i));
            if (group == null) {
                continue;
            }
            for (int j = 0, m = group.size(); j < m; j++) {
                MqttSubscription s = group.get(j);
                if (group.size() == 1 || Topics.matches(s.topicFilter().matchFilter(), topic)) {
                    found.add(s);
                }
            }
        }
        if (found.isEmpty()) {
            trie.match(topic, found, (s, list) -> list.add(s));
        }
        return switch (found.size()) {
            case 0 -> List.of();
            case 1 -> found.get(0).alone();
            default -> List.copyOf(found);
        };
    }
}
