package dev.patchline.runtime.graph;

import dev.patchline.runtime.param.ParamValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What differs between two graphs, node by node, matched by id. A node whose id is gone is
 * {@linkplain #removed() removed} and a new id is {@linkplain #added() added} (so a rename is both); a node
 * whose type changed is {@linkplain #rebuilt() rebuilt}; a node of the same type with other parameters, wires,
 * callbacks, position or comment is {@linkplain #changed() changed}. Nodes equal in both graphs appear nowhere.
 *
 * <p>This class only compares; {@link dev.patchline.runtime.cook.Patch#apply} turns a diff into edits of a
 * running patch.
 *
 * @param from           the graph compared from
 * @param to             the graph compared to
 * @param removed        nodes of {@code from} whose id is not in {@code to}, in {@code from} order
 * @param added          nodes of {@code to} whose id is not in {@code from}, in {@code to} order
 * @param rebuilt        nodes of {@code to} whose type differs from the node with the same id in {@code from}
 * @param changed        nodes with the same id and type that differ otherwise, in {@code to} order
 * @param commentChanged whether the graph's own comment differs
 * @param orderChanged   whether the nodes the two graphs share are in another order
 */
public record GraphDiff(
        Graph from,
        Graph to,
        List<NodeSpec> removed,
        List<NodeSpec> added,
        List<NodeSpec> rebuilt,
        List<NodeChange> changed,
        boolean commentChanged,
        boolean orderChanged) {

    public GraphDiff {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        removed = List.copyOf(removed);
        added = List.copyOf(added);
        rebuilt = List.copyOf(rebuilt);
        changed = List.copyOf(changed);
    }

    /** {@return the difference that turns {@code from} into {@code to}} */
    public static GraphDiff between(Graph from, Graph to) {
        Map<String, NodeSpec> before = byId(from);
        Map<String, NodeSpec> after = byId(to);
        List<NodeSpec> removed = new ArrayList<>();
        for (NodeSpec n : from.nodes()) if (!after.containsKey(n.id())) removed.add(n);
        List<NodeSpec> added = new ArrayList<>();
        List<NodeSpec> rebuilt = new ArrayList<>();
        List<NodeChange> changed = new ArrayList<>();
        for (NodeSpec n : to.nodes()) {
            NodeSpec old = before.get(n.id());
            if (old == null) added.add(n);
            else if (!old.type().equals(n.type())) rebuilt.add(n);
            else if (!old.equals(n)) changed.add(new NodeChange(old, n));
        }
        List<String> sharedBefore = new ArrayList<>();
        for (NodeSpec n : from.nodes()) if (after.containsKey(n.id())) sharedBefore.add(n.id());
        List<String> sharedAfter = new ArrayList<>();
        for (NodeSpec n : to.nodes()) if (before.containsKey(n.id())) sharedAfter.add(n.id());
        return new GraphDiff(
                from,
                to,
                removed,
                added,
                rebuilt,
                changed,
                !Objects.equals(from.comment(), to.comment()),
                !sharedBefore.equals(sharedAfter));
    }

    private static Map<String, NodeSpec> byId(Graph g) {
        Map<String, NodeSpec> m = new LinkedHashMap<>();
        for (NodeSpec n : g.nodes()) m.put(n.id(), n);
        return m;
    }

    /** {@return whether the two graphs are equal} */
    public boolean isEmpty() {
        return removed.isEmpty()
                && added.isEmpty()
                && rebuilt.isEmpty()
                && changed.isEmpty()
                && !commentChanged
                && !orderChanged;
    }

    /** {@return how many nodes differ: removed, added, rebuilt and changed ones} */
    public int nodeCount() {
        return removed.size() + added.size() + rebuilt.size() + changed.size();
    }

    /** {@return a short summary such as {@code 1 added, 2 changed (1 moved)}, or {@code no change}} */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) parts.add(added.size() + " added");
        if (!removed.isEmpty()) parts.add(removed.size() + " removed");
        if (!rebuilt.isEmpty()) parts.add(rebuilt.size() + " rebuilt");
        if (!changed.isEmpty()) {
            long editorOnly = changed.stream().filter(NodeChange::editorOnly).count();
            parts.add(changed.size() + " changed"
                    + (editorOnly > 0 ? " (" + editorOnly + " position or comment only)" : ""));
        }
        if (commentChanged) parts.add("graph comment changed");
        if (orderChanged) parts.add("node order changed");
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    /**
     * One node with the same id and type in both graphs that differs.
     *
     * @param before the node in the graph compared from
     * @param after  the node in the graph compared to
     */
    public record NodeChange(NodeSpec before, NodeSpec after) {
        public NodeChange {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        /** {@return the node's id} */
        public String id() {
            return after.id();
        }

        /** {@return parameters set in {@code after} to another value than in {@code before}, in {@code after} order} */
        public Map<String, ParamValue> paramsSet() {
            Map<String, ParamValue> set = new LinkedHashMap<>();
            after.params().forEach((name, value) -> {
                if (!value.equals(before.params().get(name))) set.put(name, value);
            });
            return set;
        }

        /** {@return parameters set in {@code before} and absent from {@code after} (back to their default)} */
        public List<String> paramsReset() {
            List<String> reset = new ArrayList<>();
            for (String name : before.params().keySet()) if (!after.params().containsKey(name)) reset.add(name);
            return reset;
        }

        /** {@return whether the wired inputs differ} */
        public boolean inputsChanged() {
            return !before.inputs().equals(after.inputs());
        }

        /** {@return whether the callbacks differ} */
        public boolean callbacksChanged() {
            return !Objects.equals(before.callbacks(), after.callbacks());
        }

        /**
         * {@return whether only the editor's view of the node differs (position, comment, the order of its
         * parameters), which a running node never sees}
         */
        public boolean editorOnly() {
            return paramsSet().isEmpty() && paramsReset().isEmpty() && !inputsChanged() && !callbacksChanged();
        }
    }
}
