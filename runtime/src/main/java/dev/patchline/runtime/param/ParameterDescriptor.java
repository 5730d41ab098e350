package dev.patchline.runtime.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.runtime.op.Family;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed parameter key of an operator type: stable lowercase name, label, default, range or menu,
 * help text. Operators declare descriptors as {@code public static final} constants and read values
 * with {@code ctx.par(MAXLINES)}; graph files, the JSON schema, docs and validation are generated
 * from them. Immutable and thread-safe; identity is the name (two descriptors with the same name
 * are equal), so a descriptor constant may be shared by several operator types.
 *
 * {@snippet :
 * public static final ParameterDescriptor<Integer> MAXLINES = ParameterDescriptor.ofInt("maxlines")
 *         .label("Maximum Lines").defaultValue(100).range(0, 10_000_000)
 *         .help("Rows kept; the oldest row is dropped first. 0 keeps every row.").build();
 * }
 *
 * <p>This class is the key and its definition (factories, accessors, checks); {@link ParameterValues} converts values
 * into its type and {@link ParameterJson} writes its JSON forms.
 *
 * @param <T> the Java value type ({@code Double}, {@code Integer}, {@code Boolean}, {@code String},
 *            an enum, {@link Secret}, {@code List<R>}, {@code Map<String,String>})
 */
