package dev.patchline.runtime.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.ParameterValueException;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.script.GroovyBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes graph files:
 *
 * <pre>{@code
 * {"patchline": 1, "comment": "...", "nodes": [
 *   {"id": "sel", "type": "select", "inputs": ["src"], "callbacks": "callbacks/sel.groovy",
 *    "params": {"rows": 10, "gain": {"expr": "op('lfo').channels.value('chan1')"},
 *               "level": {"bind": "lfo/chan1"}, "password": {"env": "MQTT_PASSWORD"}},
 *    "x": 100, "y": 40, "comment": "..."}]}
 * }</pre>
 *
 * Reading validates everything (structure, then {@link GraphValidator}) and throws one
 * {@link GraphException} listing every problem with JSON pointer and line:column, in file order.
 *
 * <p>Writing produces the same model when read back, in a stable layout so that a saved file diffs well: the
 * top-level keys in the order {@code patchline, comment, nodes}; each node's keys in the order {@code id, type,
 * params, inputs, callbacks, x, y, comment} (absent ones left out); the nodes in graph order and each node's
 * parameters in the order of its {@link NodeSpec#params()} (for a graph read from a file: the file's order; a
 * parameter set later comes last). Comments are kept. A secret is written only as {@code {"env": ...}}, never its
 * value: a secret set in code (not from the environment) is left out. {@link #save} replaces the file atomically.
 * Thread-safe.
 */
public final class GraphJson {
    private static final Logger LOG = LoggerFactory.getLogger(GraphJson.class);
    private static final Set<String> TOP_KEYS = Set.of("patchline", "comment", "nodes");
    private static final List<String> NODE_KEYS =
            List.of("id", "type", "params", "inputs", "callbacks", "x", "y", "comment");
    private static final Set<String> MODE_KEYS = Set.of("expr", "bind", "env");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GraphJson() {}

    /**
     * Reads and validates a graph file; paths (callbacks, file parameters) resolve against the file's folder and
     * must stay in it, {@code {"env"}} parameters resolve against the process environment.
     *
     * @throws GraphException every problem, or one problem when the file cannot be read
     */
    public static Graph load(Path file, OperatorRegistry registry) {
        return load(file, registry, List.of());
    }

    /** Like {@link #load(Path, OperatorRegistry)}, letting the graph use files in {@code allowedPaths} too. */
    public static Graph load(Path file, OperatorRegistry registry, List<Path> allowedPaths) {
        return load(file, registry, fileContext(file, allowedPaths));
    }

    /**
     * {@return the validation context {@link #load(Path, OperatorRegistry, List)} uses for {@code file}} Paths resolve
     * against the file's folder and must stay in it or in {@code allowedPaths}; {@code {"env"}} parameters resolve
     * against the process environment. For reading the file's text again, as a file watcher does, with the same rules.
     */
    public static GraphValidator.Context fileContext(Path file, List<Path> allowedPaths) {
        Path dir = file.toAbsolutePath().getParent();
        return GraphValidator.Context.of(System.getenv(), dir, new GroovyBridge())
                .allowing(allowedPaths);
    }

    /** Like {@link #load(Path, OperatorRegistry)} with an explicit validation context. */
    public static Graph load(Path file, OperatorRegistry registry, GraphValidator.Context context) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GraphException(file.toString(), List.of(new GraphProblem("", 0, 0, "file not found")));
        } catch (IOException e) {
            throw new GraphException(
                    file.toString(), List.of(new GraphProblem("", 0, 0, "cannot read file: " + e.getMessage())));
        }
        return read(text, file.toString(), registry, context);
    }

    /**
     * Reads and validates graph JSON.
     *
     * @param source name for messages (file name), or null
     * @throws GraphException listing every problem in file order
     */
    public static Graph read(String json, String source, OperatorRegistry registry, GraphValidator.Context context) {
        List<GraphProblem> problems = new ArrayList<>();
        LocatedJson doc = LocatedJson.parse(json, problems);
        if (doc == null) throw new GraphException(source, problems);
        Graph graph = toModel(doc.root, registry, problems);
        if (graph != null) problems.addAll(GraphValidator.validate(graph, registry, context));
        if (!problems.isEmpty()) {
            List<GraphProblem> located = new ArrayList<>();
            for (GraphProblem p : problems) located.add(doc.locate(p));
            located.sort(Comparator.comparingInt(GraphProblem::line).thenComparingInt(GraphProblem::column));
            throw new GraphException(source, located);
        }
        return graph;
    }

    // ------------------------------------------------------------------ reading

    private static Graph toModel(JsonNode root, OperatorRegistry registry, List<GraphProblem> out) {
        if (!root.isObject()) {
            out.add(problem(
                    "",
                    "a graph file must be a JSON object like {\"patchline\": 1, \"nodes\": [...]}, got " + kind(root)));
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                out.add(problem(
                        "/" + GraphValidator.escape(key),
                        "unknown key '" + key + "'" + near(key, List.of("patchline", "comment", "nodes"))
                                + "; valid keys: patchline, comment, nodes"));
            }
        }
        JsonNode version = root.get("patchline");
        if (version == null) {
            out.add(problem("", "missing \"patchline\": 1 (the graph format version)"));
        } else if (!version.isIntegralNumber() || version.intValue() != Graph.FORMAT_VERSION) {
            out.add(problem(
                    "/patchline",
                    "unsupported graph format version " + version + "; this Patchline reads version "
                            + Graph.FORMAT_VERSION));
        }
        String comment = null;
        JsonNode c = root.get("comment");
        if (c != null) {
            if (c.isTextual()) comment = c.textValue();
            else out.add(problem("/comment", "\"comment\" must be a string, got " + kind(c)));
        }
        JsonNode nodes = root.get("nodes");
        if (nodes == null) {
            out.add(problem("", "missing \"nodes\": [...] (the list of nodes)"));
            return null;
        }
        if (!nodes.isArray()) {
            out.add(problem("/nodes", "\"nodes\" must be an array of node objects, got " + kind(nodes)));
            return null;
        }
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec n = toNode(nodes.get(i), "/nodes/" + i, registry, out);
            if (n != null) specs.add(n);
        }
        // Node indexes in pointers must match the file, so a graph with a dropped node is not validated further.
        return specs.size() == nodes.size() ? new Graph(specs, comment) : null;
    }

    /** {@return the current id for a renamed operator type, warning once per node; other ids unchanged} */
    static String currentId(String type, String at, OperatorRegistry registry) {
        String current = registry.renamedTo(type).orElse(null);
        if (current == null) return type;
        LOG.warn("{}: operator type '{}' is deprecated, use '{}' (it loads the same operator)", at, type, current);
        return current;
    }

    private static NodeSpec toNode(JsonNode n, String at, OperatorRegistry registry, List<GraphProblem> out) {
        if (!n.isObject()) {
            out.add(problem(at, "a node must be an object with \"id\" and \"type\", got " + kind(n)));
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!NODE_KEYS.contains(key)) {
                out.add(problem(
                        at + "/" + GraphValidator.escape(key),
                        "unknown key '" + key + "'" + near(key, NODE_KEYS) + "; valid keys: "
                                + String.join(", ", NODE_KEYS)));
            }
        }
        String id = requiredString(n, "id", at, out);
        String type = requiredString(n, "type", at, out);
        if (id == null || type == null) return null;
        type = currentId(type, at + "/type", registry);
        OperatorType t = registry.find(type).orElse(null);

        Map<String, ParamValue> params = new LinkedHashMap<>();
        JsonNode ps = n.get("params");
        if (ps != null) {
            if (!ps.isObject()) {
                out.add(problem(
                        at + "/params", "\"params\" must be an object of parameter name to value, got " + kind(ps)));
            } else if (t != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String where = at + "/params/" + GraphValidator.escape(e.getKey());
                    ParameterDescriptor<?> d = t.parameter(e.getKey());
                    if (d == null) {
                        out.add(problem(where, GraphValidator.unknownParameter(e.getKey(), t)));
                        continue;
                    }
                    ParamValue v = toParamValue(d, e.getValue(), where, out);
                    if (v != null) params.put(e.getKey(), v);
                }
            }
        }
        List<String> inputs = new ArrayList<>();
        JsonNode in = n.get("inputs");
        if (in != null) {
            if (!in.isArray()) {
                out.add(problem(at + "/inputs", "\"inputs\" must be an array of node ids, got " + kind(in)));
            } else {
                for (int k = 0; k < in.size(); k++) {
                    if (in.get(k).isTextual()) {
                        inputs.add(in.get(k).textValue());
                    } else {
                        out.add(problem(
                                at + "/inputs/" + k, "an input must be a node id string, got " + kind(in.get(k))));
                    }
                }
            }
        }
        CallbackSpec callbacks = null;
        JsonNode cb = n.get("callbacks");
        if (cb != null) callbacks = toCallbacks(cb, at + "/callbacks", out);
        Double x = number(n, "x", at, out);
        Double y = number(n, "y", at, out);
        String comment = null;
        JsonNode c = n.get("comment");
        if (c != null) {
            if (c.isTextual()) comment = c.textValue();
            else out.add(problem(at + "/comment", "\"comment\" must be a string, got " + kind(c)));
        }
        return new NodeSpec(id, type, params, inputs, callbacks, x, y, comment);
    }

    private static ParamValue toParamValue(ParameterDescriptor<?> d, JsonNode v, String where, List<GraphProblem> out) {
        if (v.isObject() && v.size() >= 1 && anyModeKey(v)) {
            if (v.size() != 1) {
                out.add(problem(
                        where,
                        "a mode object has exactly one key, \"expr\", \"bind\" or \"env\"; found "
                                + String.join(", ", iterable(v.fieldNames()))));
                return null;
            }
            String key = v.fieldNames().next();
            JsonNode text = v.get(key);
            if (!text.isTextual()) {
                out.add(problem(where + "/" + key, "\"" + key + "\" must be a string, got " + kind(text)));
                return null;
            }
            return switch (key) {
                case "expr" -> ParamValue.expr(text.textValue());
                case "bind" -> ParamValue.bind(text.textValue());
                default -> ParamValue.env(text.textValue());
            };
        }
        try {
            return ParamValue.constant(d.fromJson(v));
        } catch (ParameterValueException e) {
            out.add(problem(where, e.getMessage()));
            return null;
        }
    }

    private static boolean anyModeKey(JsonNode v) {
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) if (MODE_KEYS.contains(it.next())) return true;
        return false;
    }

    private static CallbackSpec toCallbacks(JsonNode cb, String where, List<GraphProblem> out) {
        if (cb.isTextual()) return CallbackSpec.file(cb.textValue());
        if (cb.isObject() && cb.size() == 1 && (cb.has("inline") || cb.has("file"))) {
            JsonNode v = cb.has("inline") ? cb.get("inline") : cb.get("file");
            if (v.isTextual())
                return cb.has("inline") ? CallbackSpec.inline(v.textValue()) : CallbackSpec.file(v.textValue());
        }
        out.add(problem(
                where,
                "\"callbacks\" must be a file path string, {\"file\": \"path\"} or {\"inline\": \"script text\"}, got "
                        + kind(cb)));
        return null;
    }

    private static String requiredString(JsonNode n, String key, String at, List<GraphProblem> out) {
        JsonNode v = n.get(key);
        if (v == null) {
            out.add(problem(at, "node has no \"" + key + "\""));
            return null;
        }
        if (!v.isTextual()) {
            out.add(problem(at + "/" + key, "\"" + key + "\" must be a string, got " + kind(v)));
            return null;
        }
        return v.textValue();
    }

    private static Double number(JsonNode n, String key, String at, List<GraphProblem> out) {
        JsonNode v = n.get(key);
        if (v == null) return null;
        if (!v.isNumber()) {
            out.add(problem(at + "/" + key, "\"" + key + "\" must be a number, got " + kind(v)));
            return null;
        }
        return v.doubleValue();
    }

    private static String near(String key, List<String> valid) {
        List<String> n = OperatorRegistry.closest(key, valid);
        return n.isEmpty() ? "" : "; did you mean '" + n.get(0) + "'?";
    }

    private static String kind(JsonNode n) {
        if (n.isTextual()) return "string \"" + n.textValue() + "\"";
        if (n.isNumber()) return "number " + n.asText();
        if (n.isBoolean()) return n.asText();
        if (n.isNull()) return "null";
        if (n.isArray()) return "an array";
        return "an object";
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    private static GraphProblem problem(String pointer, String message) {
        return new GraphProblem(pointer, 0, 0, message);
    }

    // ------------------------------------------------------------------ writing

    /**
     * {@return the graph as pretty-printed JSON} Parameters given to secrets in code, and callbacks that
     * are Java objects, are left out: they cannot (or must not) be saved.
     */
    public static String write(Graph graph, OperatorRegistry registry) {
        ObjectNode root = JSON.objectNode();
        root.put("patchline", Graph.FORMAT_VERSION);
        if (graph.comment() != null) root.put("comment", graph.comment());
        ArrayNode nodes = root.putArray("nodes");
        for (NodeSpec n : graph.nodes())
            nodes.add(toJson(n, registry.find(n.type()).orElse(null)));
        try {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter(
                            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            return MAPPER.writer(pp).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@link #write(Graph, OperatorRegistry)} to {@code file} (UTF-8), atomically: the text goes to a temporary
     * file in the same folder, is forced to the disk and renamed over {@code file}, so that an editor or a file watcher
     * never reads a half-written graph. The previous file is kept as {@code .NAME.backup} beside it (one
     * generation). {@return the bytes written}
     *
     * @throws IOException when the file cannot be written; it is then unchanged
     */
    public static byte[] save(Graph graph, OperatorRegistry registry, Path file) throws IOException {
        byte[] bytes = write(graph, registry).getBytes(StandardCharsets.UTF_8);
        AtomicFileWrite.write(file, bytes);
        return bytes;
    }

    /** {@return where {@link #save} keeps the previous content of {@code file}: {@code .NAME.backup} beside it} */
    public static Path backupOf(Path file) {
        return AtomicFileWrite.backupOf(file);
    }

    private static ObjectNode toJson(NodeSpec n, OperatorType type) {
        ObjectNode o = JSON.objectNode();
        o.put("id", n.id());
        o.put("type", n.type());
        if (!n.params().isEmpty()) {
            ObjectNode ps = JSON.objectNode();
            for (Map.Entry<String, ParamValue> e : n.params().entrySet()) {
                JsonNode v = paramJson(type == null ? null : type.parameter(e.getKey()), e.getValue());
                if (v != null) ps.set(e.getKey(), v);
            }
            if (!ps.isEmpty()) o.set("params", ps);
        }
        if (!n.inputs().isEmpty()) {
            ArrayNode in = o.putArray("inputs");
            n.inputs().forEach(in::add);
        }
        if (n.callbacks() instanceof CallbackSpec.File f) o.put("callbacks", f.path());
        if (n.callbacks() instanceof CallbackSpec.Inline i)
            o.putObject("callbacks").put("inline", i.source());
        if (n.x() != null) o.set("x", position(n.x()));
        if (n.y() != null) o.set("y", position(n.y()));
        if (n.comment() != null) o.put("comment", n.comment());
        return o;
    }

    /** An editor position as written by hand: {@code 100}, not {@code 100.0}; fractions stay as they are. */
    private static JsonNode position(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? JSON.numberNode((long) v) : JSON.numberNode(v);
    }

    private static JsonNode paramJson(ParameterDescriptor<?> d, ParamValue v) {
        if (v instanceof ParamValue.Expression x) return JSON.objectNode().put("expr", x.source());
        if (v instanceof ParamValue.Bind b) return JSON.objectNode().put("bind", b.target());
        if (v instanceof ParamValue.Env e) return JSON.objectNode().put("env", e.name());
        Object value = ((ParamValue.Constant) v).value();
        if (value instanceof Secret s) {
            // Never write a secret's text. One that came from the environment keeps its reference.
            return s.envName() == null ? null : JSON.objectNode().put("env", s.envName());
        }
        if (d != null && d.kind() == ParamKind.SECRET) return null; // secret text given as a plain constant

        return d != null ? d.toJson(value) : MAPPER.valueToTree(value);
    }
}
