package dev.patchline.runtime.op;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The operator types a patch can use, by id. {@link #load()} asks every {@link OperatorProvider} on the
 * classpath ({@link ServiceLoader}) for its types, so adding a jar adds operators. Immutable and thread-safe.
 */
public final class OperatorRegistry {
    private final Map<String, OperatorType> types;
    private final Map<String, OperatorType> byFormerId;

    private OperatorRegistry(Map<String, OperatorType> types) {
        this.types = Collections.unmodifiableMap(types);
        Map<String, OperatorType> former = new TreeMap<>();
        for (OperatorType t : types.values()) {
            for (String old : t.formerIds()) {
                if (!types.containsKey(old)) former.put(old, t);
            }
        }
        this.byFormerId = former;
    }

    /** {@return the types of the providers registered with ServiceLoader on the thread's context class loader} */
    public static OperatorRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : OperatorRegistry.class.getClassLoader());
    }

    /**
     * {@return the types of the providers registered with ServiceLoader on {@code loader}}
     *
     * @throws IllegalStateException when two types share an id
     */
    public static OperatorRegistry load(ClassLoader loader) {
        List<OperatorType> found = new ArrayList<>();
        for (OperatorProvider p : ServiceLoader.load(OperatorProvider.class, loader)) found.addAll(p.types());
        return of(found);
    }

    /** {@return a registry of exactly these types} */
    public static OperatorRegistry of(OperatorType... types) {
        return of(List.of(types));
    }

    /** {@return a registry of exactly these types} */
    public static OperatorRegistry of(Collection<? extends OperatorType> types) {
        Map<String, OperatorType> m = new TreeMap<>();
        for (OperatorType t : types) {
            OperatorType old = m.put(t.id(), t);
            if (old != null && old != t) {
                throw new IllegalStateException("two operator types with id '" + t.id() + "': " + old + " and " + t);
            }
        }
        return new OperatorRegistry(m);
    }

    /** {@return this registry plus {@code more} (later ids replace earlier ones)} */
    public OperatorRegistry with(OperatorType... more) {
        Map<String, OperatorType> m = new TreeMap<>(types);
        for (OperatorType t : more) m.put(t.id(), t);
        return new OperatorRegistry(m);
    }

    /** {@return the type with this id, or with this as a {@linkplain OperatorType#formerIds() former id}} */
    public Optional<OperatorType> find(String id) {
        OperatorType t = types.get(id);
        return Optional.ofNullable(t != null ? t : byFormerId.get(id));
    }

    /** {@return the current id of the type that {@code id} is a former id of; empty for current or unknown ids} */
    public Optional<String> renamedTo(String id) {
        OperatorType t = byFormerId.get(id);
        return t == null ? Optional.empty() : Optional.of(t.id());
    }

    /** {@return all types sorted by id} */
    public Collection<OperatorType> all() {
        return types.values();
    }

    /** {@return up to three known ids closest to {@code unknown} (edit distance, case-insensitive), best first} */
    public List<String> suggest(String unknown) {
        return closest(unknown, types.keySet());
    }

    /** {@return up to three of {@code candidates} closest to {@code unknown}, best first; none when all are far} */
    public static List<String> closest(String unknown, Collection<String> candidates) {
        String u = unknown.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, u.length() / 3);
        record Scored(String name, int distance) {}
        List<Scored> scored = new ArrayList<>();
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(u, lc);
            if (d <= limit || lc.startsWith(u) || u.startsWith(lc) && !lc.isEmpty()) scored.add(new Scored(c, d));
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < 3; i++) out.add(scored.get(i).name());
        return out;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
