package dev.patchline.runtime.script;

/** A compiled expression bound to a variable map; confined to one thread. */
public interface BoundExpression {

    /**
     * {@return the value of the expression}
     *
     * @throws ScriptRuntimeException when the expression throws; the message has the line
     */
    Object evaluate();
}
