package dev.patchline.protocol.mqtt.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic aliases this client uses towards the server on one connection (MQTT 5 section 3.3.2.3.4). The mapping is
 * bounded by min(our limit, the server's Topic Alias Maximum, MQTT-3.3.2-9) and first come, first served: the
 * first topics published keep their alias for the life of the connection, later topics go without one. That never
 * re-maps an alias, so a message can never be read under another message's topic. A new connection starts empty:
 * aliases are never carried over from one connection to another (MQTT-3.3.2-7).
 */
final class OutboundTopicAliases {

    private final int maximum;
    private final Map<String, Integer> aliases;

    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
        this.aliases = maximum == 0 ? Map.of() : new HashMap<>();
    }

    /** The alias already established for {@code topic}, or 0. */
    int established(String topic) {
        if (maximum == 0) {
            return 0;
        }
        Integer alias = aliases.get(topic);
        return alias == null ? 0 : alias;
    }

    /** The alias a first PUBLISH of {@code topic} may establish, or 0 when all are taken. Call {@link #commit} once sent. */
    int candidate() {
        return aliases.size() < maximum ? aliases.size() + 1 : 0;
    }

    void commit(String topic, int alias) {
        aliases.put(topic, alias);
    }
}
