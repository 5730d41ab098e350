package dev.patchline.runtime.graph;

import dev.patchline.runtime.files.PathPolicy;
import dev.patchline.runtime.files.PathRefusedException;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.ParameterValueException;
import dev.patchline.runtime.script.ScriptCompileException;
import dev.patchline.runtime.script.ScriptEngineBridge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@link Graph} against the operator types before anything starts, and reports every problem
 * with its JSON pointer: unknown types (with the closest names), unknown parameters (with the valid
 * ones), values of the wrong type or out of range, expressions that do not compile, bad binds,
 * missing environment variables, wires between families, unknown inputs, duplicate ids, cycles,
 * missing callback files. Stateless and thread-safe.
 */
public final class GraphValidator {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private GraphValidator() {}

    /**
     * What validation may look at besides the graph.
     *
     * @param environment variables for {@code {"env": ...}} parameters (null: do not check them)
     * @param baseDir      folder of the graph file, against which paths resolve (null: working directory)
     * @param scripts      engine to compile expressions and callbacks with (null: do not compile)
     * @param allowedPaths folders besides {@code baseDir} whose files the graph may use
     */
    public record Context(
            Map<String, String> environment, Path baseDir, ScriptEngineBridge scripts, List<Path> allowedPaths) {
        public Context {
            allowedPaths = List.copyOf(allowedPaths);
        }

        /** A context that lets the graph use files in {@code baseDir} only. */
        public static Context of(Map<String, String> environment, Path baseDir, ScriptEngineBridge scripts) {
            return new Context(environment, baseDir, scripts, List.of());
        }

        /** {@return this context with {@code dirs} allowed besides {@code baseDir}} */
        public Context allowing(List<Path> dirs) {
            return new Context(environment, baseDir, scripts, dirs);
        }

        /** {@return the policy that checks the graph's paths} */
        public PathPolicy files() {
            return PathPolicy.of(baseDir, allowedPaths);
        }
    }

    /** {@return every problem of {@code graph}, in node order; empty when valid} */
    public static List<GraphProblem> validate(Graph graph, OperatorRegistry registry, Context context) {
        List<GraphProblem> out = new ArrayList<>();
        Lookup lookup = new Lookup(graph);
        Map<String, Integer> index = new HashMap<>();
        List<NodeSpec> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec n = nodes.get(i);
            String at = "/nodes/" + i;
            if (!NODE_ID.matcher(n.id()).matches()) {
                out.add(problem(
                        at + "/id",
                        "node id '" + n.id()
                                + "' must start with a letter or '_' and contain only letters, digits and '_'"));
            }
            Integer first = index.putIfAbsent(n.id(), i);
            if (first != null) {
                out.add(problem(
                        at + "/id", "duplicate node id '" + n.id() + "' (already used by /nodes/" + first + ")"));
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec n = nodes.get(i);
            String at = "/nodes/" + i;
            OperatorType type = registry.find(n.type()).orElse(null);
            GraphJson.currentId(n.type(), at + "/type", registry);
            if (type == null) {
                out.add(problem(at + "/type", unknownType(n.type(), registry)));
            } else {
                checkParams(n, type, at, lookup, registry, context, out);
            }
            checkInputs(n, type, at, lookup, registry, out);
            checkCallbacks(n, at, context, out);
        }
        checkCycles(lookup, index, out);
        return out;
    }

    static String unknownType(String name, OperatorRegistry registry) {
        List<String> near = registry.suggest(name);
        return "unknown operator type '" + name + "'"
                + (near.isEmpty()
                        ? "; run 'patchline ops' to list the known types"
                        : "; did you mean " + quoteList(near, " or ") + "?");
    }

    private static void checkParams(
            NodeSpec n,
            OperatorType type,
            String at,
            Lookup graph,
            OperatorRegistry registry,
            Context context,
            List<GraphProblem> out) {
        for (Map.Entry<String, ParamValue> e : n.params().entrySet()) {
            String where = at + "/params/" + escape(e.getKey());
            ParameterDescriptor<?> d = type.parameter(e.getKey());
            if (d == null) {
                out.add(problem(where, unknownParameter(e.getKey(), type)));
                continue;
            }
            String problem = checkValue(n, d, e.getValue(), graph, registry, context);
            if (problem != null) out.add(problem(where, problem));
        }
    }

