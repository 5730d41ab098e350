package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.ReferencedNodes;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.List;

/** DAT Execute DAT: runs callbacks when another DAT's table changes. */
public final class DatExecuteDat implements Operator {
    public static final ParameterDescriptor<String> DAT = ParameterDescriptor.ofOperator("dat", Family.DAT)
            .label("DAT")
            .help("Id of the table to watch.")
            .build();
    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Run the callbacks; while off, changes are ignored.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("datExecute", Family.DAT)
            .formerIds("datexec")
            .parameters(DAT, ACTIVE)
            .cookAlways()
            .doc(OperatorDoc.builder("Runs callbacks when another DAT's table changes.")
                    .label("DAT Execute DAT")
                    .details("""
                            Watches the table named by `dat` and, in the frame it changes, calls the callbacks \
                            attached to this node with TouchDesigner's names. `rows` are the 0-based indexes of \
                            appended rows and rows with changed cells (all rows after a structural change); \
                            `cells` are `[row, col]` pairs changed in place. The output table logs nothing; it \
                            stays empty.""")
                    .callback("onTableChange", "The table changed in any way.", "dat")
                    .callback("onRowChange", "Rows were appended or had cells changed.", "dat", "rows")
                    .callback("onCellChange", "Cells were changed in place.", "dat", "cells")
                    .callback("onSizeChange", "The number of rows or columns changed.", "dat")
                    .info("changes", "table changes seen since start")
                    .build())
            .build(DatExecuteDat::new);

    private final DeltaReader reader = new DeltaReader();
    private int rows = -1;
    private int cols = -1;
    private long changes;

    @Override
    public void cook(CookContext ctx) {
        if (ctx.par(DAT).isEmpty()) {
            ctx.error("parameter 'dat' is empty: set it to the id of the table to watch");
            return;
        }
        NodeView v = ReferencedNodes.tableNode(ctx, DAT);
        if (v == null) return;
        Table t = v.getTable();
        DeltaReader.Change change = reader.read(t);
        boolean first = rows < 0;
        boolean sizeChanged = t.numRows() != rows || t.numCols() != cols;
        rows = t.numRows();
        cols = t.numCols();
        Callbacks cb = ctx.callbacks();
        if (cb == Callbacks.NONE) ctx.warning("no callbacks attached: add onTableChange(dat) and friends");
        // The first look is the initial state, not a change (TouchDesigner fires on changes only).
        if (first || change == DeltaReader.Change.NONE || !ctx.par(ACTIVE)) return;
        changes++;
        ctx.info("changes", changes);
        cb.invoke("onTableChange", v);
        if (cb.has("onRowChange") || cb.has("onCellChange")) {
            List<Integer> changedRows = new ArrayList<>();
            List<List<Integer>> cells = new ArrayList<>();
            if (change == DeltaReader.Change.RESET) {
                for (int r = 0; r < t.numRows(); r++) changedRows.add(r);
            } else {
                TableDelta d = t.delta();
                for (int i = 0; i < d.changedCells(); i++) {
                    int r = (int) (d.changedRowSeq(i) - t.firstRowSeq());
                    if (r < 0) continue;
                    cells.add(List.of(r, d.changedCol(i)));
                    if (!changedRows.contains(r)) changedRows.add(r);
                }
                for (int r = t.numRows() - reader.appended(); r < t.numRows(); r++) changedRows.add(r);
            }
            if (!changedRows.isEmpty()) cb.invoke("onRowChange", v, changedRows);
            if (!cells.isEmpty()) cb.invoke("onCellChange", v, cells);
        }
        if (sizeChanged) cb.invoke("onSizeChange", v);
    }
}
