package dev.patchline.protocol.mqtt.codec.packet;

import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * The text of a record whose components include secrets (a password, authentication data): every component as a
 * record's own {@code toString} shows it, except the secret ones, which show {@code (hidden)} when set. Built from the
 * record's components, so a component added later appears without anyone updating a hand-written {@code toString}.
 * For log lines and debuggers, not for hot paths (it reflects). Stateless and thread-safe.
 */
public final class Redacted {
    /** What a secret component that is set shows instead of its value. */
    public static final String HIDDEN = "(hidden)";

    private Redacted() {}

    /**
     * {@return {@code record} as {@code Name[a=1, password=(hidden), ...]}}
     *
     * @param secrets names of the components whose value must not show
     */
    public static String toString(Record record, Set<String> secrets) {
        StringBuilder sb = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(c.getName()).append('=').append(secrets.contains(c.getName()) && value != null ? HIDDEN : value);
        }
        return sb.append(']').toString();
    }
}