    static String unknownParameter(String name, OperatorType type) {
        List<String> names = new ArrayList<>();
        for (ParameterDescriptor<?> p : type.parameters()) names.add(p.name());
        List<String> near = OperatorRegistry.closest(name, names);
        return "unknown parameter '" + name + "' for operator type '" + type.id() + "'"
                + (near.isEmpty() ? "" : "; did you mean " + quoteList(near, " or ") + "?")
                + (names.isEmpty() ? "; it has no parameters" : "; valid parameters: " + String.join(", ", names));
    }

    private static String checkValue(
            NodeSpec n,
            ParameterDescriptor<?> d,
            ParamValue v,
            Lookup graph,
            OperatorRegistry registry,
            Context context) {
        if (d.kind() == ParamKind.PULSE) {
            return "parameter '" + d.name() + "' is a pulse and has no stored value; fire it at run time instead";
        }
        if (d.kind() == ParamKind.SECRET
                && !(v instanceof ParamValue.Env)
                && !(v instanceof ParamValue.Constant c && c.value() instanceof dev.patchline.runtime.param.Secret)) {
            return "parameter '" + d.name()
                    + "' is a secret: write {\"env\": \"VARIABLE\"} so that the secret never lands in the graph file";
        }
        if (v instanceof ParamValue.Constant c) {
            String problem = d.validate(c.value());
            if (problem != null) return problem;
            if (d.isPath()
                    && c.value() instanceof String path
                    && !path.isBlank()
                    && (problem = context.files().problem(path.strip())) != null) {
                return "node '" + n.id() + "' parameter '" + d.name() + "': " + problem;
            }
            // The operator's own check (URL, topic filter, file): its message says what and how to fix; the node id
            // is added because the JSON pointer names the node only by its index.
            problem = d.validate(c.value(), context.baseDir());
            if (problem != null) return "node '" + n.id() + "' " + problem;
            if (d.kind() == ParamKind.OPERATOR && c.value() instanceof String ref && !ref.isEmpty()) {
                return checkReference(d, ref, n, graph, registry);
            }
            return null;
        }
        if (v instanceof ParamValue.Expression x) {
            if (x.source().isBlank()) return "parameter '" + d.name() + "': the expression is empty";
            if (context.scripts() != null) {
                try {
                    context.scripts().checkExpression(x.source(), n.id() + "/params/" + d.name());
                } catch (ScriptCompileException ex) {
                    return "parameter '" + d.name() + "': expression does not compile at line " + ex.line()
                            + ", column " + ex.column() + ": " + ex.reason();
                }
            }
            return null;
        }
        if (v instanceof ParamValue.Bind b) {
            return checkBind(n, d, b, graph, registry);
        }
        ParamValue.Env env = (ParamValue.Env) v;
        if (!ENV_NAME.matcher(env.name()).matches()) {
            return "parameter '" + d.name() + "': '" + env.name() + "' is not a valid environment variable name";
        }
        if (context.environment() != null) {
            String text = context.environment().get(env.name());
            if (text == null) {
                return "parameter '" + d.name() + "': environment variable " + env.name() + " is not set";
            }
            if (d.kind() != ParamKind.SECRET) {
                try {
                    d.coerce(text);
                } catch (ParameterValueException ex) {
                    return ex.getMessage() + " (from environment variable " + env.name() + ")";
                }
            }
        }
        return null;
    }

    private static String checkReference(
            ParameterDescriptor<?> d, String ref, NodeSpec self, Lookup graph, OperatorRegistry registry) {
        NodeSpec target = graph.node(ref).orElse(null);
        if (target == null)
            return "parameter '" + d.name() + "' refers to unknown node '" + ref + "'" + didYouMean(ref, graph);
        if (target.id().equals(self.id())) return "parameter '" + d.name() + "' refers to its own node";
        Family want = d.operatorFamily();
        OperatorType tt = registry.find(target.type()).orElse(null);
        if (want != null && tt != null && tt.family() != want) {
            return "parameter '" + d.name() + "' needs a " + want + " node, but '" + ref + "' is a " + tt.family();
        }
        return null;
    }

