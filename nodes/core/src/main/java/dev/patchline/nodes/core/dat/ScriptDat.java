package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.script.AbsTime;
import dev.patchline.runtime.script.OpResolver;
import dev.patchline.runtime.script.ScriptCompileException;
import dev.patchline.runtime.script.ScriptInstance;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.util.HashMap;
import java.util.Map;

/**
 * Script DAT: Groovy {@code onCook(scriptOp)} builds the table from the inputs. The script comes from
 * the {@code script} parameter (compiled by this operator, so a syntax error shows its line and column
 * on the node while the graph keeps running) or from the node's callbacks.
 */
public final class ScriptDat implements Operator {
    public static final ParameterDescriptor<String> SCRIPT = ParameterDescriptor.ofString("script")
            .label("Script")
            .help("Groovy source defining onCook(scriptOp). Empty: use the node's callbacks instead.")
            .build();
    public static final ParameterDescriptor<Boolean> COOKALWAYS = ParameterDescriptor.ofToggle("cookalways")
            .label("Cook Every Frame")
            .help("Cook on every frame, not only when an input or something the script read changed.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("script", Family.DAT)
            .parameters(SCRIPT, COOKALWAYS)
            .input(PortSpec.dat("inputs", "tables the script reads as scriptOp.inputs")
                    .optional()
                    .asRepeating())
            .doc(OperatorDoc.builder("A table built by a Groovy onCook(scriptOp) function.")
                    .label("Script DAT")
                    .details("""
                            Each cook calls `onCook(scriptOp)`. `scriptOp.inputs` are the wired tables; \
                            `scriptOp.clear()`, `setHeader(...)`, `appendRow(...)`, `setCell(r, c, v)` and \
                            `scriptOp.table` write the output, which keeps its content between cooks. The script \
                            also sees `me`, `op('id')`, `absTime` and `log`; whatever it reads through `op()` \
                            becomes a dependency and makes the node cook again when it changes.
                            A script that does not compile puts the node into the error state with the line and \
                            column; a failing `onCook` shows the script line. Other nodes keep cooking.""")
                    .callback("onCook", "Called on every cook; build the output table here.", "scriptOp")
                    .build())
            .build(ScriptDat::new);

    private final ScriptOp scriptOp = new ScriptOp();
    private final Map<String, Object> vars = new HashMap<>();
    private String source;
    private ScriptInstance instance;
    private String problem;
    private CookContext current;

    @Override
    public void onStart(OperatorContext ctx) {
        vars.put("me", ctx.me());
        vars.put("log", ctx.log());
        vars.put("absTime", new AbsTime() {
            @Override
            public long getFrame() {
                return current == null ? 0 : current.frame();
            }

            @Override
            public double getSeconds() {
                return current == null ? 0 : current.seconds();
            }
        });
        vars.put(OpResolver.VARIABLE, (OpResolver) id -> {
            var v = current == null ? null : current.op(id);
            if (v == null) throw new IllegalArgumentException("op('" + id + "'): no such node");
            return v;
        });
    }

    @Override
    public void cook(CookContext ctx) {
        current = ctx;
        try {
            scriptOp.bind(ctx);
            String src = ctx.par(SCRIPT);
            if (!src.equals(source)) load(ctx, src);
            if (problem != null) {
                ctx.error(problem);
            } else if (instance != null) {
                if (!instance.has("onCook")) {
                    ctx.error("parameter 'script' defines no onCook(scriptOp) function");
                } else {
                    try {
                        instance.call("onCook", scriptOp);
                    } catch (ScriptRuntimeException e) {
                        ctx.error(e.getMessage());
                    }
                }
            } else if (ctx.callbacks().has("onCook")) {
                ctx.callbacks().invoke("onCook", scriptOp);
            } else {
                ctx.warning("nothing to run: set parameter 'script' or attach callbacks with onCook(scriptOp)");
            }
            if (ctx.par(COOKALWAYS)) ctx.requestCookNextFrame();
        } finally {
            current = null;
            scriptOp.bind(null);
        }
    }

    private void load(CookContext ctx, String src) {
        source = src;
        instance = null;
        problem = null;
        if (src.isBlank()) return;
        try {
            instance =
                    ctx.scripts().compileScript(src, ctx.nodeId() + "/script").instantiate(vars);
        } catch (ScriptCompileException e) {
            problem = "parameter 'script' does not compile at line " + e.line() + ", column " + e.column() + ": "
                    + e.reason();
        } catch (ScriptRuntimeException e) {
            problem = e.getMessage();
        }
    }
}
