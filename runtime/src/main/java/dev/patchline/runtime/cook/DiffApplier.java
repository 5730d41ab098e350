package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.GraphDiff;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.param.ParamValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link GraphDiff} to the running patch through the {@link EditApplier}, in an order that keeps the
 * graph valid after every step (a node is never wired to a node that does not exist, wires never form a cycle):
 *
 * <ol>
 *   <li>nodes that stay drop the wires the target does not have (removing wires never makes a cycle);
 *   <li>removed nodes, and nodes whose type changed, stop and go;
 *   <li>new nodes, and the rebuilt ones, are added upstream first, with their target wires;
 *   <li>changed nodes get their parameters (in place, never a rebuild) and callbacks;
 *   <li>changed nodes get their target wires: every wire now present is a target wire, so there is no cycle;
 *   <li>what only the editor sees: positions, comments, the graph comment, the node order.
 * </ol>
 *
 * Nodes that the diff does not name are not touched. The diff was validated as a whole graph before; the steps
 * are not validated again. Cook thread only, between frames, so no node cooks a half-applied graph.
 */
final class DiffApplier {
    private final EditApplier editor;
    private final Engine engine;

    DiffApplier(Engine engine) {
        this.engine = engine;
        this.editor = engine.editor;
    }

    void apply(GraphDiff diff) {
        Set<String> going = new LinkedHashSet<>();
        for (NodeSpec n : diff.removed()) going.add(n.id());
        for (NodeSpec n : diff.rebuilt()) going.add(n.id());

        dropWiresNotInTarget(diff, going);
        for (String id : going) editor.removeNode(id);
        addUpstreamFirst(diff);
        for (GraphDiff.NodeChange c : diff.changed()) {
            for (String name : c.paramsReset()) editor.resetParam(c.id(), name);
            for (Map.Entry<String, ParamValue> p : c.paramsSet().entrySet())
                editor.setParam(c.id(), p.getKey(), p.getValue());
            if (c.callbacksChanged()) editor.setCallbacks(c.id(), c.after().callbacks());
        }
        // Every node, not only the changed ones: a node wired to a rebuilt node lost that wire with the old node.
        for (NodeSpec n : diff.to().nodes()) {
            if (!engine.require(n.id()).spec.inputs().equals(n.inputs())) editor.setInputs(n.id(), n.inputs());
        }
        // The model now runs as the target; what remains differs only where no running node looks.
        for (NodeSpec n : diff.to().nodes()) editor.replaceModel(n);
        editor.graphComment(diff.to().comment());
        List<String> order = new ArrayList<>();
        for (NodeSpec n : diff.to().nodes()) order.add(n.id());
        editor.reorder(order);
    }

    private void dropWiresNotInTarget(GraphDiff diff, Set<String> going) {
        for (NodeSpec target : diff.to().nodes()) {
            if (going.contains(target.id())) continue;
            NodeRuntime n = engine.node(target.id());
            if (n == null) continue;
            List<String> kept = new ArrayList<>();
            for (String up : n.spec.inputs()) {
                if (!going.contains(up) && target.inputs().contains(up)) kept.add(up);
            }
            if (!kept.equals(n.spec.inputs())) editor.setInputs(n.id(), kept);
        }
    }

    private void addUpstreamFirst(GraphDiff diff) {
        List<NodeSpec> pending = new ArrayList<>();
        Set<String> arriving = new HashSet<>();
        for (NodeSpec n : diff.to().nodes()) {
            if (engine.node(n.id()) == null) {
                pending.add(n);
                arriving.add(n.id());
            }
        }
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < pending.size(); i++) {
                NodeSpec n = pending.get(i);
                if (n.inputs().stream().allMatch(up -> engine.node(up) != null)) {
                    editor.addNode(n);
                    pending.remove(i--);
                    progress = true;
                } else if (n.inputs().stream().anyMatch(up -> engine.node(up) == null && !arriving.contains(up))) {
                    throw new IllegalStateException("node '" + n.id() + "' is wired to a node the graph does not have");
                }
            }
            if (!progress) throw new IllegalStateException("the new nodes' wires form a cycle: " + pending);
        }
    }
}
