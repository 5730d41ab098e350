package dev.patchline.runtime.script;

import java.util.Map;

/** A compiled expression; immutable and thread-safe. Bind it to variables to evaluate it. */
public interface CompiledExpression {

    /** {@return the source text} */
    String source();

    /**
     * {@return an evaluable instance that reads its variables from {@code variables}} The map is live:
     * change its entries between evaluations instead of binding again, so evaluation allocates nothing
     * beyond what the expression itself does. Standard names: {@code me}, {@code absTime}, {@code log};
     * {@code op('id')} resolves through the {@link OpResolver} stored under {@link OpResolver#VARIABLE}.
     */
    BoundExpression bind(Map<String, Object> variables);
}