public final class ParameterDescriptor<T> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String name;
    private final ParamKind kind;
    private final Class<T> valueType;
    private final String label;
    private final String help;
    private final T defaultValue;
    private final Double min;
    private final Double max;
    private final boolean clamp;
    private final List<MenuEntry> menu;
    private final List<T> menuValues;
    private final Family operatorFamily;
    private final ListCodec<?> listCodec;
    private final ValueCheck<? super T> check;
    private final boolean path;

    private ParameterDescriptor(Builder<T> b) {
        this.name = b.name;
        this.kind = b.kind;
        this.valueType = b.valueType;
        this.label = b.label != null ? b.label : defaultLabel(b.name);
        this.help = b.help;
        this.defaultValue = b.defaultValue;
        this.min = b.min;
        this.max = b.max;
        this.clamp = b.clamp;
        this.menu = List.copyOf(b.menu);
        this.menuValues = Collections.unmodifiableList(new ArrayList<>(b.menuValues));
        this.operatorFamily = b.operatorFamily;
        this.listCodec = b.listCodec;
        this.check = b.check;
        this.path = b.path;
    }

    // ---------------------------------------------------------------- factories

    /** {@return a builder for a floating-point parameter (default 0.0)} */
    public static Builder<Double> ofFloat(String name) {
        return new Builder<>(name, ParamKind.FLOAT, Double.class, 0.0);
    }

    /** {@return a builder for an integer parameter (default 0)} */
    public static Builder<Integer> ofInt(String name) {
        return new Builder<>(name, ParamKind.INT, Integer.class, 0);
    }

    /** {@return a builder for an on/off parameter (default off)} */
    public static Builder<Boolean> ofToggle(String name) {
        return new Builder<>(name, ParamKind.TOGGLE, Boolean.class, false);
    }

    /** {@return a builder for a text parameter (default empty)} */
    public static Builder<String> ofString(String name) {
        return new Builder<>(name, ParamKind.STRING, String.class, "");
    }

    /**
     * {@return a builder for a menu over an enum; the JSON names are the constants in lowercase
     * (or {@link MenuChoice#menuName()} when the enum overrides it), the labels their {@link MenuLabel};
     * the first constant is the default}
     */
    public static <E extends Enum<E>> Builder<E> ofMenu(String name, Class<E> enumType) {
        E[] constants = enumType.getEnumConstants();
        Builder<E> b = new Builder<>(name, ParamKind.MENU, enumType, constants[0]);
        for (E e : constants) {
            String n = e instanceof MenuChoice c ? c.menuName() : e.name().toLowerCase(Locale.ROOT);
            b.menu.add(new MenuEntry(n, menuLabel(e, n)));
            b.menuValues.add(e);
        }
        return b;
    }

    private static String menuLabel(Enum<?> constant, String menuName) {
        try {
            MenuLabel label =
                    constant.getDeclaringClass().getField(constant.name()).getAnnotation(MenuLabel.class);
            return label != null ? label.value() : menuName;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("enum constant without its field: " + constant, e);
        }
    }

    /** {@return a builder for a reference to another node (any family when {@code family} is null)} */
    public static Builder<String> ofOperator(String name, Family family) {
        Builder<String> b = new Builder<>(name, ParamKind.OPERATOR, String.class, "");
        b.operatorFamily = family;
        return b;
    }

    /** {@return a builder for a pulse: no stored value, {@code ctx.pulsed(P)} is true for one cook after it fires} */
    public static Builder<Boolean> ofPulse(String name) {
        return new Builder<>(name, ParamKind.PULSE, Boolean.class, false);
    }

    /** {@return a builder for a secret (default empty); graph files may only reference it with {@code {"env": "NAME"}}} */
    public static Builder<Secret> ofSecret(String name) {
        return new Builder<>(name, ParamKind.SECRET, Secret.class, Secret.empty());
    }

    /** {@return a builder for a list of records described by {@code codec} (default empty list)} */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <R> Builder<List<R>> ofList(String name, ListCodec<R> codec) {
        Builder<List<R>> b = new Builder<>(name, ParamKind.LIST, (Class) List.class, List.of());
        b.listCodec = codec;
        return b;
    }

    /** {@return a builder for a string-to-string map (default empty), e.g. column name to JSON pointer} */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Builder<Map<String, String>> ofDict(String name) {
        return new Builder<>(name, ParamKind.DICT, (Class) Map.class, Map.of());
    }

    // ---------------------------------------------------------------- accessors

    /** {@return the stable lowercase name used in graph files, e.g. {@code "maxlines"}} */
    public String name() {
        return name;
    }

    public ParamKind kind() {
        return kind;
    }

    /** {@return the Java type of values} */
    public Class<T> valueType() {
        return valueType;
    }

    /** {@return the display label, e.g. "Maximum Lines"} */
    public String label() {
        return label;
    }

    /** {@return help text for docs and {@code patchline ops NAME}; may be empty} */
    public String help() {
        return help;
    }

    /** {@return the value used when a graph does not set this parameter} */
    public T defaultValue() {
        return defaultValue;
    }

    /** {@return the inclusive lower bound of a numeric parameter, or null} */
    public Double min() {
        return min;
    }

    /** {@return the inclusive upper bound of a numeric parameter, or null} */
    public Double max() {
        return max;
    }

    /** {@return whether out-of-range values from expressions and binds are clamped (otherwise they are errors)} */
    public boolean clamp() {
        return clamp;
    }

    /** {@return menu entries in order (empty unless {@link ParamKind#MENU})} */
    public List<MenuEntry> menu() {
        return menu;
    }

    /** {@return the node family an {@link ParamKind#OPERATOR} parameter must point at, or null for any} */
    public Family operatorFamily() {
        return operatorFamily;
    }

    /** {@return the record codec of a {@link ParamKind#LIST} parameter, or null} */
    public ListCodec<?> listCodec() {
        return listCodec;
    }

    /**
     * {@return whether the value is the path of a file or folder} Such paths resolve against the graph's folder
     * and must stay in it (see {@code dev.patchline.runtime.files.PathPolicy}); graphs are checked for it.
     */
    public boolean isPath() {
        return path;
    }

    // ---------------------------------------------------------------- conversion and validation

    /**
     * Checks a value of the right Java type against range and menu.
     *
     * @return null when valid, otherwise a message naming this parameter
     */
    public String validate(Object value) {
        if (value == null) return "parameter '" + name + "' must not be null";
        if (!valueType.isInstance(value)) {
            return "parameter '" + name + "' expects " + expected() + ", got "
                    + value.getClass().getSimpleName();
        }
        if (kind == ParamKind.FLOAT || kind == ParamKind.INT) {
            double d = ((Number) value).doubleValue();
            if (kind == ParamKind.FLOAT && !Double.isFinite(d)) {
                return "parameter '" + name + "' must be a finite number, got " + value;
            }
            if ((min != null && d < min) || (max != null && d > max)) {
                return "parameter '" + name + "' must be " + rangeText() + ", got " + value;
            }
        }
        if (kind == ParamKind.MENU && !menuValues.contains(value)) {
            return "parameter '" + name + "' must be one of " + menuNames() + ", got '" + value + "'";
        }
        if (kind == ParamKind.LIST) {
            for (Object o : (List<?>) value) {
                if (!listCodec.recordType().isInstance(o)) {
                    return "parameter '" + name + "' holds "
                            + listCodec.recordType().getSimpleName() + " records, got "
                            + (o == null ? "null" : o.getClass().getSimpleName());
                }
            }
        }
        return null;
    }

    /**
     * Checks a value like {@link #validate(Object)}, then with the operator's own {@link ValueCheck} if it has one.
     * Used for constants of a graph being loaded or validated and for values set live.
     *
     * @param baseDir folder of the graph file for relative paths (null: the working directory)
     * @return null when valid, otherwise a message naming this parameter
     */
    @SuppressWarnings("unchecked")
    public String validate(Object value, Path baseDir) {
        String problem = validate(value);
        if (problem != null || check == null) return problem;
        String own;
        try {
            own = check.problem((T) value, baseDir);
        } catch (RuntimeException e) {
            own = "cannot be checked: " + e;
        }
        return own == null ? null : "parameter '" + name + "': " + own;
    }

    /** {@return whether the operator attached its own check of values ({@link Builder#validator})} */
    public boolean hasValueCheck() {
        return check != null;
    }

    /**
     * Converts a value computed by an expression, a bind or an environment variable (a number,
     * boolean, string, list or map) to this parameter's type, clamping when {@link #clamp()}.
     *
     * @throws ParameterValueException with a message naming this parameter
     */
    @SuppressWarnings("unchecked")
    public T coerce(Object raw) {
        return (T) ParameterValues.coerce(this, raw);
    }

    /**
     * Reads a constant from a graph file.
     *
     * @throws ParameterValueException with a message naming this parameter
     */
    @SuppressWarnings("unchecked")
    public T fromJson(JsonNode node) {
        return (T) ParameterValues.fromJson(this, node);
    }

    /** {@return the JSON form of {@code value}, the inverse of {@link #fromJson(JsonNode)}} */
    public JsonNode toJson(Object value) {
        return ParameterJson.toJson(this, value);
    }

    /** {@return a JSON Schema fragment for a constant value of this parameter} */
    public ObjectNode jsonSchema() {
        return ParameterJson.jsonSchema(this);
    }

    /** {@return what a valid value looks like, for messages: "an integer between 0 and 100"} */
    public String expected() {
        return switch (kind) {
            case FLOAT -> "a number" + (min != null || max != null ? " " + rangeText() : "");
            case INT -> "an integer" + (min != null || max != null ? " " + rangeText() : "");
            case TOGGLE, PULSE -> "true or false";
            case STRING, OPERATOR -> "a string";
            case MENU -> "one of " + menuNames();
            case SECRET -> "{\"env\": \"VARIABLE\"}";
            case LIST -> "a list of objects with fields " + fieldNames();
            case DICT -> "an object of string values";
        };
    }

    // ---------------------------------------------------------------- for ParameterValues and ParameterJson

    ParameterValueException bad(String what) {
        return new ParameterValueException("parameter '" + name + "' " + what);
    }

    String rangeText() {
        String lo = min == null ? null : fmt(min);
        String hi = max == null ? null : fmt(max);
        if (lo != null && hi != null) return "between " + lo + " and " + hi;
        if (lo != null) return "at least " + lo;
        if (hi != null) return "at most " + hi;
        return "within range";
    }

    private String fmt(double d) {
        return kind == ParamKind.INT || d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }

    String menuNames() {
        StringBuilder sb = new StringBuilder();
        for (MenuEntry m : menu)
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(m.name())
                    .append('\'');
        return sb.toString();
    }

    String fieldNames() {
        StringBuilder sb = new StringBuilder();
        for (ParameterDescriptor<?> f : listCodec.fields())
            sb.append(sb.length() == 0 ? "" : ", ").append(f.name());
        return sb.toString();
    }

    /** {@return the menu values in the order of {@link #menu()}: strings or enum constants} */
    List<T> menuValues() {
        return menuValues;
    }

    String menuNameOf(Enum<?> e) {
        int i = menuValues.indexOf(e);
        return i < 0 ? e.name().toLowerCase(Locale.ROOT) : menu.get(i).name();
    }

    Object menuValueOf(String text) {
        for (int i = 0; i < menu.size(); i++) {
            if (menu.get(i).name().equals(text)) return menuValues.get(i);
        }
        throw bad("must be one of " + menuNames() + ", got '" + text + "'");
    }

    private static String defaultLabel(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterDescriptor<?> d && d.name.equals(name) && d.kind == kind;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + " (" + kind.displayName() + ")";
    }

    /**
     * Builder of a descriptor; not thread-safe. Setters return the same builder.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String name;
        private final ParamKind kind;
        private final Class<T> valueType;
        private String label;
        private String help = "";
        private T defaultValue;
        private Double min;
        private Double max;
        private boolean clamp;
        private final List<MenuEntry> menu = new ArrayList<>();
        private final List<T> menuValues = new ArrayList<>();
        private Family operatorFamily;
        private ListCodec<?> listCodec;
        private ValueCheck<? super T> check;
        private boolean path;

        private Builder(String name, ParamKind kind, Class<T> valueType, T defaultValue) {
            if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
                throw new IllegalArgumentException("parameter name '" + name + "' must match " + NAME.pattern());
            }
            this.name = name;
            this.kind = kind;
            this.valueType = valueType;
            this.defaultValue = defaultValue;
        }

        public Builder<T> label(String label) {
            this.label = Objects.requireNonNull(label);
            return this;
        }

        public Builder<T> help(String help) {
            this.help = Objects.requireNonNull(help);
            return this;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = Objects.requireNonNull(value);
            return this;
        }

        /** Inclusive range of a numeric parameter; constants outside it are errors. */
        public Builder<T> range(double min, double max) {
            if (kind != ParamKind.FLOAT && kind != ParamKind.INT) throw new IllegalStateException("range on " + kind);
            this.min = min;
            this.max = max;
            return this;
        }

        /** Inclusive lower bound only. */
        public Builder<T> min(double min) {
            this.min = min;
            return this;
        }

        /**
         * Adds the operator's own check of values (a URL that must parse, a file that must exist), run on constants
         * at load and validation time and on values set live; see {@link ValueCheck}.
         */
        public Builder<T> validator(ValueCheck<? super T> check) {
            this.check = Objects.requireNonNull(check);
            return this;
        }

        /**
         * Marks a text parameter as the path of a file or folder the operator reads or writes; the operator resolves
         * it with {@code OperatorContext.resolvePath}, and validation refuses constants that lead out of the graph's
         * folder.
         */
        public Builder<T> path() {
            if (kind != ParamKind.STRING) throw new IllegalStateException("path on " + kind);
            this.path = true;
            return this;
        }

        /** Clamp values that expressions and binds produce into the range instead of reporting an error. */
        public Builder<T> clamp() {
            this.clamp = true;
            return this;
        }

        public ParameterDescriptor<T> build() {
            ParameterDescriptor<T> d = new ParameterDescriptor<>(this);
            if (kind != ParamKind.PULSE) {
                String problem = d.validate(defaultValue);
                if (problem != null) throw new IllegalStateException("default of " + problem);
            }
            return d;
        }
    }
}
