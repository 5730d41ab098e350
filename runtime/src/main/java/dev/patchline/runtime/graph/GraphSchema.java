package dev.patchline.runtime.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParameterDescriptor;

/**
 * Generates a JSON Schema (draft 2020-12) for graph files from the operator types' descriptors, so
 * editors can complete and check graphs. The schema is a convenience: the runtime's own validation
 * ({@link GraphValidator}) is stricter (wires, families, cycles, expressions). Thread-safe.
 */
public final class GraphSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GraphSchema() {}

    /** {@return the schema for graphs using the operator types of {@code registry}} */
    public static ObjectNode generate(OperatorRegistry registry) {
        ObjectNode s = JSON.objectNode();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("$id", "https://patchline.dev/schema/graph-" + Graph.FORMAT_VERSION + ".json");
        s.put("title", "Patchline graph");
        s.put("type", "object");
        s.putArray("required").add("patchline").add("nodes");
        s.put("additionalProperties", false);
        ObjectNode props = s.putObject("properties");
        props.putObject("patchline").put("const", Graph.FORMAT_VERSION).put("description", "graph format version");
        props.putObject("comment").put("type", "string");
        ObjectNode nodes = props.putObject("nodes");
        nodes.put("type", "array");
        nodes.putObject("items").put("$ref", "#/$defs/node");

        ObjectNode defs = s.putObject("$defs");
        defs.set("expr", mode("expr", "Groovy expression, re-evaluated when what it reads changes"));
        defs.set("bind", mode("bind", "\"node/channel\" or \"node/row/column\" that drives the value"));
        defs.set("env", mode("env", "environment variable read when the patch starts"));

        ObjectNode node = defs.putObject("node");
        node.put("type", "object");
        node.putArray("required").add("id").add("type");
        node.put("additionalProperties", false);
        ObjectNode np = node.putObject("properties");
        np.putObject("id").put("type", "string").put("pattern", "^[A-Za-z_][A-Za-z0-9_]*$");
        ArrayNode ids = np.putObject("type").putArray("enum");
        for (OperatorType t : registry.all()) ids.add(t.id());
        np.putObject("params").put("type", "object");
        np.putObject("inputs").put("type", "array").putObject("items").put("type", "string");
        ArrayNode cb = np.putObject("callbacks").putArray("oneOf");
        cb.addObject().put("type", "string").put("description", "Groovy file relative to the graph file");
        ObjectNode inline = cb.addObject();
        inline.put("type", "object").put("additionalProperties", false);
        inline.putArray("required").add("inline");
        inline.putObject("properties").putObject("inline").put("type", "string");
        ObjectNode file = cb.addObject();
        file.put("type", "object").put("additionalProperties", false);
        file.putArray("required").add("file");
        file.putObject("properties").putObject("file").put("type", "string");
        np.putObject("x").put("type", "number");
        np.putObject("y").put("type", "number");
        np.putObject("comment").put("type", "string");

        ArrayNode allOf = node.putArray("allOf");
        for (OperatorType t : registry.all()) {
            String def = "params_" + t.id();
            ObjectNode rule = allOf.addObject();
            rule.putObject("if").putObject("properties").putObject("type").put("const", t.id());
            rule.putObject("then").putObject("properties").putObject("params").put("$ref", "#/$defs/" + def);
            defs.set(def, params(t));
        }
        return s;
    }

    private static ObjectNode params(OperatorType t) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        o.put("description", t.doc().summary());
        o.put("additionalProperties", false);
        ObjectNode props = o.putObject("properties");
        for (ParameterDescriptor<?> d : t.parameters()) {
            if (d.kind() == ParamKind.PULSE) continue; // pulses have no stored value
            ObjectNode p = props.putObject(d.name());
            if (d.kind() == ParamKind.SECRET) {
                p.put("title", d.label());
                if (!d.help().isEmpty()) p.put("description", d.help());
                p.put("$ref", "#/$defs/env");
                continue;
            }
            ArrayNode any = p.putArray("anyOf");
            any.add(d.jsonSchema());
            any.addObject().put("$ref", "#/$defs/expr");
            if (d.kind() != ParamKind.LIST && d.kind() != ParamKind.DICT)
                any.addObject().put("$ref", "#/$defs/bind");
            any.addObject().put("$ref", "#/$defs/env");
        }
        return o;
    }

    private static ObjectNode mode(String key, String description) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        o.put("description", description);
        o.put("additionalProperties", false);
        o.putArray("required").add(key);
        o.putObject("properties").putObject(key).put("type", "string");
        return o;
    }
}
