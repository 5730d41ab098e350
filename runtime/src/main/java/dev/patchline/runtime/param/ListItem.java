package dev.patchline.runtime.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of a list parameter: field name to typed value, e.g. a subscription
 * {@code {topic: "sensors/#", qos: 1, nolocal: false}}. Immutable; compares by content.
 * Read fields with the field's own descriptor: {@code item.get(TOPIC)}.
 */
public final class ListItem {
    private final Map<String, Object> fields;

    private ListItem(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** {@return a new builder for one item} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the value of {@code field}, or its default when the item does not set it} */
    public <V> V get(ParameterDescriptor<V> field) {
        Object v = fields.get(field.name());
        return v == null ? field.defaultValue() : field.valueType().cast(v);
    }

    /** {@return the raw field map, in insertion order} */
    public Map<String, Object> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListItem i && i.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Builder for a {@link ListItem}; not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        public <V> Builder set(ParameterDescriptor<V> field, V value) {
            fields.put(field.name(), Objects.requireNonNull(value, field.name()));
            return this;
        }

        public ListItem build() {
            return new ListItem(fields);
        }
    }
}
