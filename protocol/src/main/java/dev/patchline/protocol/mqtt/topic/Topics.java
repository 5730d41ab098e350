package dev.patchline.protocol.mqtt.topic;

/**
 * Validation of MQTT topic names (what PUBLISH carries) and topic filters (what SUBSCRIBE carries).
 *
 * <p>Both checks scan the string once and allocate nothing when the topic is valid. The rules are the same in
 * MQTT 3.1.1 and 5.0; statement ids follow MQTT 5.0.
 */
public final class Topics {
    /** Separates topic levels. */
    public static final char LEVEL_SEPARATOR = '/';
    /** Single-level wildcard, only in filters. */
    public static final char SINGLE_LEVEL_WILDCARD = '+';
    /** Multi-level wildcard, only in filters, only as the last level. */
    public static final char MULTI_LEVEL_WILDCARD = '#';
    /** An MQTT UTF-8 string carries a two-byte length, so no topic may encode to more bytes (MQTT-4.7.3-3). */
    public static final int MAX_ENCODED_LENGTH = 65_535;

    private Topics() {}

    /**
     * Checks a topic name as a PUBLISH carries it.
     *
     * @throws InvalidTopicException naming the broken rule and the offending index
     */
    public static void validateName(String name) {
        checkCommon(name, "topic name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == SINGLE_LEVEL_WILDCARD || c == MULTI_LEVEL_WILDCARD) {
                // MQTT-4.7.0-1 (3.1.1: MQTT-4.7.1-1) and MQTT-3.3.2-2: wildcards only belong in filters.
                throw new InvalidTopicException(
                        "MQTT-3.3.2-2",
                        i,
                        "topic name '" + name + "' contains the wildcard '"
                                + c + "' at index " + i
                                + "; wildcards are only allowed in subscription filters, publish to a"
                                + " concrete topic instead");
            }
        }
    }

    /**
     * Checks a topic filter as a SUBSCRIBE or UNSUBSCRIBE carries it, including a shared-subscription filter
     * ({@code $share/group/filter}) whose group name is checked as well.
     *
     * @throws InvalidTopicException naming the broken rule and the offending index
     */
    public static void validateFilter(String filter) {
        checkCommon(filter, "topic filter");
        int start = 0;
        if (filter.startsWith(TopicFilter.SHARE_PREFIX)) {
            start = TopicFilter.checkShareGroup(filter);
        }
        checkWildcards(filter, start);
    }

    /** True when {@link #validateName} would accept the name; never throws. */
    public static boolean isValidName(String name) {
        try {
            validateName(name);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    /** True when {@link #validateFilter} would accept the filter; never throws. */
    public static boolean isValidFilter(String filter) {
        try {
            validateFilter(filter);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    /**
     * Whether one valid filter matches one topic name, by the same rules as {@link TopicTrie} (including
     * MQTT-4.7.2-1 for {@code $} topics and the inner filter of {@code $share/group/filter}). Allocates nothing;
     * for many filters use a {@link TopicTrie}.
     */
    public static boolean matches(String filter, String topic) {
        int f = filter.startsWith(TopicFilter.SHARE_PREFIX)
                ? filter.indexOf(LEVEL_SEPARATOR, TopicFilter.SHARE_PREFIX.length()) + 1
                : 0;
        int filterLength = filter.length();
        int topicLength = topic.length();
        if (topicLength > 0
                && topic.charAt(0) == '$'
                && f < filterLength
                && (filter.charAt(f) == SINGLE_LEVEL_WILDCARD || filter.charAt(f) == MULTI_LEVEL_WILDCARD)) {
            return false;
        }
        int t = 0; // topicLength + 1 once every topic level is consumed
        while (true) {
            int filterEnd = filter.indexOf(LEVEL_SEPARATOR, f);
            if (filterEnd < 0) {
                filterEnd = filterLength;
            }
            int levelLength = filterEnd - f;
            if (levelLength == 1 && filter.charAt(f) == MULTI_LEVEL_WILDCARD) {
                return true; // the rest, including no level at all (the parent level)
            }
            if (t > topicLength) {
                return false;
            }
            int topicEnd = topic.indexOf(LEVEL_SEPARATOR, t);
            if (topicEnd < 0) {
                topicEnd = topicLength;
            }
            boolean plus = levelLength == 1 && filter.charAt(f) == SINGLE_LEVEL_WILDCARD;
            if (!plus && (levelLength != topicEnd - t || !filter.regionMatches(f, topic, t, levelLength))) {
                return false;
            }
            f = filterEnd + 1;
            t = topicEnd + 1;
            if (f > filterLength) {
                return t > topicLength;
            }
        }
    }

    /** True when the filter contains {@code +} or {@code #} (the caller has validated it). */
    public static boolean hasWildcard(String filter) {
        return filter.indexOf(SINGLE_LEVEL_WILDCARD) >= 0 || filter.indexOf(MULTI_LEVEL_WILDCARD) >= 0;
    }

    /** Checks wildcard placement in {@code filter} from char index {@code start} on. */
    static void checkWildcards(String filter, int start) {
        int length = filter.length();
        for (int i = start; i < length; i++) {
            char c = filter.charAt(i);
            if (c == MULTI_LEVEL_WILDCARD) {
                boolean levelStart = i == start || filter.charAt(i - 1) == LEVEL_SEPARATOR;
                if (!levelStart || i != length - 1) {
                    throw new InvalidTopicException(
                            "MQTT-4.7.1-1",
                            i,
                            "topic filter '" + filter + "' has '#' at index " + i
                                    + "; '#' must be the last character and stand alone in its level (like 'a/#' or '#')");
                }
            } else if (c == SINGLE_LEVEL_WILDCARD) {
                boolean levelStart = i == start || filter.charAt(i - 1) == LEVEL_SEPARATOR;
                boolean levelEnd = i == length - 1 || filter.charAt(i + 1) == LEVEL_SEPARATOR;
                if (!levelStart || !levelEnd) {
                    throw new InvalidTopicException(
                            "MQTT-4.7.1-2",
                            i,
                            "topic filter '" + filter + "' has '+' at index " + i
                                    + " inside a level; '+' must occupy a whole level (like 'a/+/c')");
                }
            }
        }
    }

    /**
     * Rules shared by names and filters: not empty (MQTT-4.7.3-1), no U+0000 (MQTT-4.7.3-2), no lone surrogate,
     * which could not be encoded as well-formed UTF-8 (MQTT-1.5.4-1), and at most 65,535 bytes of UTF-8 (MQTT-4.7.3-3).
     */
    private static void checkCommon(String topic, String what) {
        if (topic == null) {
            throw new InvalidTopicException(
                    "MQTT-4.7.3-1", -1, what + " is null; give a topic of at least one character");
        }
        int length = topic.length();
        if (length == 0) {
            throw new InvalidTopicException(
                    "MQTT-4.7.3-1", -1, what + " is empty; give a topic of at least one character");
        }
        if (length > MAX_ENCODED_LENGTH) {
            // Every char encodes to at least one byte, so this is too long whatever it contains.
            throw tooLong(topic, what, length);
        }
        int utf8Bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = topic.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw new InvalidTopicException(
                            "MQTT-4.7.3-2",
                            i,
                            what + " '" + printable(topic) + "' contains the null character U+0000 at index " + i
                                    + "; remove it");
                }
                utf8Bytes += 1;
            } else if (c < 0x800) {
                utf8Bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= length || !Character.isLowSurrogate(topic.charAt(i + 1))) {
                    throw loneSurrogate(topic, what, i);
                }
                utf8Bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw loneSurrogate(topic, what, i);
            } else {
                utf8Bytes += 3;
            }
        }
        if (utf8Bytes > MAX_ENCODED_LENGTH) {
            throw tooLong(topic, what, utf8Bytes);
        }
    }

    private static InvalidTopicException loneSurrogate(String topic, String what, int i) {
        return new InvalidTopicException(
                "MQTT-1.5.4-1",
                i,
                what + " '" + printable(topic)
                        + "' has an unpaired UTF-16 surrogate at index " + i
                        + ", which has no UTF-8 encoding; fix the string's"
                        + " character data");
    }

    private static InvalidTopicException tooLong(String topic, String what, int size) {
        return new InvalidTopicException(
                "MQTT-4.7.3-3",
                -1,
                what + " starting '" + printable(topic.substring(0, 32))
                        + "...' encodes to at least " + size + " bytes of UTF-8; the limit is " + MAX_ENCODED_LENGTH
                        + ", shorten it");
    }

    private static String printable(String topic) {
        return topic.replace("\0", "\\0");
    }
}
