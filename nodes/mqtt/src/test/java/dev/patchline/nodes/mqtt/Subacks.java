package dev.patchline.nodes.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets an inline Groovy callback script tell its test that the broker acknowledged a subscription: the script
 * includes {@link #ON_SUBSCRIBE}, whose {@code onSubscribe} (run on the cook thread after the SUBACK) records the
 * filter; the test cooks until {@link #acknowledged(String)} holds. Each test uses its own filters.
 */
public final class Subacks {
    /** An {@code onSubscribe} callback for inline scripts that records the acknowledged filters here. */
    static final String ON_SUBSCRIBE =
            "def onSubscribe(dat, topics) { dev.patchline.nodes.mqtt.Subacks.record(String.valueOf(topics)) }\n";

    private static final Set<String> ACKNOWLEDGED = ConcurrentHashMap.newKeySet();

    private Subacks() {}

    /** Called by the script's {@code onSubscribe}. */
    public static void record(String topics) {
        ACKNOWLEDGED.add(topics);
    }

    static boolean acknowledged(String filter) {
        return ACKNOWLEDGED.contains(filter);
    }
}
