package dev.patchline.runtime.cook;

import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.script.BoundExpression;

/**
 * The live state of one parameter of one node: its mode, current value, change flags and, for
 * expressions and binds, what the value was computed from. Cook thread only.
 */
final class ParamSlot {
    final ParameterDescriptor<?> descriptor;
    ParamValue source;
    Object value;

    /** Changed since the node's last cook; becomes {@link #changedNow} when the next cook starts. */
    boolean changed = true;

    boolean changedNow;
    boolean fired;
    boolean firedNow;

    // Expression mode.
    BoundExpression expression;
    // Bind mode: "node/chan" or "node/row/col".
    String bindNode;
    String bindA;
    String bindB;

    /** What the last evaluation read. */
    final Reads reads = new Reads();

    boolean evaluated;
    String error;

    /** What the watchdog shows while this parameter's expression runs; made lazily, once. */
    private CookActivity.Doing evaluating;

    ParamSlot(ParameterDescriptor<?> descriptor, Object value) {
        this.descriptor = descriptor;
        this.value = value;
    }

    CookActivity.Doing evaluating(String nodeId) {
        CookActivity.Doing d = evaluating;
        if (d == null)
            evaluating = d = new CookActivity.Doing(nodeId, "expression of parameter '" + descriptor.name() + "'");
        return d;
    }

    boolean dynamic() {
        return expression != null || bindNode != null;
    }

    /** {@return whether something the last evaluation read has changed since (or it never ran)} */
    boolean stale() {
        return !evaluated || reads.time || reads.changed();
    }
}
