package dev.patchline.protocol.mqtt.engine;

/**
 * Whether one topic filter matches one topic name, for the few filters that share a subscription identifier.
 * Same rules as the topic trie: {@code +} is one level, {@code #} the rest including its parent, and a leading
 * wildcard never matches a topic starting with {@code $} (MQTT-4.7.2-1). Allocates nothing.
 */
final class TopicMatch {

    private TopicMatch() {
    }

    static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (f < fl) {
            char c = filter.charAt(f);
            if (c == '#') {
                return true; // validated filters have '#' only as the whole last level
            }
            if (c == '+') {
                // skip one topic level
                while (t < tl && topic.charAt(t) != '/') {
                    t++;
                }
                f++;
            } else {
                int fEnd = filter.indexOf('/', f);
                if (fEnd < 0) {
                    fEnd = fl;
                }
                int tEnd = topic.indexOf('/', t);
                if (tEnd < 0) {
                    tEnd = tl;
                }
                if (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f)) {
                    return false;
                }
                f = fEnd;
                t = tEnd;
            }
            // both at a separator or at the end
            if (f == fl) {
                return t == tl;
            }
            // filter has "/..." left
            if (t == tl) {
                // "a/#" matches "a": the rest of the filter must be exactly "/#"
                return f + 2 == fl && filter.charAt(f + 1) == '#';
            }
            f++;
            t++;
        }
        return t == tl;
    }
}
