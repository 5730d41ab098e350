package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.script.CompiledScript;
import dev.patchline.runtime.script.OpResolver;
import dev.patchline.runtime.script.ScriptCallbacks;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies changes to the graph: creates the nodes of the model at start, and adds, removes, rewires
 * and re-parameterizes nodes on live edits, keeping each node's {@link NodeSpec} (the model
 * {@link #currentGraph()} returns) in step. Edits arrive already validated. Cook thread only.
 */
final class EditApplier {
    private final Engine engine;
    private String graphComment;
    /** Counts changes of the model; {@link Patch} compares it before and after edits to know whether to publish. */
    private long modelChanges;

    EditApplier(Engine engine, String graphComment) {
        this.engine = engine;
        this.graphComment = graphComment;
    }

    NodeRuntime createNode(NodeSpec spec) {
        OperatorType type = engine.registry
                .find(spec.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown operator type '" + spec.type() + "'"));
        NodeRuntime n = new NodeRuntime(engine, spec, type);
        n.scriptVariables.put("me", n.handle);
        n.scriptVariables.put("absTime", engine.reads.absTime);
        n.scriptVariables.put("log", n.log);
        n.scriptVariables.put(OpResolver.VARIABLE, engine.reads.resolver);
        engine.register(n);
        for (ParamSlot s : n.params) {
            ParamValue v = spec.params().get(s.descriptor.name());
            if (v != null) engine.params.applySource(n, s, v);
        }
        n.callbacks = loadCallbacks(n, spec.callbacks());
        engine.topology.markDirty();
        return n;
    }

    private Callbacks loadCallbacks(NodeRuntime n, CallbackSpec spec) {
        if (spec == null) return Callbacks.NONE;
        if (spec instanceof CallbackSpec.JavaObject o) {
            return new WatchedCallbacks(ScriptCallbacks.ofObject(o.target(), n::report), engine.activity, n.id());
        }
        String source;
        String origin;
        if (spec instanceof CallbackSpec.File f) {
            Path p = engine.files.resolve(f.path());
            try {
                source = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("callbacks file " + p + " cannot be read: " + e.getMessage(), e);
            }
            origin = f.path();
        } else {
            source = ((CallbackSpec.Inline) spec).source();
            origin = n.id() + "/callbacks";
        }
        CompiledScript script = engine.scripts.compileScript(source, origin);
        try {
            return new WatchedCallbacks(
                    new ScriptCallbacks(script.instantiate(n.scriptVariables), n::report), engine.activity, n.id());
        } catch (ScriptRuntimeException e) {
            n.setState(NodeState.ERROR, e.getMessage());
            return Callbacks.NONE;
        }
    }

    void addNode(NodeSpec spec) {
        if (engine.node(spec.id()) != null)
            throw new IllegalArgumentException("node '" + spec.id() + "' already exists");
        NodeRuntime n = createNode(spec);
        modelChanges++;
        engine.topology.rebuild();
        engine.start(n);
        engine.scheduler.markPending(n);
        // Expressions and binds that failed (perhaps on op('this id')) get another chance.
        for (NodeRuntime other : engine.nodes()) {
            for (ParamSlot s : other.params) {
                if (s.error != null) {
                    s.evaluated = false;
                    engine.scheduler.markPending(other);
                }
            }
        }
    }

    void removeNode(String id) {
        NodeRuntime n = engine.unregister(id);
        if (n == null) throw new IllegalArgumentException("no node '" + id + "'");
        n.removed = true;
        modelChanges++;
        engine.stop(n, true);
        // Whoever read the removed node re-evaluates (and reports the missing node) instead of
        // holding on to its last value silently.
        List<NodeRuntime> readers = new ArrayList<>(n.softDependents);
        for (NodeRuntime other : engine.nodes()) {
            if (other.spec.inputs().contains(id)) {
                List<String> in = new ArrayList<>(other.spec.inputs());
                in.removeIf(id::equals);
                other.spec = other.spec.withInputs(in);
            }
        }
        engine.topology.rebuild();
        for (NodeRuntime r : readers) {
            for (ParamSlot s : r.params) {
                for (int i = 0; i < s.reads.count; i++) if (s.reads.nodes[i] == n) s.evaluated = false;
            }
            if (r.cookReads != null) {
                r.cookReads.clear();
                engine.scheduler.cookAgain(r);
            }
            engine.scheduler.markPending(r);
        }
    }

    void setInputs(String id, List<String> upstream) {
        NodeRuntime n = engine.require(id);
        n.spec = n.spec.withInputs(upstream);
        modelChanges++;
        engine.topology.rebuild();
        engine.scheduler.markPending(n);
    }

    void setParam(String id, String name, ParamValue value) {
        NodeRuntime n = engine.require(id);
        ParamSlot s = n.slot(name);
        if (s == null) throw new IllegalArgumentException("node '" + id + "' has no parameter '" + name + "'");
        if (value instanceof ParamValue.Constant c && s.descriptor.kind() != ParamKind.SECRET) {
            value = ParamValue.constant(s.descriptor.coerce(c.value()));
        }
        engine.params.applySource(n, s, value);
        n.spec = n.spec.withParam(name, value);
        modelChanges++;
        if (!engine.scheduler.inFrame) engine.topology.rebuildIfDirty();
    }

    /** Back to the type's default value. */
    void resetParam(String id, String name) {
        NodeRuntime n = engine.require(id);
        ParamSlot s = n.slot(name);
        if (s == null) throw new IllegalArgumentException("node '" + id + "' has no parameter '" + name + "'");
        engine.params.applySource(n, s, null);
        n.spec = n.spec.withParam(name, null);
        modelChanges++;
    }

    void setCallbacks(String id, CallbackSpec spec) {
        NodeRuntime n = engine.require(id);
        n.callbacks = loadCallbacks(n, spec);
        n.spec = n.spec.withCallbacks(spec);
        modelChanges++;
        engine.topology.rebuild();
    }

    /** Moves the node in the editor; the running node does not see it. */
    void move(String id, Double x, Double y) {
        NodeRuntime n = engine.require(id);
        NodeSpec s = n.spec;
        replaceModel(new NodeSpec(s.id(), s.type(), s.params(), s.inputs(), s.callbacks(), x, y, s.comment()));
    }

    /** Sets the node's comment (null for none); the running node does not see it. */
    void comment(String id, String text) {
        NodeRuntime n = engine.require(id);
        NodeSpec s = n.spec;
        replaceModel(new NodeSpec(s.id(), s.type(), s.params(), s.inputs(), s.callbacks(), s.x(), s.y(), text));
    }

    /**
     * Replaces a node's model by {@code spec}, which must describe the same running node (same id, type,
     * parameter values, inputs and callbacks): only what the running node never sees may differ.
     */
    void replaceModel(NodeSpec spec) {
        NodeRuntime n = engine.require(spec.id());
        NodeSpec s = n.spec;
        if (!s.type().equals(spec.type())
                || !s.params().equals(spec.params())
                || !s.inputs().equals(spec.inputs())
                || !Objects.equals(s.callbacks(), spec.callbacks())) {
            throw new IllegalStateException("node '" + spec.id() + "': a model-only change may not change what runs");
        }
        // Equal specs may still list their parameters in another order, which a saved file shows.
        if (s.equals(spec)
                && List.copyOf(s.params().keySet())
                        .equals(List.copyOf(spec.params().keySet()))) return;
        n.spec = spec;
        modelChanges++;
    }

    /** Sets the graph's own comment (null for none). */
    void graphComment(String text) {
        if (Objects.equals(graphComment, text)) return;
        graphComment = text;
        modelChanges++;
    }

    /** Puts the nodes in this order (every node id once); the graph's shape does not change. */
    void reorder(List<String> ids) {
        if (engine.reorder(ids)) {
            modelChanges++;
            engine.topology.rebuild();
        }
    }

    /** {@return a number that grows with every change of the model} */
    long modelChanges() {
        return modelChanges;
    }

    void watch(String id, boolean on) {
        engine.require(id).watched = on;
        engine.topology.rebuild();
    }

    /** {@return the graph model as it is now, after live edits} */
    Graph currentGraph() {
        List<NodeSpec> specs = new ArrayList<>();
        for (NodeRuntime n : engine.nodes()) specs.add(n.spec);
        return new Graph(specs, graphComment);
    }
}
