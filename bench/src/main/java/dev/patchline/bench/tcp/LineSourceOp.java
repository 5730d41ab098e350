package dev.patchline.bench.tcp;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Bench-only DAT that appends rows of 31-character text as fast as the graph cooks, while {@link #REMAINING} says
 * so and while the sink is at most {@link #WINDOW_LINES} behind: the input of the client TCP/IP DAT in the egress
 * scenario.
 */
final class LineSourceOp implements Operator {
    static final AtomicLong REMAINING = new AtomicLong();
    static final int ROWS_PER_COOK = 4096;
    static final OperatorType TYPE = OperatorType.define("benchLineSource", Family.DAT)
            .cookAlways()
            .summary("bench: rows of 31-character lines")
            .build(LineSourceOp::new);

    /**
     * Lines sent but not yet counted by the sink that the source lets run ahead (1 MiB of 32-byte lines): the DAT
     * never blocks a send, so without a window the graph would queue the whole run in memory, while the Netty
     * producer is held to its channel's write watermarks.
     */
    static final long WINDOW_LINES = 32_768;
    /** Lines the sink has counted; set by the benchmark before each egress trial. */
    static final AtomicReference<LongSupplier> CONSUMED = new AtomicReference<>(() -> 0L);

    private long next;
    private long produced;

    @Override
    public void cook(CookContext ctx) {
        OutputTable out = ctx.output();
        if (out.numCols() == 0) {
            out.setHeader("text");
            out.setMaxRows(ROWS_PER_COOK * 2);
        }
        if (produced - CONSUMED.get().getAsLong() > WINDOW_LINES) {
            // As the Netty producer waits for writability: the sink is a window behind, wait a little and retry.
            LockSupport.parkNanos(20_000);
            ctx.requestCookNextFrame();
            return;
        }
        long want = Math.min(ROWS_PER_COOK, REMAINING.get());
        produced += want;
        for (long i = 0; i < want; i++) {
            out.appendRow(Lines.TEXTS[(int) (next++ & (Lines.TEXTS.length - 1))]);
        }
        if (want > 0) {
            REMAINING.addAndGet(-want);
        }
        ctx.requestCookNextFrame();
    }
}
