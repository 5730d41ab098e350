package dev.patchline.cli;

import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A test operator: appends one row per frame, so a run has something to dump; counts its stops. */
public final class TickerDat implements Operator {
    static final AtomicInteger STOPS = new AtomicInteger();

    static final ParameterDescriptor<String> LABEL = ParameterDescriptor.ofString("label")
            .label("Label")
            .defaultValue("tick")
            .help("Text of the first cell of each row.")
            .build();
    static final ParameterDescriptor<Integer> LIMIT = ParameterDescriptor.ofInt("limit")
            .label("Limit")
            .defaultValue(3)
            .range(0, 1000)
            .help("Rows to write before it stops adding.")
            .build();

    static final OperatorType TYPE = OperatorType.define("cliTicker", Family.DAT)
            .parameters(LABEL, LIMIT)
            .timeDependent()
            .doc(OperatorDoc.builder("Adds a row per frame, up to a limit (CLI tests only).")
                    .label("Ticker DAT")
                    .details("Used by the CLI tests.")
                    .info("rows", "rows written")
                    .build())
            .build(TickerDat::new);

    /** Registers the ticker for the CLI tests. */
    public static final class Provider implements OperatorProvider {
        @Override
        public List<OperatorType> types() {
            return List.of(TYPE);
        }
    }

    @Override
    public void cook(dev.patchline.runtime.op.CookContext ctx) {
        var out = ctx.output();
        if (out.numCols() == 0) {
            out.setHeader("label", "n");
        }
        if (out.numRows() < ctx.par(LIMIT)) {
            out.appendRow(ctx.par(LABEL), Integer.toString(out.numRows()));
        }
        ctx.info("rows", out.numRows());
    }

    @Override
    public void onStop(boolean removed) {
        STOPS.incrementAndGet();
    }
}
