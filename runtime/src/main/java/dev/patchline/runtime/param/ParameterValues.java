package dev.patchline.runtime.param;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Values into a parameter's type: values computed at run time (expressions, binds, environment variables) and
 * constants read from graph files, converted, clamped where the parameter says so and checked against its range and
 * menu. Every error is a {@link ParameterValueException} naming the parameter and what was expected. Stateless.
 */
final class ParameterValues {
    private ParameterValues() {}

    /** See {@link ParameterDescriptor#coerce(Object)}. */
    static Object coerce(ParameterDescriptor<?> p, Object raw) {
        if (raw == null) throw new ParameterValueException("parameter '" + p.name() + "' got null");
        ParamKind kind = p.kind();
        Object v;
        switch (kind) {
            case FLOAT -> v = toDouble(p, raw);
            case INT -> v = toInt(p, raw);
            case TOGGLE, PULSE -> v = toBoolean(p, raw);
            case STRING, OPERATOR -> v = String.valueOf(raw);
            case MENU -> v = p.menuValueOf(String.valueOf(raw instanceof Enum<?> e ? p.menuNameOf(e) : raw));
            case SECRET -> v = raw instanceof Secret ? raw : Secret.of(String.valueOf(raw));
            case LIST, DICT -> {
                if (!p.valueType().isInstance(raw)) {
                    throw p.bad("expects " + p.expected() + ", got " + describe(raw));
                }
                v = raw;
            }
            default -> throw new IllegalStateException(kind.name());
        }
        if (p.clamp() && (kind == ParamKind.FLOAT || kind == ParamKind.INT)) v = clampValue(p, (Number) v);
        String problem = p.validate(v);
        if (problem != null) throw new ParameterValueException(problem);
        return v;
    }

    /** See {@link ParameterDescriptor#fromJson(JsonNode)}. */
    static Object fromJson(ParameterDescriptor<?> p, JsonNode node) {
        ParamKind kind = p.kind();
        Object v;
        switch (kind) {
            case FLOAT -> {
                if (!node.isNumber()) throw p.bad("expects a number, got " + describe(node));
                v = node.doubleValue();
            }
            case INT -> {
                if (!node.isIntegralNumber()
                        && !(node.isNumber() && node.doubleValue() == Math.rint(node.doubleValue()))) {
                    throw p.bad("expects an integer, got " + describe(node));
                }
                if (!node.canConvertToInt()) throw p.bad("must be " + p.rangeText() + ", got " + node.asText());
                v = node.intValue();
            }
            case TOGGLE -> {
                if (!node.isBoolean()) throw p.bad("expects true or false, got " + describe(node));
                v = node.booleanValue();
            }
            case STRING, OPERATOR -> {
                if (!node.isTextual()) throw p.bad("expects a string, got " + describe(node));
                v = node.textValue();
            }
            case MENU -> {
                if (!node.isTextual()) throw p.bad("expects one of " + p.menuNames() + ", got " + describe(node));
                v = p.menuValueOf(node.textValue());
            }
            case PULSE -> throw p.bad("is a pulse and has no stored value; fire it at run time instead");
            case SECRET ->
                throw p.bad("is a secret: write {\"env\": \"VARIABLE\"} instead of a literal value,"
                        + " so the secret never lands in the graph file");
            case DICT -> v = dictFromJson(p, node);
            case LIST -> v = listFromJson(p, node);
            default -> throw new IllegalStateException(kind.name());
        }
        String problem = p.validate(v);
        if (problem != null) throw new ParameterValueException(problem);
        return v;
    }

    /** {@return how a value shows in messages: {@code string "x"}, {@code number 3}, {@code an array}, ...} */
    static String describe(Object raw) {
        if (raw instanceof JsonNode n) {
            if (n.isTextual()) return "string \"" + n.textValue() + "\"";
            if (n.isNumber()) return "number " + n.asText();
            if (n.isBoolean()) return n.asText();
            if (n.isNull()) return "null";
            if (n.isArray()) return "an array";
            if (n.isObject()) return "an object";
            return n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        if (raw instanceof String s) return "\"" + s + "\"";
        return raw.getClass().getSimpleName() + " " + raw;
    }

    private static Number clampValue(ParameterDescriptor<?> p, Number n) {
        double d = n.doubleValue();
        if (p.min() != null && d < p.min()) d = p.min();
        if (p.max() != null && d > p.max()) d = p.max();
        return p.kind() == ParamKind.INT ? (Number) (int) d : (Number) d;
    }

    private static Double toDouble(ParameterDescriptor<?> p, Object raw) {
        if (raw instanceof Number n) return n.doubleValue();
        if (raw instanceof Boolean b) return b ? 1.0 : 0.0;
        try {
            return Double.parseDouble(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
            throw p.bad("expects a number, got " + describe(raw));
        }
    }

    private static Integer toInt(ParameterDescriptor<?> p, Object raw) {
        if (raw instanceof Integer i) return i;
        if (raw instanceof Boolean b) return b ? 1 : 0;
        double d = toDouble(p, raw);
        if (!p.clamp() && (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE))
            throw p.bad("must be " + p.rangeText() + ", got " + raw);
        return (int) Math.round(d);
    }

    private static Boolean toBoolean(ParameterDescriptor<?> p, Object raw) {
        if (raw instanceof Boolean b) return b;
        if (raw instanceof Number n) return n.doubleValue() != 0.0;
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no", "" -> false;
            default -> throw p.bad("expects true or false, got " + describe(raw));
        };
    }

    private static Map<String, String> dictFromJson(ParameterDescriptor<?> p, JsonNode node) {
        if (!node.isObject()) throw p.bad("expects an object of string values, got " + describe(node));
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw p.bad("expects string values, but '" + e.getKey() + "' is " + describe(e.getValue()));
            }
            m.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(m);
    }

    private static List<Object> listFromJson(ParameterDescriptor<?> p, JsonNode node) {
        if (!node.isArray()) throw p.bad("expects " + p.expected() + ", got " + describe(node));
        ListCodec<?> codec = p.listCodec();
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode el = node.get(i);
            if (!el.isObject()) {
                throw p.bad("item " + i + " must be an object with fields " + p.fieldNames() + ", got " + describe(el));
            }
            ListItem.Builder item = ListItem.builder();
            for (Iterator<String> it = el.fieldNames(); it.hasNext(); ) {
                String fieldName = it.next();
                if (field(codec, fieldName) == null) {
                    throw p.bad(
                            "item " + i + " has unknown field '" + fieldName + "'; valid fields: " + p.fieldNames());
                }
            }
            for (ParameterDescriptor<?> f : codec.fields()) {
                JsonNode v = el.get(f.name());
                if (v != null) putField(p, item, f, v, i);
            }
            out.add(codec.fromItem(item.build()));
        }
        return Collections.unmodifiableList(out);
    }

    private static <V> void putField(
            ParameterDescriptor<?> p, ListItem.Builder item, ParameterDescriptor<V> f, JsonNode v, int index) {
        try {
            item.set(f, f.fromJson(v));
        } catch (ParameterValueException e) {
            throw p.bad("item " + index + ": " + e.getMessage());
        }
    }

    private static ParameterDescriptor<?> field(ListCodec<?> codec, String fieldName) {
        for (ParameterDescriptor<?> f : codec.fields()) if (f.name().equals(fieldName)) return f;
        return null;
    }
}