    private static String checkBind(
            NodeSpec n, ParameterDescriptor<?> d, ParamValue.Bind b, Lookup graph, OperatorRegistry registry) {
        if (d.kind() == ParamKind.LIST || d.kind() == ParamKind.DICT) {
            return "parameter '" + d.name() + "' holds " + d.kind().displayName()
                    + " values and cannot be bound to a channel or cell";
        }
        String[] parts = b.target().split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                return "parameter '" + d.name() + "': bind target '" + b.target()
                        + "' must be \"node/channel\" or \"node/row/column\"";
            }
        }
        if (parts.length < 2 || parts.length > 3) {
            return "parameter '" + d.name() + "': bind target '" + b.target()
                    + "' must be \"node/channel\" or \"node/row/column\"";
        }
        NodeSpec target = graph.node(parts[0]).orElse(null);
        if (target == null) {
            return "parameter '" + d.name() + "' is bound to unknown node '" + parts[0] + "'"
                    + didYouMean(parts[0], graph);
        }
        OperatorType tt = registry.find(target.type()).orElse(null);
        if (tt != null && tt.family() == Family.CHOP && parts.length != 2) {
            return "parameter '" + d.name() + "': '" + parts[0] + "' is a CHOP, bind to a channel as \"" + parts[0]
                    + "/channel\"";
        }
        if (tt != null && tt.family() == Family.DAT && parts.length != 3) {
            return "parameter '" + d.name() + "': '" + parts[0] + "' is a DAT, bind to a cell as \"" + parts[0]
                    + "/row/column\"";
        }
        return null;
    }

    private static void checkInputs(
            NodeSpec n, OperatorType type, String at, Lookup graph, OperatorRegistry registry, List<GraphProblem> out) {
        List<String> inputs = n.inputs();
        for (int k = 0; k < inputs.size(); k++) {
            String where = at + "/inputs/" + k;
            String up = inputs.get(k);
            NodeSpec src = graph.node(up).orElse(null);
            if (src == null) {
                out.add(problem(where, "unknown input node '" + up + "'" + didYouMean(up, graph)));
                continue;
            }
            if (up.equals(n.id())) {
                out.add(problem(where, "node '" + n.id() + "' cannot be wired into itself"));
                continue;
            }
            if (type == null) continue;
            PortSpec port = port(type, k);
            if (port == null) {
                out.add(problem(
                        where,
                        "operator type '" + type.id() + "' "
                                + (type.inputs().isEmpty()
                                        ? "takes no inputs"
                                        : "takes at most " + type.inputs().size() + " input"
                                                + (type.inputs().size() == 1 ? "" : "s"))
                                + ", but " + inputs.size() + " are wired"));
                continue;
            }
            OperatorType srcType = registry.find(src.type()).orElse(null);
            if (srcType != null && srcType.family() != port.family()) {
                out.add(problem(
                        where,
                        "cannot wire " + srcType.family() + " '" + up + "' into " + port.family() + " input '"
                                + port.name() + "' of '" + n.id()
                                + "': wires join nodes of the same family; convert with a "
                                + (srcType.family() == Family.DAT ? "'datTo' (DAT to CHOP)" : "'chopTo' (CHOP to DAT)")
                                + " node"));
            }
        }
        if (type != null) {
            for (int k = inputs.size(); k < type.inputs().size(); k++) {
                PortSpec p = type.inputs().get(k);
                if (p.required() && !(p.repeating() && k > 0)) {
                    out.add(problem(
                            inputs.isEmpty() ? at : at + "/inputs",
                            "input " + k + " ('" + p.name() + "', " + p.family() + ") of '" + n.id()
                                    + "' is required but not wired"));
                }
            }
        }
    }

    private static PortSpec port(OperatorType type, int k) {
        List<PortSpec> ports = type.inputs();
        if (k < ports.size()) return ports.get(k);
        if (!ports.isEmpty() && ports.get(ports.size() - 1).repeating()) return ports.get(ports.size() - 1);
        return null;
    }

    private static void checkCallbacks(NodeSpec n, String at, Context context, List<GraphProblem> out) {
        CallbackSpec cb = n.callbacks();
        if (cb == null || cb instanceof CallbackSpec.JavaObject) return;
        String where = at + "/callbacks";
        String source;
        String origin;
        if (cb instanceof CallbackSpec.File f) {
            Path p;
            try {
                p = context.files().resolve(f.path());
            } catch (PathRefusedException e) {
                out.add(problem(where, "callbacks file: " + e.getMessage()));
                return;
            }
            if (!Files.isRegularFile(p)) {
                out.add(problem(
                        where,
                        "callbacks file '" + f.path() + "' not found (looked for "
                                + p.toAbsolutePath().normalize() + ")"));
                return;
            }
            try {
                source = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.add(problem(where, "callbacks file '" + f.path() + "' cannot be read: " + e.getMessage()));
                return;
            }
            origin = f.path();
        } else {
            source = ((CallbackSpec.Inline) cb).source();
            origin = n.id() + "/callbacks";
        }
        if (context.scripts() == null) return;
        try {
            context.scripts().checkScript(source, origin);
        } catch (ScriptCompileException e) {
            out.add(problem(where, "callbacks do not compile: " + e.getMessage()));
        }
    }

    private static void checkCycles(Lookup graph, Map<String, Integer> index, List<GraphProblem> out) {
        // Iterative depth-first search over wires (a 10,000-node chain must not overflow the stack);
        // each cycle is reported once, at the wire that closes it.
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (NodeSpec start : graph.nodes()) {
            if (state.containsKey(start.id())) continue;
            List<String> path = new ArrayList<>();
            List<int[]> next = new ArrayList<>(); // per path entry: index of the next input to visit
            path.add(start.id());
            next.add(new int[] {0});
            state.put(start.id(), 1);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                String id = path.get(top);
                NodeSpec n = graph.node(id).orElse(null);
                int k = next.get(top)[0]++;
                if (n == null || k >= n.inputs().size()) {
                    state.put(id, 2);
                    path.remove(top);
                    next.remove(top);
                    continue;
                }
                String up = n.inputs().get(k);
                if (up.equals(id) || graph.node(up).isEmpty()) continue; // reported elsewhere
                Integer s = state.get(up);
                if (s == null) {
                    state.put(up, 1);
                    path.add(up);
                    next.add(new int[] {0});
                } else if (s == 1) {
                    // path is the upstream walk [.., up, .., id]; data flows the other way round
                    List<String> flow = new ArrayList<>(path.subList(path.indexOf(up), path.size()));
                    java.util.Collections.reverse(flow);
                    flow.add(0, up);
                    out.add(problem(
                            "/nodes/" + index.get(id) + "/inputs/" + k,
                            "wire from '" + up + "' closes a cycle: " + String.join(" -> ", flow)));
                }
            }
        }
    }

    private static String didYouMean(String id, Lookup graph) {
        List<String> ids = new ArrayList<>();
        for (NodeSpec s : graph.nodes()) ids.add(s.id());
        List<String> near = OperatorRegistry.closest(id, ids);
        return near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?";
    }

    static String quoteList(List<String> names, String lastSep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) sb.append(i == names.size() - 1 ? lastSep : ", ");
            sb.append('\'').append(names.get(i)).append('\'');
        }
        return sb.toString();
    }

    /** The graph with an id index, so validating a 10,000-node graph is not quadratic. */
    private static final class Lookup {
        private final Graph graph;
        private final Map<String, NodeSpec> byId = new HashMap<>();

        Lookup(Graph graph) {
            this.graph = graph;
            for (NodeSpec n : graph.nodes()) byId.putIfAbsent(n.id(), n);
        }

        java.util.Optional<NodeSpec> node(String id) {
            return java.util.Optional.ofNullable(byId.get(id));
        }

        List<NodeSpec> nodes() {
            return graph.nodes();
        }
    }

    /** Escapes a JSON pointer token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static GraphProblem problem(String pointer, String message) {
        return new GraphProblem(pointer, 0, 0, message);
    }
}
