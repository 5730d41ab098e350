package dev.patchline.protocol.mqtt.topic;

/** The matching rules written as plainly as possible, as an oracle for {@link TopicTrie}. */
final class BruteForceMatcher {
    private BruteForceMatcher() {}

    static boolean matches(String filter, String topic) {
        if (filter.startsWith("$share/")) {
            filter = filter.substring(filter.indexOf('/', "$share/".length()) + 1);
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        return matchFrom(f, 0, t, 0);
    }

    private static boolean matchFrom(String[] f, int fi, String[] t, int ti) {
        if (fi == f.length) {
            return ti == t.length;
        }
        if (f[fi].equals("#")) {
            return true; // matches the remaining levels, including none (the parent level)
        }
        if (ti == t.length) {
            return false;
        }
        if (f[fi].equals("+") || f[fi].equals(t[ti])) {
            return matchFrom(f, fi + 1, t, ti + 1);
        }
        return false;
    }
}
