package dev.patchline.studio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.ParameterValueException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The studio's edit operations ({@code add}, {@code remove}, {@code rename}, {@code inputs}, {@code param},
 * {@code reset}, {@code move}, {@code comment}; {@code pulse} is collected apart because it changes no graph) as pure
 * transforms of a {@link Graph}: {@link #apply} returns the graph the ops lead to, or throws {@link EditRejected}
 * naming the op and what is wrong. The result is not validated here; the caller validates the whole target as the
 * runtime would. Stateless; thread-safe.
 */
final class GraphEdits {

    /** The target graph of a list of ops, and the pulses to fire once it is applied. */
    record Result(Graph graph, List<Pulse> pulses) {}

    /** A pulse parameter to fire. */
    record Pulse(String id, String name) {}

    private final OperatorRegistry registry;

    GraphEdits(OperatorRegistry registry) {
        this.registry = registry;
    }

    Result apply(Graph current, JsonNode ops) throws EditRejected {
        if (ops == null || !ops.isArray()) throw EditRejected.of(null, null, "\"ops\" must be an array of edit ops");
        Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        for (NodeSpec n : current.nodes()) nodes.put(n.id(), n);
        List<Pulse> pulses = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            String kind = op.path("op").asText("");
            String id = op.path("id").isTextual() ? op.get("id").textValue() : null;
            switch (kind) {
                case "add" -> add(nodes, op.path("node"), i);
                case "remove" -> remove(nodes, existing(nodes, id, i));
                case "rename" -> rename(nodes, existing(nodes, id, i), text(op, "to", id, i));
                case "inputs" -> nodes.put(id, existing(nodes, id, i).withInputs(ids(op.path("inputs"), id, i)));
                case "param" -> {
                    NodeSpec n = existing(nodes, id, i);
                    String name = text(op, "name", id, i);
                    nodes.put(id, n.withParam(name, paramValue(n, name, op.get("value"), i)));
                }
                case "reset" -> {
                    NodeSpec n = existing(nodes, id, i);
                    String name = text(op, "name", id, i);
                    descriptor(n, name, i);
                    nodes.put(id, n.withParam(name, null));
                }
                case "pulse" -> {
                    NodeSpec n = existing(nodes, id, i);
                    String name = text(op, "name", id, i);
                    if (descriptor(n, name, i).kind() != ParamKind.PULSE)
                        throw EditRejected.of(id, name, "op " + i + ": '" + name + "' is not a pulse parameter");
                    pulses.add(new Pulse(id, name));
                }
                case "move" -> {
                    NodeSpec n = existing(nodes, id, i);
                    nodes.put(
                            id,
                            new NodeSpec(
                                    n.id(),
                                    n.type(),
                                    n.params(),
                                    n.inputs(),
                                    n.callbacks(),
                                    number(op, "x", id, i),
                                    number(op, "y", id, i),
                                    n.comment()));
                }
                case "comment" -> {
                    NodeSpec n = existing(nodes, id, i);
                    JsonNode t = op.get("text");
                    if (t != null && !t.isNull() && !t.isTextual())
                        throw EditRejected.of(id, null, "op " + i + ": \"text\" must be a string");
                    String comment = t == null || t.isNull() || t.textValue().isEmpty() ? null : t.textValue();
                    nodes.put(
                            id,
                            new NodeSpec(
                                    n.id(), n.type(), n.params(), n.inputs(), n.callbacks(), n.x(), n.y(), comment));
                }
                default ->
                    throw EditRejected.of(
                            id,
                            null,
                            "op " + i + ": unknown op '" + kind
                                    + "'; ops are add, remove, rename, inputs, param, reset, pulse, move, comment");
            }
        }
        return new Result(new Graph(new ArrayList<>(nodes.values()), current.comment()), pulses);
    }

    private void add(Map<String, NodeSpec> nodes, JsonNode n, int i) throws EditRejected {
        if (!n.isObject()) throw EditRejected.of(null, null, "op " + i + ": \"node\" must be an object");
        String id = text(n, "id", null, i);
        String typeId = text(n, "type", id, i);
        if (nodes.containsKey(id)) throw EditRejected.of(id, null, "op " + i + ": a node '" + id + "' exists already");
        OperatorType type =
                registry.find(registry.renamedTo(typeId).orElse(typeId)).orElse(null);
        if (type == null) {
            List<String> close = registry.suggest(typeId);
            throw EditRejected.of(
                    id,
                    null,
                    "op " + i + ": unknown operator type '" + typeId + "'"
                            + (close.isEmpty() ? "" : "; did you mean '" + close.get(0) + "'?"));
        }
        NodeSpec spec = NodeSpec.of(id, type.id());
        JsonNode params = n.path("params");
        if (!params.isMissingNode() && !params.isObject())
            throw EditRejected.of(id, null, "op " + i + ": \"params\" must be an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            spec = spec.withParam(e.getKey(), paramValue(spec, e.getKey(), e.getValue(), i));
        }
        if (n.has("inputs")) spec = spec.withInputs(ids(n.get("inputs"), id, i));
        CallbackSpec callbacks = null;
        JsonNode cb = n.get("callbacks");
        if (cb != null && !cb.isNull()) {
            if (cb.isTextual()) callbacks = CallbackSpec.file(cb.textValue());
            else if (cb.path("inline").isTextual())
                callbacks = CallbackSpec.inline(cb.get("inline").textValue());
            else if (cb.path("file").isTextual())
                callbacks = CallbackSpec.file(cb.get("file").textValue());
            else
                throw EditRejected.of(
                        id, null, "op " + i + ": \"callbacks\" must be a path, {\"file\": …} or {\"inline\": …}");
        }
        String comment = n.path("comment").isTextual() ? n.get("comment").textValue() : null;
        nodes.put(
                id,
                new NodeSpec(
                        id,
                        spec.type(),
                        spec.params(),
                        spec.inputs(),
                        callbacks,
                        number(n, "x", id, i),
                        number(n, "y", id, i),
                        comment));
    }

    private static void remove(Map<String, NodeSpec> nodes, NodeSpec gone) {
        nodes.remove(gone.id());
        nodes.replaceAll((k, n) -> n.inputs().contains(gone.id())
                ? n.withInputs(
                        n.inputs().stream().filter(in -> !in.equals(gone.id())).toList())
                : n);
    }

    private void rename(Map<String, NodeSpec> nodes, NodeSpec n, String to) throws EditRejected {
        if (nodes.containsKey(to)) throw EditRejected.of(n.id(), null, "cannot rename to '" + to + "': it exists");
        Map<String, NodeSpec> renamed = new LinkedHashMap<>();
        for (NodeSpec other : nodes.values()) {
            NodeSpec r = other == n
                    ? new NodeSpec(to, n.type(), n.params(), n.inputs(), n.callbacks(), n.x(), n.y(), n.comment())
                    : other;
            if (r.inputs().contains(n.id()))
                r = r.withInputs(r.inputs().stream()
                        .map(in -> in.equals(n.id()) ? to : in)
                        .toList());
            r = retarget(r, n.id(), to);
            renamed.put(r.id(), r);
        }
        nodes.clear();
        nodes.putAll(renamed);
    }

    /** {@return {@code n} with operator parameters and binds that name {@code from} naming {@code to}} */
    private NodeSpec retarget(NodeSpec n, String from, String to) {
        OperatorType type = registry.find(n.type()).orElse(null);
        NodeSpec r = n;
        for (Map.Entry<String, ParamValue> e : n.params().entrySet()) {
            ParameterDescriptor<?> d = type == null ? null : type.parameter(e.getKey());
            if (e.getValue() instanceof ParamValue.Constant c
                    && d != null
                    && d.kind() == ParamKind.OPERATOR
                    && from.equals(c.value())) {
                r = r.withParam(e.getKey(), ParamValue.constant(to));
            } else if (e.getValue() instanceof ParamValue.Bind b && b.nodeId().equals(from)) {
                r = r.withParam(e.getKey(), ParamValue.bind(to + b.target().substring(from.length())));
            }
        }
        return r;
    }

    private ParamValue paramValue(NodeSpec n, String name, JsonNode v, int i) throws EditRejected {
        ParameterDescriptor<?> d = descriptor(n, name, i);
        if (v == null || v.isNull())
            throw EditRejected.of(n.id(), name, "op " + i + ": a value is needed (use the reset op for the default)");
        if (v.isObject() && v.size() == 1) {
            String key = v.fieldNames().next();
            JsonNode text = v.get(key);
            if (key.equals("expr") || key.equals("bind") || key.equals("env")) {
                if (!text.isTextual())
                    throw EditRejected.of(n.id(), name, "op " + i + ": \"" + key + "\" must be a string");
                return switch (key) {
                    case "expr" -> ParamValue.expr(text.textValue());
                    case "bind" -> ParamValue.bind(text.textValue());
                    default -> ParamValue.env(text.textValue());
                };
            }
        }
        if (d.kind() == ParamKind.SECRET)
            throw EditRejected.of(
                    n.id(), name, "op " + i + ": a secret is set only from the environment: {\"env\": \"NAME\"}");
        try {
            return ParamValue.constant(d.fromJson(v));
        } catch (ParameterValueException e) {
            throw EditRejected.of(n.id(), name, "op " + i + ": " + e.getMessage());
        }
    }

    private ParameterDescriptor<?> descriptor(NodeSpec n, String name, int i) throws EditRejected {
        OperatorType type = registry.find(n.type()).orElse(null);
        ParameterDescriptor<?> d = type == null ? null : type.parameter(name);
        if (d == null)
            throw EditRejected.of(
                    n.id(), name, "op " + i + ": " + n.type() + " '" + n.id() + "' has no parameter '" + name + "'");
        return d;
    }

    private static NodeSpec existing(Map<String, NodeSpec> nodes, String id, int i) throws EditRejected {
        if (id == null) throw EditRejected.of(null, null, "op " + i + ": \"id\" (a node id) is missing");
        NodeSpec n = nodes.get(id);
        if (n == null) throw EditRejected.of(id, null, "op " + i + ": no node '" + id + "'");
        return n;
    }

    private static String text(JsonNode o, String key, String id, int i) throws EditRejected {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual() || v.textValue().isEmpty())
            throw EditRejected.of(id, null, "op " + i + ": \"" + key + "\" must be a non-empty string");
        return v.textValue();
    }

    private static Double number(JsonNode o, String key, String id, int i) throws EditRejected {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw EditRejected.of(id, null, "op " + i + ": \"" + key + "\" must be a number");
        return v.doubleValue();
    }

    private static List<String> ids(JsonNode a, String id, int i) throws EditRejected {
        if (!a.isArray()) throw EditRejected.of(id, null, "op " + i + ": \"inputs\" must be an array of node ids");
        List<String> out = new ArrayList<>();
        for (JsonNode v : a) {
            if (!v.isTextual()) throw EditRejected.of(id, null, "op " + i + ": an input must be a node id string");
            out.add(v.textValue());
        }
        return out;
    }

    /** {@return validation problems as nack errors: the node id from the pointer's index, the parameter if named} */
    static List<EditError> errors(Graph graph, List<GraphProblem> problems) {
        List<EditError> out = new ArrayList<>();
        for (GraphProblem p : problems) {
            String[] parts = p.pointer().split("/");
            String id = null;
            String param = null;
            if (parts.length > 2 && parts[1].equals("nodes")) {
                try {
                    int index = Integer.parseInt(parts[2]);
                    if (index < graph.nodes().size())
                        id = graph.nodes().get(index).id();
                } catch (NumberFormatException notAnIndex) {
                    // a pointer outside the node list: no node to name
                }
                if (parts.length > 4 && parts[3].equals("params"))
                    param = parts[4].replace("~1", "/").replace("~0", "~");
            }
            out.add(new EditError(id, param, p.pointer().isEmpty() ? p.message() : p.pointer() + ": " + p.message()));
        }
        return out;
    }
}
