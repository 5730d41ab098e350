package dev.patchline.runtime.cook;

import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.param.ParamKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph's shape: wiring, soft edges (what nodes read besides their wires), the topological
 * order, the set of nodes some root needs (pull model) and the time-dependent ones. Rebuilt only
 * when the shape changed, and handed to the {@link FrameScheduler}. Cook thread only.
 */
final class Topology {
    private final Engine engine;
    private final boolean watchAll;
    private boolean dirty;

    Topology(Engine engine, boolean watchAll) {
        this.engine = engine;
        this.watchAll = watchAll;
    }

    /** The shape may have changed: the next {@link #rebuildIfDirty()} rebuilds. */
    void markDirty() {
        dirty = true;
    }

    void rebuildIfDirty() {
        if (dirty) rebuild();
    }

    /**
     * Recomputes wiring, soft edges, topological order, the needed set and the time-dependent list.
     * O(nodes + edges).
     */
    void rebuild() {
        List<NodeRuntime> stillPending = engine.scheduler.pendingNodes();
        Collection<NodeRuntime> nodes = engine.nodes();

        for (NodeRuntime n : nodes) {
            n.consumers.clear();
            n.softDependents.clear();
        }
        for (NodeRuntime n : nodes) {
            List<String> ids = n.spec.inputs();
            NodeRuntime[] in = new NodeRuntime[ids.size()];
            for (int i = 0; i < in.length; i++) in[i] = engine.require(ids.get(i));
            if (!Arrays.equals(in, n.inputs)) {
                n.inputs = in;
                n.sched.inputChangedNow = new boolean[in.length];
                n.sched.seenInputVersions = new long[in.length];
                Arrays.fill(n.sched.seenInputVersions, -1);
            }
            for (NodeRuntime up : in) up.consumers.add(n);
            // Soft edges: everything the node reads besides its wires.
            n.softDeps.clear();
            for (ParamSlot s : n.params) {
                for (int i = 0; i < s.reads.count; i++) addSoft(n, s.reads.nodes[i]);
                if (s.bindNode != null) addSoft(n, engine.node(s.bindNode));
                if (s.descriptor.kind() == ParamKind.OPERATOR && s.value instanceof String ref && !ref.isEmpty()) {
                    addSoft(n, engine.node(ref));
                }
            }
            if (n.cookReads != null) for (int i = 0; i < n.cookReads.count; i++) addSoft(n, n.cookReads.nodes[i]);
            boolean timeParams = false;
            for (ParamSlot s : n.params) timeParams |= s.dynamic() && s.reads.time;
            n.timeDependentParams = timeParams;
        }
        for (NodeRuntime n : nodes) {
            for (NodeRuntime d : n.softDeps) d.softDependents.add(n);
        }
        for (NodeRuntime n : nodes) {
            n.consumerArray = n.consumers.toArray(new NodeRuntime[0]);
            n.anySoftDependents = !n.softDependents.isEmpty();
        }
        NodeRuntime[] order = topologicalOrder(nodes, true);
        if (order == null) order = topologicalOrder(nodes, false);
        for (int i = 0; i < order.length; i++) order[i].sched.topo = i;

        List<NodeRuntime> newlyNeeded = markNeeded(order);
        List<NodeRuntime> timeNodes = new ArrayList<>();
        for (NodeRuntime n : order) {
            if (n.sched.needed && (n.type.timeDependent() || n.timeDependentParams)) timeNodes.add(n);
        }
        engine.scheduler.install(order, timeNodes, stillPending, newlyNeeded);
        dirty = false;
    }

    /** Pull: a node is needed when a root depends on it through wires or reads. {@return the newly needed} */
    private List<NodeRuntime> markNeeded(NodeRuntime[] order) {
        Set<NodeRuntime> wasNeeded = new HashSet<>();
        for (NodeRuntime n : order) {
            if (n.sched.needed) wasNeeded.add(n);
            n.sched.needed = false;
        }
        ArrayDeque<NodeRuntime> queue = new ArrayDeque<>();
        for (NodeRuntime n : order) {
            if (watchAll || n.watched || n.type.cookAlways() || n.callbacks != Callbacks.NONE) {
                n.sched.needed = true;
                queue.add(n);
            }
        }
        while (!queue.isEmpty()) {
            NodeRuntime n = queue.poll();
            for (NodeRuntime up : n.inputs) need(up, queue);
            for (NodeRuntime up : n.softDeps) need(up, queue);
        }
        List<NodeRuntime> newlyNeeded = new ArrayList<>();
        for (NodeRuntime n : order) if (n.sched.needed && !wasNeeded.contains(n)) newlyNeeded.add(n);
        return newlyNeeded;
    }

    private static void need(NodeRuntime up, ArrayDeque<NodeRuntime> queue) {
        if (!up.sched.needed) {
            up.sched.needed = true;
            queue.add(up);
        }
    }

    private static void addSoft(NodeRuntime n, NodeRuntime dep) {
        if (dep != null && dep != n && !dep.removed && !n.softDeps.contains(dep)) n.softDeps.add(dep);
    }

    /** Kahn's algorithm in graph order; {@return null when soft edges make a cycle} */
    private static NodeRuntime[] topologicalOrder(Collection<NodeRuntime> nodes, boolean withSoft) {
        Map<NodeRuntime, Integer> indegree = new IdentityHashMap<>();
        for (NodeRuntime n : nodes) {
            int d = n.inputs.length;
            if (withSoft) d += n.softDeps.size();
            indegree.put(n, d);
        }
        ArrayDeque<NodeRuntime> ready = new ArrayDeque<>();
        for (NodeRuntime n : nodes) if (indegree.get(n) == 0) ready.add(n);
        NodeRuntime[] out = new NodeRuntime[nodes.size()];
        int k = 0;
        while (!ready.isEmpty()) {
            NodeRuntime n = ready.poll();
            out[k++] = n;
            for (NodeRuntime c : n.consumers) if (indegree.merge(c, -1, Integer::sum) == 0) ready.add(c);
            if (withSoft) {
                for (NodeRuntime c : n.softDependents) if (indegree.merge(c, -1, Integer::sum) == 0) ready.add(c);
            }
        }
        if (k != out.length) {
            if (withSoft) return null;
            throw new IllegalStateException("wires form a cycle; the validator should have refused this graph");
        }
        return out;
    }
}
