package dev.patchline.nodes.core;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.param.ParameterDescriptor;

/**
 * Looks up the node an operator parameter names ({@code chop}, {@code dat}) and reports one error when it is not
 * there, so that every operator that reads another node by reference says the same thing. What an empty parameter
 * means (an error, or "use the wired input") stays the operator's choice. Cook thread only.
 */
public final class ReferencedNodes {
    private ReferencedNodes() {}

    /**
     * The CHOP that {@code parameter} names, or null after reporting an error on the node when no CHOP by that id
     * exists. The parameter must not be empty.
     */
    public static NodeView chopNode(CookContext ctx, ParameterDescriptor<String> parameter) {
        NodeView v = ctx.op(parameter);
        if (v == null || v.getChannels() == null) {
            ctx.error("parameter '" + parameter.name() + "': no CHOP '" + ctx.par(parameter) + "' in this graph");
            return null;
        }
        return v;
    }

    /** The channels of {@link #chopNode}, or null after the same error. */
    public static Channels chop(CookContext ctx, ParameterDescriptor<String> parameter) {
        NodeView v = chopNode(ctx, parameter);
        return v == null ? null : v.getChannels();
    }

    /**
     * The node that {@code parameter} names for its table, or null after reporting an error on the node when no node
     * by that id exists. The parameter must not be empty.
     */
    public static NodeView tableNode(CookContext ctx, ParameterDescriptor<String> parameter) {
        NodeView v = ctx.op(parameter);
        if (v == null) {
            ctx.error("parameter '" + parameter.name() + "': no node '" + ctx.par(parameter) + "' in this graph");
        }
        return v;
    }

    /** The table of {@link #tableNode}, or null after the same error. */
    public static Table table(CookContext ctx, ParameterDescriptor<String> parameter) {
        NodeView v = tableNode(ctx, parameter);
        return v == null ? null : v.getTable();
    }
}
