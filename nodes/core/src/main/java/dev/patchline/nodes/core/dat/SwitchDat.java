package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Tables;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;

/** Switch DAT: passes one of its inputs through, chosen by index. */
public final class SwitchDat implements Operator {
    public static final ParameterDescriptor<Integer> INDEX = ParameterDescriptor.ofInt("index")
            .label("Index")
            .range(0, 10_000)
            .clamp()
            .help("Which input to pass through, 0-based; clamped to the wired inputs. Often an expression or a bind.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("switch", Family.DAT)
            .parameters(INDEX)
            .input(PortSpec.dat("inputs", "the tables to choose from").asRepeating())
            .doc(OperatorDoc.builder("Passes one of its inputs through, chosen by index.")
                    .label("Switch DAT")
                    .details("""
                            Outputs input `index` (0-based, clamped to the number of wires). While the index \
                            stays, changes of the chosen input are applied incrementally like the Null DAT; \
                            switching copies the newly chosen table once.""")
                    .info("rows_copied", "rows copied or updated by the last cook")
                    .info("active", "the input passed through")
                    .build())
            .build(SwitchDat::new);

    private final DeltaReader reader = new DeltaReader();
    private int active = -1;

    @Override
    public void cook(CookContext ctx) {
        if (ctx.numInputs() == 0) {
            ctx.error("switch: wire at least one input");
            return;
        }
        int i = Math.min(ctx.par(INDEX), ctx.numInputs() - 1);
        if (ctx.par(INDEX) >= ctx.numInputs()) {
            ctx.warning("parameter 'index' is " + ctx.par(INDEX) + " but only " + ctx.numInputs()
                    + " inputs are wired; using " + i);
        }
        if (i != active) {
            reader.invalidate();
            active = i;
        }
        var in = ctx.input(i);
        ctx.info("rows_copied", Tables.mirror(in, ctx.output(), reader, reader.read(in)));
        ctx.info("active", i);
    }
}
