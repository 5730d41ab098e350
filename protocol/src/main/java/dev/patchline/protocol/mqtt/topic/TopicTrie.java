package dev.patchline.protocol.mqtt.topic;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A subscription index: topic filters (with {@code +} and {@code #}) mapped to values, matched against topic names.
 *
 * <p>Matching walks one trie level per topic level and looks each level up in a hash table by the characters of
 * the topic itself, so its cost grows with the number of levels in the topic and with the number of matching
 * wildcard branches, not with the number of subscriptions. A match allocates nothing once the internal walk stack
 * has grown to the trie's depth.
 *
 * <p>Rules enforced while matching:
 * <ul>
 *   <li>{@code #} matches its parent level too: {@code sport/#} matches {@code sport} (MQTT 5.0 section 4.7.1.2).</li>
 *   <li>{@code +} matches exactly one level, including an empty one: {@code +/b} matches {@code /b}.</li>
 *   <li>A filter whose first level is a wildcard does not match a topic beginning with {@code $}
 *       (MQTT-4.7.2-1), so {@code #} does not see {@code $SYS/uptime}.</li>
 * </ul>
 *
 * <p>A shared subscription {@code $share/g/f} is indexed by {@code f}: brokers deliver its messages under their
 * original topic names. The same value may be stored under several filters; a topic matching several of them visits
 * the value once per filter (MQTT allows either behaviour for overlapping subscriptions; the caller decides).
 *
 * <p>Not thread-safe: one owner thread does every call. A visitor must not modify the trie or start another match;
 * doing so throws {@link IllegalStateException}.
 *
 * @param <V> value type, compared with {@link Object#equals} on removal
 */
public final class TopicTrie<V> {

    /** Receives each value whose filter matches; {@code context} lets callers avoid capturing lambdas. */
    @FunctionalInterface
    public interface MatchVisitor<V, C> {
        void onMatch(V value, C context);
    }

    private static final MatchVisitor<Object, Consumer<Object>> CONSUMER_VISITOR =
            (value, consumer) -> consumer.accept(value);

    private final Node root = new Node(null, null);
    private int size;
    private boolean matching;

    // Reused depth-first walk stack: node and the index where its next topic level starts (length + 1 = exhausted).
    private Node[] stackNodes = new Node[16];
    private int[] stackStarts = new int[16];

    /** Number of (filter, value) entries. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds a value under a filter. Adding the same (filter, value) pair twice stores it twice.
     *
     * @throws InvalidTopicException if the filter is not a valid topic filter
     */
    public void add(String filter, V value) {
        Objects.requireNonNull(value, "value");
        checkNotMatching();
        String match = TopicFilter.parse(filter).matchFilter();
        Node node = root;
        int start = 0;
        int length = match.length();
        while (true) {
            int end = levelEnd(match, start, length);
            node = node.childForAdd(match, start, end);
            if (end == length) {
                break;
            }
            start = end + 1;
        }
        node.addValue(value);
        size++;
    }

    /**
     * Removes one occurrence of a value stored under a filter.
     *
     * @return true when it was present
     * @throws InvalidTopicException if the filter is not a valid topic filter
     */
    public boolean remove(String filter, V value) {
        checkNotMatching();
        String match = TopicFilter.parse(filter).matchFilter();
        Node node = root;
        int start = 0;
        int length = match.length();
        while (node != null) {
            int end = levelEnd(match, start, length);
            node = node.childForLookup(match, start, end);
            if (end == length) {
                break;
            }
            start = end + 1;
        }
        if (node == null || !node.removeValue(value)) {
            return false;
        }
        size--;
        node.pruneIfEmpty();
        return true;
    }

    /** Removes every entry. */
    public void clear() {
        checkNotMatching();
        root.clearChildren();
        size = 0;
    }

    /**
     * Visits every value whose filter matches the topic name.
     *
     * @param topic a topic name (not validated here: the codec validates names on the way in)
     * @return the number of visits
     */
    public <C> int match(String topic, C context, MatchVisitor<? super V, ? super C> visitor) {
        checkNotMatching();
        matching = true;
        try {
            return walk(topic, context, visitor);
        } finally {
            matching = false;
        }
    }

    /** Convenience form of {@link #match(String, Object, MatchVisitor)}; allocates nothing per call either. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int match(String topic, Consumer<? super V> visitor) {
        return match(topic, (Consumer) visitor, (MatchVisitor) CONSUMER_VISITOR);
    }

    /** True when at least one filter matches the topic. */
    public boolean matchesAny(String topic) {
        return match(topic, null, (v, c) -> {}) > 0;
    }

    private <C> int walk(String topic, C context, MatchVisitor<? super V, ? super C> visitor) {
        int length = topic.length();
        // MQTT-4.7.2-1: wildcards in the first level of a filter do not match topics that begin with '$'.
        boolean dollarTopic = length > 0 && topic.charAt(0) == '$';
        int visits = 0;
        int sp = 0;
        stackNodes[sp] = root;
        stackStarts[sp++] = 0;
        while (sp > 0) {
            Node node = stackNodes[--sp];
            int start = stackStarts[sp];
            stackNodes[sp] = null;
            if (start > length) {
                // Topic exhausted at this node: its own filters match, and so does "this/#" (parent level of '#').
                visits += node.visitValues(context, visitor);
                if (node.hash != null) {
                    visits += node.hash.visitValues(context, visitor);
                }
                continue;
            }
            int end = levelEnd(topic, start, length);
            if (!(dollarTopic && node == root)) {
                if (node.hash != null) {
                    visits += node.hash.visitValues(context, visitor);
                }
                if (node.plus != null) {
                    sp = push(sp, node.plus, end + 1);
                }
            }
            Node child = node.children.get(topic, start, end);
            if (child != null) {
                sp = push(sp, child, end + 1);
            }
        }
        return visits;
    }

    private int push(int sp, Node node, int nextStart) {
        if (sp == stackNodes.length) {
            stackNodes = Arrays.copyOf(stackNodes, sp * 2);
            stackStarts = Arrays.copyOf(stackStarts, sp * 2);
        }
        stackNodes[sp] = node;
        stackStarts[sp] = nextStart;
        return sp + 1;
    }

    private void checkNotMatching() {
        if (matching) {
            throw new IllegalStateException("TopicTrie modified or matched from inside a match visitor; collect the"
                    + " values first and act on them after match() returns");
        }
    }

    private static int levelEnd(String s, int start, int length) {
        int slash = s.indexOf(Topics.LEVEL_SEPARATOR, start);
        return slash < 0 ? length : slash;
    }

    /** One filter level. Wildcard children live in their own fields so that matching never hashes "+" or "#". */
    private static final class Node {
        final Node parent;
        final String key; // level text under the parent; "+" or "#" for wildcard children, null for the root
        final LevelMap<Node> children = new LevelMap<>();
        Node plus;
        Node hash;
        Object[] values = NO_VALUES;
        int valueCount;

        private static final Object[] NO_VALUES = new Object[0];

        Node(Node parent, String key) {
            this.parent = parent;
            this.key = key;
        }

        Node childForAdd(String filter, int start, int end) {
            if (end - start == 1) {
                char c = filter.charAt(start);
                if (c == Topics.SINGLE_LEVEL_WILDCARD) {
                    return plus != null ? plus : (plus = new Node(this, "+"));
                }
                if (c == Topics.MULTI_LEVEL_WILDCARD) {
                    return hash != null ? hash : (hash = new Node(this, "#"));
                }
            }
            Node child = children.get(filter, start, end);
            if (child == null) {
                String level = filter.substring(start, end);
                child = new Node(this, level);
                children.put(level, child);
            }
            return child;
        }

        Node childForLookup(String filter, int start, int end) {
            if (end - start == 1) {
                char c = filter.charAt(start);
                if (c == Topics.SINGLE_LEVEL_WILDCARD) {
                    return plus;
                }
                if (c == Topics.MULTI_LEVEL_WILDCARD) {
                    return hash;
                }
            }
            return children.get(filter, start, end);
        }

        void addValue(Object value) {
            if (valueCount == values.length) {
                values = Arrays.copyOf(values, Math.max(2, valueCount * 2));
            }
            values[valueCount++] = value;
        }

        boolean removeValue(Object value) {
            for (int i = 0; i < valueCount; i++) {
                if (values[i].equals(value)) {
                    System.arraycopy(values, i + 1, values, i, valueCount - i - 1);
                    values[--valueCount] = null;
                    if (valueCount == 0) {
                        values = NO_VALUES;
                    }
                    return true;
                }
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        <V, C> int visitValues(C context, MatchVisitor<? super V, ? super C> visitor) {
            int n = valueCount;
            Object[] vs = values;
            for (int i = 0; i < n; i++) {
                visitor.onMatch((V) vs[i], context);
            }
            return n;
        }

        boolean isEmpty() {
            return valueCount == 0 && plus == null && hash == null && children.size() == 0;
        }

        /** Unlinks this node and then its ancestors while they hold nothing, so removed filters free their memory. */
        void pruneIfEmpty() {
            Node node = this;
            while (node.parent != null && node.isEmpty()) {
                Node p = node.parent;
                if (p.plus == node) {
                    p.plus = null;
                } else if (p.hash == node) {
                    p.hash = null;
                } else {
                    p.children.remove(node.key);
                }
                node = p;
            }
        }

        void clearChildren() {
            children.clear();
            plus = null;
            hash = null;
            values = NO_VALUES;
            valueCount = 0;
        }
    }
}
