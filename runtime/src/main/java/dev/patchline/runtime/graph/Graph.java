package dev.patchline.runtime.graph;

import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A graph: nodes with parameters and wires, as read from a JSON file ({@link GraphJson}) or built in
 * code ({@link #builder()}). Both produce the same immutable model, which compares by content, so a
 * graph saved and loaded again is equal to the original. A graph is only a description; validate it
 * with {@link GraphValidator} and run it with {@link dev.patchline.runtime.cook.Patch}.
 *
 * {@snippet :
 * Graph g = Graph.builder()
 *     .node("src", TableDat.TYPE, p -> p.set(TableDat.ROWS, "a,b\n1,2"))
 *     .node("sel", SelectDat.TYPE, p -> p.expr(SelectDat.ROWEXPR, "me.inputRow['a'] == '1'"))
 *     .node("out", NullDat.TYPE)
 *     .wire("src", "sel").wire("sel", "out")
 *     .build();
 * }
 *
 * @param nodes   nodes in file order
 * @param comment free text for the whole graph, or null
 */
public record Graph(List<NodeSpec> nodes, String comment) {
    /** The graph file format version this runtime reads and writes. */
    public static final int FORMAT_VERSION = 1;

    public Graph {
        nodes = List.copyOf(nodes);
    }

    /** {@return the node with this id} */
    public Optional<NodeSpec> node(String id) {
        for (NodeSpec n : nodes) if (n.id().equals(id)) return Optional.of(n);
        return Optional.empty();
    }

    /** {@return a new, empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this graph's nodes, to derive a changed graph} */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (NodeSpec n : nodes) b.nodes.put(n.id(), n);
        b.comment = comment;
        return b;
    }

    /**
     * Builds a {@link Graph}. Not thread-safe. {@link #build()} checks nothing beyond duplicate ids;
     * the validator reports everything else.
     */
    public static final class Builder {
        private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        private String comment;

        private Builder() {}

        /** Adds a node of {@code type} with default parameters. */
        public Builder node(String id, OperatorType type) {
            return node(id, type.id(), p -> {});
        }

        /** Adds a node of {@code type} and sets its parameters with {@code params}. */
        public Builder node(String id, OperatorType type, Consumer<NodeBuilder> params) {
            return node(id, type.id(), params);
        }

        /** Adds a node by type id (when the type's class is not at hand). */
        public Builder node(String id, String typeId, Consumer<NodeBuilder> params) {
            if (nodes.containsKey(id)) throw new IllegalArgumentException("duplicate node id '" + id + "'");
            NodeBuilder nb = new NodeBuilder(id, typeId);
            params.accept(nb);
            nodes.put(id, nb.build());
            return this;
        }

        /** Adds an already built node. */
        public Builder node(NodeSpec node) {
            if (nodes.containsKey(node.id()))
                throw new IllegalArgumentException("duplicate node id '" + node.id() + "'");
            nodes.put(node.id(), node);
            return this;
        }

        /** Wires {@code from}'s output into the next free input of {@code to}. */
        public Builder wire(String from, String to) {
            NodeSpec n = nodes.get(to);
            if (n == null) throw new IllegalArgumentException("wire into unknown node '" + to + "'; add it first");
            List<String> in = new ArrayList<>(n.inputs());
            in.add(from);
            nodes.put(to, n.withInputs(in));
            return this;
        }

        /** Attaches callbacks to node {@code id}. */
        public Builder callbacks(String id, CallbackSpec callbacks) {
            NodeSpec n = nodes.get(id);
            if (n == null) throw new IllegalArgumentException("callbacks for unknown node '" + id + "'; add it first");
            nodes.put(id, n.withCallbacks(callbacks));
            return this;
        }

        /** Removes node {@code id} (wires into it from other nodes stay and will fail validation). */
        public Builder remove(String id) {
            nodes.remove(id);
            return this;
        }

        public Builder comment(String text) {
            this.comment = text;
            return this;
        }

        public Graph build() {
            return new Graph(new ArrayList<>(nodes.values()), comment);
        }
    }

    /** Sets the parameters, callbacks and position of one node. Not thread-safe. */
    public static final class NodeBuilder {
        private final String id;
        private final String type;
        private final Map<String, ParamValue> params = new LinkedHashMap<>();
        private final List<String> inputs = new ArrayList<>();
        private CallbackSpec callbacks;
        private Double x;
        private Double y;
        private String comment;

        private NodeBuilder(String id, String type) {
            this.id = Objects.requireNonNull(id, "id");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Sets a constant value. */
        public <T> NodeBuilder set(ParameterDescriptor<T> p, T value) {
            params.put(p.name(), ParamValue.constant(value));
            return this;
        }

        /** Sets a Groovy expression, re-evaluated when what it reads changes. */
        public NodeBuilder expr(ParameterDescriptor<?> p, String source) {
            params.put(p.name(), ParamValue.expr(source));
            return this;
        }

        /** Binds the parameter to a channel ({@code "node/chan"}) or cell ({@code "node/row/col"}). */
        public NodeBuilder bind(ParameterDescriptor<?> p, String target) {
            params.put(p.name(), ParamValue.bind(target));
            return this;
        }

        /** Reads the parameter from environment variable {@code name} when the patch starts. */
        public NodeBuilder env(ParameterDescriptor<?> p, String name) {
            params.put(p.name(), ParamValue.env(name));
            return this;
        }

        /** Sets a parameter by name (for types whose descriptors are not at hand). */
        public NodeBuilder set(String name, ParamValue value) {
            params.put(name, value);
            return this;
        }

        /** Wires these upstream nodes into this node's inputs, in order. */
        public NodeBuilder inputs(String... upstream) {
            inputs.addAll(List.of(upstream));
            return this;
        }

        public NodeBuilder callbacks(CallbackSpec spec) {
            this.callbacks = spec;
            return this;
        }

        public NodeBuilder position(double x, double y) {
            this.x = x;
            this.y = y;
            return this;
        }

        public NodeBuilder comment(String text) {
            this.comment = text;
            return this;
        }

        NodeSpec build() {
            return new NodeSpec(id, type, params, inputs, callbacks, x, y, comment);
        }
    }
}
