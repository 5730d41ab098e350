package dev.patchline.nodes.core;

import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.script.AbsTime;
import dev.patchline.runtime.script.BoundExpression;
import dev.patchline.runtime.script.OpResolver;
import dev.patchline.runtime.script.ScriptCompileException;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.util.HashMap;
import java.util.Map;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * An operator's own expression evaluated many times per cook (once per row or cell) with {@code me}
 * bound to a reused {@link CellScope}. Compiled once per source text (the bridge caches it), bound
 * once, so an evaluation allocates only what the expression itself does. {@code op('id')} and
 * {@code absTime} work as in parameter expressions; reading another node through {@code op()}
 * makes the operator re-cook when that node changes. Cook thread only.
 */
public final class CellExpression {
    private final Map<String, Object> vars = new HashMap<>();
    private final String parameterName;
    private final String label;
    private String source;
    private BoundExpression bound;
    private String compileError;
    private CookContext ctx;

    /** @param parameterName the parameter holding the source, used in messages */
    public CellExpression(String parameterName, CellScope scope) {
        this(parameterName, "parameter '" + parameterName + "'", scope);
    }

    /**
     * @param origin short name used as the script origin
     * @param label  how messages name the expression, e.g. "input 'expressions' row 2, column 1"
     */
    public CellExpression(String origin, String label, CellScope scope) {
        this.parameterName = origin;
        this.label = label;
        vars.put("me", scope);
        vars.put("absTime", new AbsTime() {
            @Override
            public long getFrame() {
                return ctx.frame();
            }

            @Override
            public double getSeconds() {
                return ctx.seconds();
            }
        });
        vars.put(OpResolver.VARIABLE, (OpResolver) id -> {
            var v = ctx.op(id);
            if (v == null) throw new IllegalArgumentException("op('" + id + "'): no such node");
            return v;
        });
    }

    /**
     * Compiles {@code src} when it changed and binds it for this cook.
     *
     * @return false when it does not compile; the node then shows the error with line and column
     */
    public boolean prepare(CookContext ctx, String src) {
        this.ctx = ctx;
        if (!src.equals(source)) {
            source = src;
            bound = null;
            compileError = null;
            try {
                bound = ctx.scripts()
                        .compileExpression(src, ctx.nodeId() + "/" + parameterName)
                        .bind(vars);
            } catch (ScriptCompileException e) {
                compileError =
                        label + " does not compile at line " + e.line() + ", column " + e.column() + ": " + e.reason();
            }
        }
        if (compileError != null) {
            ctx.error(compileError);
            return false;
        }
        return true;
    }

    /** {@return the expression's value} @throws ScriptRuntimeException with the script line */
    public Object evaluate() {
        return bound.evaluate();
    }

    /** {@return the expression's value in Groovy truth (null, 0, "" and empty are false)} */
    public boolean test() {
        return DefaultTypeTransformation.castToBoolean(bound.evaluate());
    }

    /** {@return the message for a failed evaluation at a row, naming the parameter} */
    public String failure(ScriptRuntimeException e, int row) {
        return label + " failed on row " + row + ": " + e.getMessage();
    }

    /** {@return how messages name this expression, e.g. "parameter 'expr'"} */
    public String label() {
        return label;
    }

    /** Drops the reference to the cook context at the end of a cook. */
    public void release() {
        ctx = null;
    }
}
