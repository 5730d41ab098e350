package dev.patchline.protocol.mqtt.topic;

import java.util.Objects;

/**
 * A validated topic filter, possibly a shared subscription {@code $share/{group}/{filter}} (MQTT 5.0, section 4.8.2).
 *
 * <p>For a shared subscription {@link #matchFilter()} is the part after the group: the broker delivers messages
 * under their original topic names, so that is the part that matches them.
 *
 * @param filter      the whole filter as subscribed, e.g. {@code $share/workers/jobs/#}
 * @param shareGroup  the share name ({@code workers}), or {@code null} for an ordinary subscription
 * @param matchFilter the filter that topic names are matched against ({@code jobs/#})
 */
public record TopicFilter(String filter, String shareGroup, String matchFilter) {
    /** Prefix of every shared-subscription filter (MQTT-4.8.2-1). */
    public static final String SHARE_PREFIX = "$share/";

    public TopicFilter {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(matchFilter, "matchFilter");
    }

    /**
     * Validates and parses a filter.
     *
     * @throws InvalidTopicException naming the broken rule
     */
    public static TopicFilter parse(String filter) {
        Topics.validateFilter(filter);
        if (!filter.startsWith(SHARE_PREFIX)) {
            return new TopicFilter(filter, null, filter);
        }
        int groupEnd = filter.indexOf(Topics.LEVEL_SEPARATOR, SHARE_PREFIX.length());
        return new TopicFilter(
                filter, filter.substring(SHARE_PREFIX.length(), groupEnd), filter.substring(groupEnd + 1));
    }

    /** True for {@code $share/...} filters. */
    public boolean isShared() {
        return shareGroup != null;
    }

    /** True when the match filter contains {@code +} or {@code #}. */
    public boolean hasWildcard() {
        return Topics.hasWildcard(matchFilter);
    }

    /**
     * Checks the share name of a filter starting with {@link #SHARE_PREFIX} and returns the index where its
     * inner filter begins.
     */
    static int checkShareGroup(String filter) {
        int groupStart = SHARE_PREFIX.length();
        int i = groupStart;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == Topics.LEVEL_SEPARATOR) {
                break;
            }
            if (c == Topics.SINGLE_LEVEL_WILDCARD || c == Topics.MULTI_LEVEL_WILDCARD) {
                throw new InvalidTopicException(
                        "MQTT-4.8.2-2",
                        i,
                        "shared subscription '" + filter
                                + "' has '" + c + "' in its share name at index " + i
                                + "; a share name may not contain '/', '+'"
                                + " or '#' (write $share/{group}/{filter})");
            }
            i++;
        }
        if (i == groupStart) {
            throw new InvalidTopicException(
                    "MQTT-4.8.2-1",
                    i,
                    "shared subscription '" + filter
                            + "' has an empty share name; write $share/{group}/{filter} with a group of at least one character");
        }
        if (i >= filter.length() - 1) {
            throw new InvalidTopicException(
                    "MQTT-4.8.2-2",
                    i,
                    "shared subscription '" + filter
                            + "' has no topic filter after the share name; write $share/{group}/{filter}");
        }
        return i + 1;
    }
}
