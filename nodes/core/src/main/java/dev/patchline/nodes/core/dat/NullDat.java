package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Tables;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;

/** Null DAT: passes its input through unchanged (a named tap point), copying only what changed. */
public final class NullDat implements Operator {
    public static final OperatorType TYPE = OperatorType.define("null", Family.DAT)
            .input(PortSpec.dat("input", "the table to pass through"))
            .doc(OperatorDoc.builder("Passes its input through unchanged.")
                    .label("Null DAT")
                    .details("""
                            A stable place to reference a table from (`op('out1')`) or to hang a viewer on. It \
                            applies the input's delta (appended rows, head drops, changed cells), so passing a \
                            growing log through costs the new rows only.""")
                    .info("rows_copied", "rows copied or updated by the last cook")
                    .build())
            .build(NullDat::new);

    private final DeltaReader reader = new DeltaReader();

    @Override
    public void cook(CookContext ctx) {
        var in = ctx.input(0);
        ctx.info("rows_copied", Tables.mirror(in, ctx.output(), reader, reader.read(in)));
    }
}
