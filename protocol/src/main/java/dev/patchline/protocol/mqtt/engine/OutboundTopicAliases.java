package dev.patchline.protocol.mqtt.engine;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic aliases this client uses towards the server on one connection (MQTT 5 section 3.3.2.3.4), bounded by
 * min(our limit, the server's Topic Alias Maximum, MQTT-3.3.2-9). A new connection starts empty: aliases are never
 * carried over from one connection to another (MQTT-3.3.2-7).
 *
 * <p><b>Policy: aliases that pay.</b> An alias costs 3 bytes per PUBLISH (the property) and saves the topic's bytes
 * on every PUBLISH after the one that establishes it; so a topic of 3 characters or fewer never takes one, as it would
 * make packets longer. While aliases are free, each new topic takes the next one. Once all are taken, a topic without
 * an alias takes over one only when it has been published more often than the least used aliased topic: with more
 * topics than aliases published in turn, the aliases stay with the topics that hold them instead of moving on every
 * publish (which would cost the property and save nothing). Use counts are halved every
 * {@code 16 * maximum} publishes, so that topics that stop recurring give way to those that start. A PUBLISH that
 * carries both a topic and an alias re-maps it (section 3.3.2.3.4 allows a sender to change a mapping that way), and
 * as packets reach the server in the order sent, no message is read under another's topic.
 *
 * <p>Cost: a map lookup per publish; only when all aliases are taken and a topic without one is published, a scan of
 * the aliased topics (at most {@code maximum}) and an entry among at most {@code 4 * maximum} counted candidates.
 */
final class OutboundTopicAliases {

    /** Bytes of the Topic Alias property: its identifier and a two-byte integer. */
    static final int PROPERTY_BYTES = 3;

    private final int maximum;
    private final Map<String, Slot> aliases;
    /** Publish counts of recent topics without an alias, least recently published first; bounded. */
    private final LinkedHashMap<String, int[]> candidates;

    private final int candidateLimit;
    private int lookupsUntilAging;

    private static final class Slot {
        final int alias;
        int uses;

        Slot(int alias, int uses) {
            this.alias = alias;
            this.uses = uses;
        }
    }

    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
        this.aliases = maximum == 0 ? null : new HashMap<>(Math.min(maximum, 64) * 2);
        this.candidateLimit = 4 * Math.max(4, maximum);
        this.candidates = maximum == 0 ? null : new LinkedHashMap<>(16, 0.75f, true);
        this.lookupsUntilAging = 16 * Math.max(1, maximum);
    }

    /** Whether an alias can shorten the packets of {@code topic}: its bytes must outweigh the property. */
    static boolean pays(String topic) {
        return topic.length() > PROPERTY_BYTES; // UTF-8 takes at least one byte per character
    }

    /** The alias already established for {@code topic} (counting this use), or 0. */
    int established(String topic) {
        if (maximum == 0) {
            return 0;
        }
        age();
        Slot slot = aliases.get(topic);
        if (slot == null) {
            return 0;
        }
        slot.uses++;
        return slot.alias;
    }

    /**
     * The alias a PUBLISH of {@code topic} (which has none) should establish, or 0 to send it without one: aliases off,
     * an alias would not shorten its packets, or all are taken by topics published at least as often. Call
     * {@link #commit} once that PUBLISH was sent.
     */
    int candidate(String topic) {
        if (maximum == 0 || !pays(topic)) {
            return 0;
        }
        if (aliases.size() < maximum) {
            return aliases.size() + 1;
        }
        int[] count = candidates.get(topic);
        if (count == null) {
            count = new int[1];
            candidates.put(topic, count);
            if (candidates.size() > candidateLimit) {
                Iterator<int[]> eldest = candidates.values().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        count[0]++;
        Map.Entry<String, Slot> victim = leastUsed();
        return count[0] > victim.getValue().uses ? victim.getValue().alias : 0;
    }

    /** Records that {@code topic} now travels as {@code alias}, a value {@link #candidate} just returned. */
    void commit(String topic, int alias) {
        int uses = 1;
        int[] count = candidates.remove(topic);
        if (count != null) {
            uses = count[0];
        }
        if (aliases.size() >= maximum) {
            Map.Entry<String, Slot> victim = leastUsed();
            if (victim.getValue().alias != alias) {
                throw new IllegalStateException(
                        "alias " + alias + " committed, but the least used is " + victim.getValue().alias);
            }
            // The topic that gave up its alias keeps its count: it wins the alias back once it recurs more.
            candidates.put(victim.getKey(), new int[] {victim.getValue().uses});
            aliases.remove(victim.getKey());
        }
        aliases.put(topic, new Slot(alias, uses));
    }

    private Map.Entry<String, Slot> leastUsed() {
        Map.Entry<String, Slot> least = null;
        for (Map.Entry<String, Slot> e : aliases.entrySet()) {
            if (least == null
                    || e.getValue().uses < least.getValue().uses
                    || (e.getValue().uses == least.getValue().uses && e.getValue().alias < least.getValue().alias)) {
                least = e;
            }
        }
        return least;
    }

    private void age() {
        if (--lookupsUntilAging > 0) {
            return;
        }
        lookupsUntilAging = 16 * maximum;
        for (Slot slot : aliases.values()) {
            slot.uses >>>= 1;
        }
        for (int[] count : candidates.values()) {
            count[0] >>>= 1;
        }
    }
}
