package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.GraphValidator;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.param.ParamValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link PatchEditor} a {@link Patch#edit} callback gets: each edit is validated against the whole
 * graph as it would be after the edit, then applied by the {@link EditApplier}. Cook thread only.
 */
final class ValidatingEditor implements PatchEditor {
    private final Engine engine;
    private final PatchOptions options;

    ValidatingEditor(Engine engine, PatchOptions options) {
        this.engine = engine;
        this.options = options;
    }

    private void check(Graph candidate) {
        List<GraphProblem> problems = GraphValidator.validate(
                candidate,
                options.registry(),
                GraphValidator.Context.of(options.environment(), options.baseDir(), options.scripts())
                        .allowing(options.allowedPaths()));
        if (!problems.isEmpty()) throw new GraphException("edit", problems);
    }

    private Graph with(NodeSpec changed) {
        Graph g = engine.editor.currentGraph();
        List<NodeSpec> specs = new ArrayList<>();
        boolean replaced = false;
        for (NodeSpec s : g.nodes()) {
            if (s.id().equals(changed.id())) {
                specs.add(changed);
                replaced = true;
            } else {
                specs.add(s);
            }
        }
        if (!replaced) specs.add(changed);
        return new Graph(specs, g.comment());
    }

    @Override
    public void addNode(NodeSpec node) {
        if (engine.node(node.id()) != null)
            throw new IllegalArgumentException("node '" + node.id() + "' already exists");
        check(with(node));
        engine.editor.addNode(node);
    }

    @Override
    public void removeNode(String id) {
        engine.editor.removeNode(id);
    }

    @Override
    public void setInputs(String id, List<String> upstream) {
        check(with(engine.require(id).spec.withInputs(upstream)));
        engine.editor.setInputs(id, upstream);
    }

    @Override
    public void setParam(String id, String name, ParamValue value) {
        NodeRuntime n = engine.require(id);
        ParamSlot s = n.slot(name);
        if (s == null) {
            throw new IllegalArgumentException(
                    "node '" + id + "' (" + n.type.id() + ") has no parameter '" + name + "'");
        }
        if (value instanceof ParamValue.Constant c) {
            value = ParamValue.constant(s.descriptor.coerce(c.value()));
        }
        check(with(n.spec.withParam(name, value)));
        engine.editor.setParam(id, name, value);
    }

    @Override
    public void resetParam(String id, String name) {
        engine.editor.resetParam(id, name);
    }

    @Override
    public void pulse(String id, String name) {
        engine.require(id).handle.pulse(name);
    }

    @Override
    public void setCallbacks(String id, CallbackSpec callbacks) {
        check(with(engine.require(id).spec.withCallbacks(callbacks)));
        engine.editor.setCallbacks(id, callbacks);
    }

    @Override
    public void move(String id, Double x, Double y) {
        if (x != null && !Double.isFinite(x) || y != null && !Double.isFinite(y))
            throw new IllegalArgumentException(
                    "node '" + id + "': a position must be a finite number, got " + x + ", " + y);
        engine.editor.move(id, x, y);
    }

    @Override
    public void comment(String id, String text) {
        engine.editor.comment(id, text);
    }

    @Override
    public void graphComment(String text) {
        engine.editor.graphComment(text);
    }

    @Override
    public void watch(String id) {
        engine.editor.watch(id, true);
    }

    @Override
    public void unwatch(String id) {
        engine.editor.watch(id, false);
    }
}
