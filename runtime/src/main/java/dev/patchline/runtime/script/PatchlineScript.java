package dev.patchline.runtime.script;

import dev.patchline.runtime.op.NodeView;
import groovy.lang.Script;

/**
 * Base class of every compiled Groovy script and expression: gives scripts the {@code op('id')}
 * function, resolved through the {@link OpResolver} in the variable map. Public only because
 * generated classes extend it.
 */
public abstract class PatchlineScript extends Script {

    /** {@return the node with this id (TouchDesigner's {@code op('name')})} */
    public NodeView op(String id) {
        Object resolver = getBinding().getVariables().get(OpResolver.VARIABLE);
        if (!(resolver instanceof OpResolver r)) {
            throw new IllegalStateException("op('" + id + "') is not available here (no graph attached)");
        }
        return r.op(id);
    }
}
