package dev.patchline.bench.tcp;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bench-only DAT that appends rows of 31-character text as fast as the graph cooks, while {@link #REMAINING} says
 * so: the input of the client TCP/IP DAT in the egress scenario.
 */
final class LineSourceOp implements Operator {
    static final AtomicLong REMAINING = new AtomicLong();
    static final int ROWS_PER_COOK = 4096;
    static final OperatorType TYPE = OperatorType.define("benchLineSource", Family.DAT).cookAlways()
            .summary("bench: rows of 31-character lines").build(LineSourceOp::new);

    private long next;

    @Override
    public void cook(CookContext ctx) {
        OutputTable out = ctx.output();
        if (out.numCols() == 0) {
            out.setHeader("text");
            out.setMaxRows(ROWS_PER_COOK * 2);
        }
        long want = Math.min(ROWS_PER_COOK, REMAINING.get());
        for (long i = 0; i < want; i++) {
            out.appendRow(Lines.TEXTS[(int) (next++ & (Lines.TEXTS.length - 1))]);
        }
        if (want > 0) {
            REMAINING.addAndGet(-want);
        }
        ctx.requestCookNextFrame();
    }
}
