package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;

/** Transpose DAT: rows become columns. */
public final class TransposeDat implements Operator {
    public static final OperatorType TYPE = OperatorType.define("transpose", Family.DAT)
            .input(PortSpec.dat("input", "the table to turn"))
            .doc(OperatorDoc.builder("Rows become columns and columns become rows.")
                    .label("Transpose DAT")
                    .details("""
                            Treats the header as row 0 of the whole grid, swaps rows and columns, and uses the \
                            new row 0 as the header: a table `name,temp / kitchen,21 / hall,19` becomes \
                            `name,kitchen,hall / temp,21,19`. Ragged rows are padded with empty cells. Rebuilds \
                            on every input change.""")
                    .build())
            .build(TransposeDat::new);

    @Override
    public void cook(CookContext ctx) {
        Table in = ctx.input(0);
        int width = in.numCols();
        for (int r = 0; r < in.numRows(); r++) width = Math.max(width, in.rowLength(r));
        int height = in.numRows() + 1;
        OutputTable out = ctx.output();
        String[] header = new String[height];
        header[0] = in.header(0);
        for (int r = 0; r < in.numRows(); r++) header[r + 1] = in.cell(r, 0);
        out.setHeader(width == 0 ? new String[0] : header);
        out.clear();
        for (int c = 1; c < width; c++) {
            String[] row = new String[height];
            row[0] = in.header(c);
            for (int r = 0; r < in.numRows(); r++) row[r + 1] = in.cell(r, c);
            out.appendRow(row);
        }
    }
}
