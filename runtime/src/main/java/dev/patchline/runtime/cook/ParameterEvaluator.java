package dev.patchline.runtime.cook;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.param.ParameterValueException;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.util.Objects;

/**
 * Gives parameters their values: constants, environment variables, expressions and binds, from
 * the graph model, a live edit or an operator. Re-evaluates stale expressions and binds when the
 * scheduler visits their node, and tells the scheduler when a value changed. Cook thread only.
 */
final class ParameterEvaluator {
    private final Engine engine;

    ParameterEvaluator(Engine engine) {
        this.engine = engine;
    }

    /** Re-evaluates stale expressions and binds; {@return whether any value changed} */
    boolean refresh(NodeRuntime n) {
        boolean changed = false;
        for (ParamSlot s : n.params) {
            if (s.dynamic() && s.stale()) changed |= evaluate(n, s);
        }
        return changed;
    }

    private boolean evaluate(NodeRuntime n, ParamSlot s) {
        ReadRecorder reads = engine.reads;
        Reads previous = reads.reader;
        NodeRuntime previousOwner = reads.owner;
        NodeRuntime previousCook = reads.cook;
        s.reads.clear();
        reads.set(s.reads, n, null);
        Object value;
        CookActivity.Doing previousDoing = engine.activity.enter(s.evaluating(n.id()));
        try {
            Object raw = s.expression != null ? s.expression.evaluate() : readBind(s);
            value = s.descriptor.coerce(raw);
            s.error = null;
        } catch (ScriptRuntimeException
                | IllegalArgumentException
                | IllegalStateException
                | IndexOutOfBoundsException
                | ClassCastException e) {
            s.error = "parameter '" + s.descriptor.name() + "': " + Engine.describe(e);
            value = null;
        } finally {
            reads.set(previous, previousOwner, previousCook);
        }
        engine.activity.exit(previousDoing);
        s.evaluated = true;
        reads.link(n, s.reads);
        if (s.error != null) {
            if (!n.sched.cooking) n.setState(NodeState.ERROR, s.error);
            return false;
        }
        if (!Objects.equals(value, s.value)) {
            changeValue(n, s, value);
            return true;
        }
        return false;
    }

    private Object readBind(ParamSlot s) {
        NodeRuntime target = engine.node(s.bindNode);
        if (target == null) throw new IllegalArgumentException("bind target node '" + s.bindNode + "' does not exist");
        engine.reads.record(target);
        if (target.channels != null) {
            Channels c = target.channels;
            int chan = c.index(s.bindA);
            if (chan < 0) chan = index(s.bindA);
            if (chan < 0 || chan >= c.numChans()) {
                throw new IllegalArgumentException(
                        "bind '" + s.bindNode + "/" + s.bindA + "': no channel '" + s.bindA + "'");
            }
            if (c.numSamples() == 0)
                throw new IllegalArgumentException("bind '" + s.bindNode + "/" + s.bindA + "': channel has no samples");
            return c.value(chan, 0);
        }
        Table t = target.table;
        // A row is named by its first cell; a number that names no row is an index.
        int row = -1;
        for (int r = 0; r < t.numRows(); r++) {
            if (t.cell(r, 0).equals(s.bindA)) {
                row = r;
                break;
            }
        }
        if (row < 0) row = index(s.bindA);
        if (row < 0 || row >= t.numRows()) {
            throw new IllegalArgumentException(
                    "bind '" + s.bindNode + "/" + s.bindA + "/" + s.bindB + "': no row '" + s.bindA + "'");
        }
        int col = t.col(s.bindB);
        if (col < 0) col = index(s.bindB);
        if (col < 0)
            throw new IllegalArgumentException(
                    "bind '" + s.bindNode + "/" + s.bindA + "/" + s.bindB + "': no column '" + s.bindB + "'");
        return t.cell(row, col);
    }

    private static int index(String s) {
        if (s == null || s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return -1;
        return Integer.parseInt(s);
    }

    /** Sets a constant from an operator or a node handle; the model keeps it unless it is a secret or a pulse. */
    void setConstant(NodeRuntime n, ParamSlot s, Object value) {
        String problem = s.descriptor.validate(value, engine.baseDir);
        if (problem != null) throw new ParameterValueException(problem);
        s.expression = null;
        s.bindNode = null;
        s.error = null;
        s.source = s.descriptor.kind() == ParamKind.SECRET ? s.source : ParamValue.constant(value);
        updateDynamicFlag(n);
        if (!Objects.equals(value, s.value)) {
            changeValue(n, s, value);
            engine.scheduler.markPending(n);
            if (s.descriptor.kind() == ParamKind.OPERATOR) engine.topology.markDirty();
            if (s.descriptor.kind() != ParamKind.SECRET && s.descriptor.kind() != ParamKind.PULSE) {
                n.spec = n.spec.withParam(s.descriptor.name(), ParamValue.constant(value));
            }
        }
    }

    void firePulse(NodeRuntime n, ParamSlot s) {
        s.fired = true;
        s.changed = true;
        engine.scheduler.paramsChanged(n);
        engine.scheduler.markPending(n);
    }

    /** Applies a parameter's mode and value from the graph model (start or live edit). */
    void applySource(NodeRuntime n, ParamSlot s, ParamValue source) {
        s.source = source;
        s.expression = null;
        s.bindNode = null;
        s.error = null;
        s.reads.clear();
        s.evaluated = false;
        Object value = s.value;
        ParameterDescriptor<?> d = s.descriptor;
        if (source == null) {
            value = d.defaultValue();
        } else if (source instanceof ParamValue.Constant c) {
            value = c.value();
        } else if (source instanceof ParamValue.Env e) {
            String text = engine.environment.get(e.name());
            if (text == null) throw new IllegalArgumentException("environment variable " + e.name() + " is not set");
            value = d.kind() == ParamKind.SECRET ? Secret.fromEnv(e.name(), text) : d.coerce(text);
        } else if (source instanceof ParamValue.Expression x) {
            s.expression = engine.scripts
                    .compileExpression(x.source(), n.id() + "/params/" + d.name())
                    .bind(n.scriptVariables);
        } else if (source instanceof ParamValue.Bind b) {
            String[] parts = b.target().split("/", -1);
            s.bindNode = parts[0];
            s.bindA = parts.length > 1 ? parts[1] : "";
            s.bindB = parts.length > 2 ? parts[2] : null;
        }
        updateDynamicFlag(n);
        if (!Objects.equals(value, s.value)
                || source instanceof ParamValue.Expression
                || source instanceof ParamValue.Bind) {
            changeValue(n, s, value);
        }
        engine.scheduler.markPending(n);
        engine.topology.markDirty();
    }

    /**
     * A parameter's value changed: the node cooks with it ({@code ctx.parChanged} is true there), and
     * the nodes that read this node re-evaluate.
     */
    private void changeValue(NodeRuntime n, ParamSlot s, Object value) {
        s.value = value;
        s.changed = true;
        engine.scheduler.paramsChanged(n);
        n.stamp++;
        engine.scheduler.onStampChanged(n);
    }

    private static void updateDynamicFlag(NodeRuntime n) {
        boolean dynamic = false;
        for (ParamSlot s : n.params) dynamic |= s.dynamic();
        n.hasDynamicParams = dynamic;
        if (!dynamic) n.timeDependentParams = false;
    }
}
