package dev.patchline.runtime.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of a parameter: a value as graph files write it, and the JSON Schema fragment that describes its
 * constants. The inverse of {@link ParameterValues#fromJson}. Stateless.
 */
final class ParameterJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ParameterJson() {}

    /** See {@link ParameterDescriptor#toJson(Object)}. */
    static JsonNode toJson(ParameterDescriptor<?> p, Object value) {
        switch (p.kind()) {
            case FLOAT -> {
                return JSON.numberNode(((Number) value).doubleValue());
            }
            case INT -> {
                return JSON.numberNode(((Number) value).intValue());
            }
            case TOGGLE, PULSE -> {
                return JSON.booleanNode((Boolean) value);
            }
            case STRING, OPERATOR -> {
                return JSON.textNode((String) value);
            }
            case MENU -> {
                return JSON.textNode(value instanceof Enum<?> e ? p.menuNameOf(e) : (String) value);
            }
            case SECRET -> throw new IllegalArgumentException("secret '" + p.name() + "' is never written as a value");
            case DICT -> {
                ObjectNode o = JSON.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> o.put(String.valueOf(k), String.valueOf(v)));
                return o;
            }
            case LIST -> {
                return listToJson(p, (List<?>) value);
            }
            default -> throw new IllegalStateException(p.kind().name());
        }
    }

    /** See {@link ParameterDescriptor#jsonSchema()}. */
    static ObjectNode jsonSchema(ParameterDescriptor<?> p) {
        ParamKind kind = p.kind();
        ObjectNode s = JSON.objectNode();
        s.put("title", p.label());
        if (!p.help().isEmpty()) s.put("description", p.help());
        switch (kind) {
            case FLOAT, INT -> {
                s.put("type", kind == ParamKind.INT ? "integer" : "number");
                if (p.min() != null) {
                    if (kind == ParamKind.INT) s.put("minimum", p.min().longValue());
                    else s.put("minimum", p.min());
                }
                if (p.max() != null) {
                    if (kind == ParamKind.INT) s.put("maximum", p.max().longValue());
                    else s.put("maximum", p.max());
                }
            }
            case TOGGLE -> s.put("type", "boolean");
            case STRING, OPERATOR -> s.put("type", "string");
            case MENU -> {
                ArrayNode e = s.putArray("enum");
                p.menu().forEach(m -> e.add(m.name()));
            }
            case DICT -> {
                s.put("type", "object");
                s.putObject("additionalProperties").put("type", "string");
            }
            case LIST -> {
                s.put("type", "array");
                ObjectNode item = s.putObject("items");
                item.put("type", "object");
                item.put("additionalProperties", false);
                ObjectNode props = item.putObject("properties");
                for (ParameterDescriptor<?> f : p.listCodec().fields()) props.set(f.name(), f.jsonSchema());
            }
            case PULSE, SECRET -> {
                /* no constant form; see GraphSchema */
            }
            default -> throw new IllegalStateException(kind.name());
        }
        if (kind != ParamKind.PULSE && kind != ParamKind.SECRET) s.set("default", toJson(p, p.defaultValue()));
        return s;
    }

    @SuppressWarnings("unchecked")
    private static ArrayNode listToJson(ParameterDescriptor<?> p, List<?> list) {
        ArrayNode a = JSON.arrayNode();
        ListCodec<Object> codec = (ListCodec<Object>) p.listCodec();
        for (Object record : list) {
            ListItem item = codec.toItem(record);
            ObjectNode o = a.addObject();
            for (ParameterDescriptor<?> f : codec.fields()) {
                Object v = item.fields().get(f.name());
                if (v != null) o.set(f.name(), f.toJson(v));
            }
        }
        return a;
    }
}
