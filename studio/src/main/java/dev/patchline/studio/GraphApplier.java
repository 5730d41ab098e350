package dev.patchline.studio;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchEditor;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.param.ParamValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a validated target graph to the running patch as the difference from the current one, through the
 * runtime's edit door: removed nodes stop, new nodes start, a node whose type or callbacks changed restarts, changed
 * parameters are set in place (the node keeps running and its connection), rewired inputs are set. Position and
 * comment are the editor's only. Worker thread; waits for the cook thread with a limit.
 */
final class GraphApplier {
    private final Patch patch;
    private final Duration limit;

    GraphApplier(Patch patch, Duration limit) {
        this.patch = patch;
        this.limit = limit;
    }

    void apply(Graph from, Graph to, List<GraphEdits.Pulse> pulses) throws EditRejected {
        Map<String, NodeSpec> before = from.nodes().stream().collect(Collectors.toMap(NodeSpec::id, n -> n));
        Map<String, NodeSpec> after = to.nodes().stream().collect(Collectors.toMap(NodeSpec::id, n -> n));
        Set<String> restart = after.values().stream()
                .filter(n -> before.containsKey(n.id()))
                .filter(n -> !before.get(n.id()).type().equals(n.type())
                        || !Objects.equals(before.get(n.id()).callbacks(), n.callbacks()))
                .map(NodeSpec::id)
                .collect(Collectors.toSet());
        Set<String> gone = before.keySet().stream()
                .filter(id -> !after.containsKey(id) || restart.contains(id))
                .collect(Collectors.toSet());
        List<NodeSpec> added = inDependencyOrder(to.nodes().stream()
                .filter(n -> !before.containsKey(n.id()) || restart.contains(n.id()))
                .toList());
        LiveGraph.await(
                patch.edit(e -> {
                    for (String id : gone) e.removeNode(id);
                    for (NodeSpec n : added) e.addNode(n);
                    for (NodeSpec n : to.nodes()) {
                        NodeSpec old = gone.contains(n.id()) ? null : before.get(n.id());
                        if (old == null) continue;
                        params(e, old, n);
                        boolean lostWire = old.inputs().stream().anyMatch(gone::contains);
                        if (lostWire || !old.inputs().equals(n.inputs())) e.setInputs(n.id(), n.inputs());
                    }
                    for (GraphEdits.Pulse p : pulses) e.pulse(p.id(), p.name());
                }),
                limit,
                "the patch refused the edit");
    }

    /** {@return the new nodes ordered so that a node comes after the new nodes it reads} */
    private static List<NodeSpec> inDependencyOrder(List<NodeSpec> nodes) {
        Set<String> pending = nodes.stream().map(NodeSpec::id).collect(Collectors.toCollection(HashSet::new));
        List<NodeSpec> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (NodeSpec n : nodes) {
                if (pending.contains(n.id()) && n.inputs().stream().noneMatch(pending::contains)) {
                    ordered.add(n);
                    pending.remove(n.id());
                    progress = true;
                }
            }
            if (!progress) { // a cycle: the validator reports it; keep the file order
                for (NodeSpec n : nodes) if (pending.remove(n.id())) ordered.add(n);
            }
        }
        return ordered;
    }

    private static void params(PatchEditor e, NodeSpec old, NodeSpec n) {
        for (Map.Entry<String, ParamValue> p : n.params().entrySet())
            if (!p.getValue().equals(old.params().get(p.getKey()))) e.setParam(n.id(), p.getKey(), p.getValue());
        for (String name : old.params().keySet()) if (!n.params().containsKey(name)) e.resetParam(n.id(), name);
    }
}
