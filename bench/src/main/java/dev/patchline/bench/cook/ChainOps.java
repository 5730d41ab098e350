package dev.patchline.bench.cook;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;

/** The operators of the cook benchmark: as little work of their own as a DAT can do. */
final class ChainOps {
    private ChainOps() {}

    /** Strings the ticking head cycles through, so that the head itself allocates nothing. */
    static final String[] FRAMES = new String[1024];

    static {
        for (int i = 0; i < FRAMES.length; i++) FRAMES[i] = Integer.toString(i);
    }

    /** Time-dependent head: writes the frame number into its one cell every frame. */
    static final OperatorType TICKING_HEAD = OperatorType.define("benchTickingHead", Family.DAT)
            .timeDependent()
            .summary("Bench: a cell that changes every frame.")
            .build(() -> ctx -> {
                OutputTable out = ctx.output();
                if (out.numRows() == 0) out.appendRow("0");
                out.setCell(0, 0, FRAMES[(int) (ctx.frame() & (FRAMES.length - 1))]);
            });

    /** A head that never changes after its first cook. */
    static final OperatorType STILL_HEAD = OperatorType.define("benchStillHead", Family.DAT)
            .summary("Bench: a cell that never changes.")
            .build(() -> ctx -> {
                OutputTable out = ctx.output();
                if (out.numRows() == 0) out.appendRow("0");
            });

    /** Copies the input's single cell: the smallest useful DAT. */
    static final OperatorType PASS = OperatorType.define("benchPass", Family.DAT)
            .input(PortSpec.dat("input", "one cell"))
            .summary("Bench: copies one cell.")
            .build(() -> ctx -> work(ctx.input(0), ctx.output()));

    /** The operator's own work, also timed alone as the baseline. */
    static void work(Table in, OutputTable out) {
        if (out.numRows() == 0) out.appendRow("");
        out.setCell(0, 0, in.cell(0, 0));
    }

    static OperatorRegistry registry() {
        return OperatorRegistry.of(TICKING_HEAD, STILL_HEAD, PASS);
    }
}
