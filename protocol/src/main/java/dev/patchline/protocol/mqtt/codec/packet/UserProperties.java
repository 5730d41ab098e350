package dev.patchline.protocol.mqtt.codec.packet;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The User Properties of an MQTT 5 packet: an immutable, ordered list of name/value pairs in which a
 * name may repeat (MQTT 5 section 3.3.2.3.7; the order is significant, MQTT-3.3.2-18). Packets that
 * carry none share {@link #EMPTY}; the field is never {@code null}.
 */
public final class UserProperties {

    /** No user properties. */
    public static final UserProperties EMPTY = new UserProperties(new String[0]);

    // name0, value0, name1, value1, ... : one array, no per-pair objects on the decode path
    private final String[] pairs;

    private UserProperties(String[] pairs) {
        this.pairs = pairs;
    }

    /** Properties from alternating names and values: {@code of("unit", "C", "room", "kitchen")}. */
    public static UserProperties of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "names and values must come in pairs, got " + namesAndValues.length + " strings");
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        String[] copy = namesAndValues.clone();
        for (String s : copy) {
            Objects.requireNonNull(s, "user property name or value");
        }
        return new UserProperties(copy);
    }

    /** Properties from a list of pairs, keeping their order. */
    public static UserProperties of(List<UserProperty> properties) {
        if (properties.isEmpty()) {
            return EMPTY;
        }
        String[] p = new String[properties.size() * 2];
        int i = 0;
        for (UserProperty u : properties) {
            p[i++] = u.name();
            p[i++] = u.value();
        }
        return new UserProperties(p);
    }

    /**
     * Takes over an array of alternating names and values that the caller will not touch again;
     * for decoders that have already validated the strings.
     */
    static UserProperties adopt(String[] namesAndValues) {
        return namesAndValues.length == 0 ? EMPTY : new UserProperties(namesAndValues);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int index) {
        Objects.checkIndex(index, size());
        return pairs[index * 2];
    }

    public String value(int index) {
        Objects.checkIndex(index, size());
        return pairs[index * 2 + 1];
    }

    /** The value of the first property called {@code name}, or {@code null}. */
    public String first(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /** The values of every property called {@code name}, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                out.add(pairs[i + 1]);
            }
        }
        return List.copyOf(out);
    }

    /** A read-only list view of the pairs. */
    public List<UserProperty> asList() {
        return new AbstractList<>() {
            @Override
            public UserProperty get(int index) {
                return new UserProperty(name(index), value(index));
            }

            @Override
            public int size() {
                return UserProperties.this.size();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserProperties u && Arrays.equals(pairs, u.pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append('=').append(pairs[i + 1]);
        }
        return sb.append(']').toString();
    }

    /** Collects pairs in order; repeated names are kept. */
    public static final class Builder {
        private final List<String> pairs = new ArrayList<>();

        public Builder add(String name, String value) {
            pairs.add(Objects.requireNonNull(name, "name"));
            pairs.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        public UserProperties build() {
            return adopt(pairs.toArray(new String[0]));
        }
    }
}
