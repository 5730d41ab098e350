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

    /**
     * Checks that an expression compiles, for validation of a graph that may come from someone else: an
     * implementation must run no code of {@code source} (nor compiler plug-ins it asks for) while checking. The
     * default compiles it, which is only right for languages whose compiler runs no code of the source.
     *
     * @throws ScriptCompileException with line and column
     */
    default void checkExpression(String source, String origin) {
        compileExpression(source, origin);
    }

    /** Checks that a script compiles; the same rules as {@link #checkExpression}. */
    default void checkScript(String source, String origin) {
        compileScript(source, origin);
    }
}
