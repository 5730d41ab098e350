package dev.patchline.runtime.script;

/**
 * A pluggable script language for expressions and callbacks, in the spirit of JSR-223 but with
 * explicit compile and bind steps so that nothing is parsed twice and nothing allocates per
 * evaluation. The runtime ships {@link GroovyBridge}.
 *
 * <p>Threading: compiling is thread-safe (results are cached by source text). Bound expressions and
 * script instances are confined to one thread, normally the cook thread.
 */
public interface ScriptEngineBridge {

    /** {@return the language name, e.g. "groovy"} */
    String language();

    /**
     * Compiles an expression (its value is the value of its last statement). Compiling the same
     * source twice returns the cached result.
     *
     * @param source the expression text
     * @param origin where it came from, for messages, e.g. {@code "sel/params/rowexpr"}
     * @throws ScriptCompileException with line and column
     */
    CompiledExpression compileExpression(String source, String origin);

    /**
     * Compiles a script that defines functions (callbacks). Cached like expressions.
     *
     * @param origin file name or {@code "node/callbacks"}, for messages and stack traces
     * @throws ScriptCompileException with line and column
     */
    CompiledScript compileScript(String source, String origin);
}
