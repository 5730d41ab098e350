package dev.patchline.protocol.mqtt.codec;

import io.netty.buffer.ByteBuf;

/**
 * The syntax of topic filters as far as the codec checks it (MQTT 5 section 4.7 and 4.8.2): not
 * empty, '#' alone in the last level, '+' alone in its level, and a well-formed shared
 * subscription prefix. Matching lives in the topic package; this only guards the wire.
 */
final class TopicFilters {

    static final String SHARE_PREFIX = "$share/";

    private TopicFilters() {}

    static String read(ByteBuf in, String field) throws MqttDecodeException {
        String filter = Wire.readString(in, field); // MQTT-3.8.3-1, MQTT-3.10.3-1
        String problem = problem(filter);
        if (problem != null) {
            int cut = problem.indexOf('|');
            throw MqttDecodeException.malformed(
                    problem.substring(0, cut), field + " '" + filter + "' " + problem.substring(cut + 1));
        }
        return filter;
    }

    /** {@code null} when {@code filter} is well formed, else "normativeId|what is wrong". */
    static String problem(String filter) {
        if (filter.isEmpty()) {
            return "MQTT-4.7.3-1|is empty";
        }
        int from = 0;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash == SHARE_PREFIX.length()) {
                return "MQTT-4.8.2-1|has an empty share name";
            }
            if (slash < 0) {
                return "MQTT-4.8.2-2|needs a '/' and a topic filter after the share name";
            }
            for (int i = SHARE_PREFIX.length(); i < slash; i++) {
                char c = filter.charAt(i);
                if (c == '+' || c == '#') {
                    return "MQTT-4.8.2-2|has a wildcard in its share name";
                }
            }
            if (slash + 1 == filter.length()) {
                return "MQTT-4.8.2-2|has no topic filter after the share name";
            }
            from = slash + 1;
        }
        int n = filter.length();
        for (int i = from; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '#') {
                if (i != n - 1 || (i > from && filter.charAt(i - 1) != '/')) {
                    return "MQTT-4.7.1-1|uses '#' other than alone in the last level";
                }
            } else if (c == '+') {
                boolean startOk = i == from || filter.charAt(i - 1) == '/';
                boolean endOk = i == n - 1 || filter.charAt(i + 1) == '/';
                if (!startOk || !endOk) {
                    return "MQTT-4.7.1-2|uses '+' other than alone in a level";
                }
            }
        }
        return null;
    }
}
