package dev.patchline.protocol.mqtt.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic aliases this client uses towards the server on one connection (MQTT 5 section 3.3.2.3.4). The mapping is
 * bounded by min(our limit, the server's Topic Alias Maximum, MQTT-3.3.2-9). While aliases are free, each new topic
 * takes the next one; once all are taken, a new topic takes over the alias of the least recently published topic.
 * A PUBLISH that carries both the topic and the alias re-maps it (section 3.3.2.3.4 allows a sender to change a
 * mapping that way), and as packets reach the server in the order sent, no message is read under another's topic.
 * A new connection starts empty: aliases are never carried over from one connection to another (MQTT-3.3.2-7).
 *
 * <p>Cost: a lookup per publish moves the topic to the recent end of the order (no allocation); an entry is only
 * created when a topic takes an alias.
 */
final class OutboundTopicAliases {

    private final int maximum;
    /** Topic to alias, in access order: the first entry is the least recently used. */
    private final LinkedHashMap<String, Integer> aliases;

    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
        this.aliases = maximum == 0 ? null : new LinkedHashMap<>(Math.min(maximum, 64) * 2, 0.75f, true);
    }

    /** The alias already established for {@code topic} (now its most recent use), or 0. */
    int established(String topic) {
        if (maximum == 0) {
            return 0;
        }
        Integer alias = aliases.get(topic);
        return alias == null ? 0 : alias;
    }

    /**
     * The alias a PUBLISH of a topic without one may establish: the next free one, else the least recently used;
     * 0 when aliases are off. Call {@link #commit} once that PUBLISH was sent.
     */
    int candidate() {
        if (maximum == 0) {
            return 0;
        }
        if (aliases.size() < maximum) {
            return aliases.size() + 1;
        }
        return aliases.values().iterator().next();
    }

    /** Records that {@code topic} now travels as {@code alias}, a value {@link #candidate()} just returned. */
    void commit(String topic, int alias) {
        if (aliases.size() >= maximum) {
            Iterator<Map.Entry<String, Integer>> eldest = aliases.entrySet().iterator();
            int replaced = eldest.next().getValue();
            if (replaced != alias) {
                throw new IllegalStateException(
                        "alias " + alias + " committed, but the least recently used is " + replaced);
            }
            eldest.remove();
        }
        aliases.put(topic, alias);
    }
}
