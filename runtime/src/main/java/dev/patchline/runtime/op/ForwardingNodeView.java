package dev.patchline.runtime.op;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link NodeView} that answers with another view's answers: the base of an operator's own {@code dat} argument,
 * which adds members to the node's view (TouchDesigner's {@code send}, {@code publish}, ...) and forwards the rest to
 * the view the runtime gave the operator ({@link OperatorContext#me()}).
 *
 * <p>Threading: cook thread only, as the view it forwards to.
 */
public abstract class ForwardingNodeView implements NodeView {
    private final NodeView node;

    protected ForwardingNodeView(NodeView node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public final String getId() {
        return node.getId();
    }

    @Override
    public final OperatorType getType() {
        return node.getType();
    }

    @Override
    public final Family getFamily() {
        return node.getFamily();
    }

    @Override
    public final Table getTable() {
        return node.getTable();
    }

    @Override
    public final Channels getChannels() {
        return node.getChannels();
    }

    @Override
    public final Map<String, Object> getPar() {
        return node.getPar();
    }

    @Override
    public final void pulse(String name) {
        node.pulse(name);
    }

    @Override
    public final NodeState getState() {
        return node.getState();
    }

    @Override
    public final String getMessage() {
        return node.getMessage();
    }

    @Override
    public final long getCookCount() {
        return node.getCookCount();
    }

    @Override
    public final Map<String, Double> getInfo() {
        return node.getInfo();
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
