package dev.patchline.runtime.script;

import dev.patchline.runtime.op.NodeView;

/**
 * Resolves {@code op('id')} inside scripts. The runtime stores one under {@link #VARIABLE} in the
 * variable map and uses it to record what an expression read.
 */
@FunctionalInterface
public interface OpResolver {
    /** The variable name under which the resolver is stored. */
    String VARIABLE = "__op";

    /** {@return the node with this id; throws when there is none} */
    NodeView op(String id);
}
