package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.CellExpression;
import dev.patchline.nodes.core.CellScope;
import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.LongRing;
import dev.patchline.nodes.core.Patterns;
import dev.patchline.nodes.core.ReferencedNodes;
import dev.patchline.nodes.core.Tables;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.script.ScriptRuntimeException;
import java.util.Arrays;

/**
 * Select DAT: rows and columns of a table by name, index, pattern or expression, with TouchDesigner's
 * extraction modes. Per-row modes (all, names by pattern, expression) cook incrementally: appended
 * input rows are tested alone and rows dropped from the input's head leave the output's head.
 */
public final class SelectDat implements Operator {
    public static final ParameterDescriptor<String> DAT = ParameterDescriptor.ofOperator("dat", Family.DAT)
            .label("DAT")
            .help("Table to select from instead of the wired input.")
            .build();

    public static final ParameterDescriptor<Extract> EXTRACTROWS = ParameterDescriptor.ofMenu(
                    "extractrows", Extract.class)
            .label("Extract Rows")
            .help("How data rows are chosen. Row indexes count data rows from 0 (the header is not a row).")
            .build();
    public static final ParameterDescriptor<String> ROWNAMESTART = ParameterDescriptor.ofString("rownamestart")
            .label("Start Row Name")
            .help("First row of the range: the row whose name (cell in 'fromcol') equals this; empty = first row.")
            .build();
    public static final ParameterDescriptor<String> ROWNAMEEND = ParameterDescriptor.ofString("rownameend")
            .label("End Row Name")
            .help("Last row of the range (inclusive); empty = last row.")
            .build();
    public static final ParameterDescriptor<Integer> ROWINDEXSTART = ParameterDescriptor.ofInt("rowindexstart")
            .label("Start Row Index")
            .range(0, Integer.MAX_VALUE)
            .help("First row of the range, 0-based.")
            .build();
    public static final ParameterDescriptor<Integer> ROWINDEXEND = ParameterDescriptor.ofInt("rowindexend")
            .label("End Row Index")
            .defaultValue(Integer.MAX_VALUE)
            .range(0, Integer.MAX_VALUE)
            .help("Last row of the range (inclusive), clamped to the table.")
            .build();
    public static final ParameterDescriptor<String> ROWNAMES = ParameterDescriptor.ofString("rownames")
            .label("Row Names")
            .defaultValue("*")
            .help("Pattern of row names for 'bynames': space-separated terms with * ? [a-z]; ^term excludes.")
            .build();
    public static final ParameterDescriptor<String> ROWEXPR = ParameterDescriptor.ofString("rowexpr")
            .label("Row Select Expression")
            .defaultValue("true")
            .help("Groovy condition per row for 'byexpr', e.g. me.inputRow['temp'].toDouble() > 25; "
                    + "me.inputCell is the row's name cell, me.rowIndex its index.")
            .build();
    public static final ParameterDescriptor<String> FROMCOL = ParameterDescriptor.ofString("fromcol")
            .label("From Column")
            .defaultValue("0")
            .help("Column holding row names: a header name or a 0-based index.")
            .build();

    public static final ParameterDescriptor<Extract> EXTRACTCOLS = ParameterDescriptor.ofMenu(
                    "extractcols", Extract.class)
            .label("Extract Columns")
            .help("How columns are chosen; a column's name is its header cell.")
            .build();
    public static final ParameterDescriptor<String> COLNAMESTART = ParameterDescriptor.ofString("colnamestart")
            .label("Start Column Name")
            .help("First column of the range; empty = first column.")
            .build();
    public static final ParameterDescriptor<String> COLNAMEEND = ParameterDescriptor.ofString("colnameend")
            .label("End Column Name")
            .help("Last column of the range (inclusive); empty = last column.")
            .build();
    public static final ParameterDescriptor<Integer> COLINDEXSTART = ParameterDescriptor.ofInt("colindexstart")
            .label("Start Column Index")
            .range(0, Integer.MAX_VALUE)
            .help("First column of the range, 0-based.")
            .build();
    public static final ParameterDescriptor<Integer> COLINDEXEND = ParameterDescriptor.ofInt("colindexend")
            .label("End Column Index")
            .defaultValue(Integer.MAX_VALUE)
            .range(0, Integer.MAX_VALUE)
            .help("Last column of the range (inclusive), clamped to the table.")
            .build();
    public static final ParameterDescriptor<String> COLNAMES = ParameterDescriptor.ofString("colnames")
            .label("Column Names")
            .defaultValue("*")
            .help("Pattern of column names for 'bynames'.")
            .build();
    public static final ParameterDescriptor<String> COLEXPR = ParameterDescriptor.ofString("colexpr")
            .label("Column Select Expression")
            .defaultValue("true")
            .help("Groovy condition per column for 'byexpr'; me.inputCell is the column name, me.colIndex its index.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("select", Family.DAT)
            .parameters(
                    DAT,
                    EXTRACTROWS,
                    ROWNAMESTART,
                    ROWNAMEEND,
                    ROWINDEXSTART,
                    ROWINDEXEND,
                    ROWNAMES,
                    ROWEXPR,
                    FROMCOL,
                    EXTRACTCOLS,
                    COLNAMESTART,
                    COLNAMEEND,
                    COLINDEXSTART,
                    COLINDEXEND,
                    COLNAMES,
                    COLEXPR)
            .input(PortSpec.dat("input", "the table to select from").optional())
            .doc(OperatorDoc.builder("Rows and columns of a table by name, index, pattern or expression.")
                    .label("Select DAT")
                    .details("""
                            Chooses data rows (`extractrows`) and columns (`extractcols`) of its input, or of the \
                            table named by `dat`. A row's name is its cell in `fromcol`; a column's name is its \
                            header cell. Ranges (`byname`, `byindex`, `bynameindex`, `byindexname`) are inclusive. \
                            `bynames` takes TouchDesigner patterns (`temp* ^temp_raw`), `byexpr` a Groovy condition \
                            with `me.inputRow['col']`, `me.inputCell`, `me.rowIndex`, `me.inputTable`, `op('id')`.

                            With `all`, `bynames` or `byexpr` rows, appended input rows are tested one by one and \
                            rows dropped from the input's head are dropped from the output, and cells changed in \
                            place update their output row: a cook costs the delta, not the table. Range modes, and \
                            edits that move a row into or out of the selection, rescan.""")
                    .port("input", "the table to select from; optional when `dat` is set")
                    .info("rows_examined", "input rows tested by the last cook")
                    .build())
            .build(SelectDat::new);

    private final DeltaReader reader = new DeltaReader();
    private final CellScope scope = new CellScope();
    private final CellExpression rowExpr = new CellExpression(ROWEXPR.name(), scope);
    private final CellExpression colExpr = new CellExpression(COLEXPR.name(), scope);
    /** Input row sequence number of each output row, to follow head drops. */
    private final LongRing sources = new LongRing();

    private int[] cols = new int[0];
    private Patterns rowPattern = Patterns.all();
    private int nameCol;
    private String rowError;

    @Override
    public void cook(CookContext ctx) {
        try {
            Table in = source(ctx);
            if (in == null) {
                ctx.error("select: wire an input or set parameter 'dat' to the table to select from");
                return;
            }
            scope.table(in, ctx.me());
            DeltaReader.Change change = reader.read(in);
            boolean paramsChanged = ctx.firstCook()
                    || ctx.parChanged(DAT)
                    || ctx.parChanged(EXTRACTROWS)
                    || ctx.parChanged(ROWNAMESTART)
                    || ctx.parChanged(ROWNAMEEND)
                    || ctx.parChanged(ROWINDEXSTART)
                    || ctx.parChanged(ROWINDEXEND)
                    || ctx.parChanged(ROWNAMES)
                    || ctx.parChanged(ROWEXPR)
                    || ctx.parChanged(FROMCOL)
                    || ctx.parChanged(EXTRACTCOLS)
                    || ctx.parChanged(COLNAMESTART)
                    || ctx.parChanged(COLNAMEEND)
                    || ctx.parChanged(COLINDEXSTART)
                    || ctx.parChanged(COLINDEXEND)
                    || ctx.parChanged(COLNAMES)
                    || ctx.parChanged(COLEXPR);
            Extract rows = ctx.par(EXTRACTROWS);
            if (rows == Extract.BYEXPR && !rowExpr.prepare(ctx, ctx.par(ROWEXPR))) return;
            rowError = null;
            int examined;
            if (!paramsChanged && change == DeltaReader.Change.NONE && !ctx.woken()) {
                examined = 0; // re-cooked because something the expression reads changed: rescan below
                if (rows == Extract.BYEXPR) examined = rebuild(ctx, in);
            } else if (!paramsChanged && change == DeltaReader.Change.INCREMENTAL && rows.perRow()) {
                examined = applyDelta(ctx, in);
            } else {
                examined = rebuild(ctx, in);
            }
            if (rowError != null) ctx.error(rowError);
            ctx.info("rows_examined", examined);
        } finally {
            rowExpr.release();
            colExpr.release();
        }
    }

    private Table source(CookContext ctx) {
        if (!ctx.par(DAT).isEmpty()) {
            return ReferencedNodes.table(ctx, DAT);
        }
        return ctx.numInputs() > 0 ? ctx.input(0) : null;
    }

    private int applyDelta(CookContext ctx, Table in) {
        OutputTable out = ctx.output();
        long first = in.firstRowSeq();
        int gone = 0;
        while (gone < sources.size() && sources.get(gone) < first) gone++;
        out.dropHead(gone);
        sources.removeHead(gone);
        int n = in.numRows();
        int start = n - reader.appended();
        // Cells changed in place: update rows that stay selected; a row that enters or leaves the
        // selection would have to be inserted or removed in the middle, which a table cannot do: rescan.
        TableDelta d = in.delta();
        int examined = 0;
        int lastRow = -1;
        for (int i = 0; i < d.changedCells(); i++) {
            int r = (int) (d.changedRowSeq(i) - first);
            if (r < 0 || r >= start || r == lastRow) continue;
            lastRow = r;
            examined++;
            int pos = sources.indexOfSorted(first + r);
            if ((pos >= 0) != selected(ctx, in, r)) return rebuild(ctx, in);
            if (pos >= 0) for (int k = 0; k < cols.length; k++) out.setCell(pos, k, in.cell(r, cols[k]));
        }
        for (int r = start; r < n; r++) appendIfSelected(ctx, in, r, out);
        return examined + n - start;
    }

    private int rebuild(CookContext ctx, Table in) {
        OutputTable out = ctx.output();
        if (!selectColumns(ctx, in)) return 0;
        String[] header = new String[cols.length];
        for (int i = 0; i < cols.length; i++) header[i] = in.header(cols[i]);
        out.setHeader(header);
        out.clear();
        sources.clear();
        nameCol = Math.max(Tables.column(in, ctx.par(FROMCOL)), 0);
        Extract mode = ctx.par(EXTRACTROWS);
        if (mode.perRow()) {
            rowPattern = Patterns.compile(ctx.par(ROWNAMES));
            for (int r = 0; r < in.numRows(); r++) appendIfSelected(ctx, in, r, out);
            return in.numRows();
        }
        int n = in.numRows();
        int startIdx = switch (mode) {
            case BYNAME, BYNAMEINDEX -> ctx.par(ROWNAMESTART).isEmpty() ? 0 : rowNamed(in, ctx.par(ROWNAMESTART), 0);
            default -> ctx.par(ROWINDEXSTART);
        };
        if (startIdx < 0) {
            ctx.warning("parameter 'rownamestart': no row named '" + ctx.par(ROWNAMESTART) + "' in column " + nameCol);
            return n;
        }
        int endIdx = switch (mode) {
            case BYNAME, BYINDEXNAME ->
                ctx.par(ROWNAMEEND).isEmpty() ? n - 1 : rowNamed(in, ctx.par(ROWNAMEEND), startIdx);
            default -> (int) Math.min(ctx.par(ROWINDEXEND), (long) n - 1);
        };
        if (endIdx < 0) {
            ctx.warning(
                    "parameter 'rownameend': no row named '" + ctx.par(ROWNAMEEND) + "' at or after row " + startIdx);
            return n;
        }
        for (int r = startIdx; r <= endIdx && r < n; r++) append(in, r, out);
        return n;
    }

    private int rowNamed(Table in, String name, int from) {
        for (int r = from; r < in.numRows(); r++) if (in.cell(r, nameCol).equals(name)) return r;
        return -1;
    }

    private void appendIfSelected(CookContext ctx, Table in, int r, OutputTable out) {
        if (selected(ctx, in, r)) append(in, r, out);
    }

    private boolean selected(CookContext ctx, Table in, int r) {
        boolean keep;
        switch (ctx.par(EXTRACTROWS)) {
            case BYNAMES -> keep = rowPattern.matches(in.cell(r, nameCol));
            case BYEXPR -> {
                scope.at(r, nameCol);
                try {
                    keep = rowExpr.test();
                } catch (ScriptRuntimeException e) {
                    if (rowError == null) rowError = rowExpr.failure(e, r);
                    keep = false;
                }
            }
            default -> keep = true;
        }
        return keep;
    }

    private void append(Table in, int r, OutputTable out) {
        String[] row = new String[cols.length];
        for (int i = 0; i < cols.length; i++) row[i] = in.cell(r, cols[i]);
        out.appendRow(row);
        sources.add(in.firstRowSeq() + r);
    }

    /** Computes {@link #cols}; {@return false when the column expression does not compile} */
    private boolean selectColumns(CookContext ctx, Table in) {
        int n = in.numCols();
        Extract mode = ctx.par(EXTRACTCOLS);
        int[] chosen = new int[n];
        int k = 0;
        switch (mode) {
            case ALL -> {
                for (int c = 0; c < n; c++) chosen[k++] = c;
            }
            case BYNAMES -> {
                Patterns p = Patterns.compile(ctx.par(COLNAMES));
                for (int c = 0; c < n; c++) if (p.matches(in.header(c))) chosen[k++] = c;
            }
            case BYEXPR -> {
                if (!colExpr.prepare(ctx, ctx.par(COLEXPR))) return false;
                for (int c = 0; c < n; c++) {
                    scope.at(-1, c);
                    try {
                        if (colExpr.test()) chosen[k++] = c;
                    } catch (ScriptRuntimeException e) {
                        ctx.error("parameter 'colexpr' failed on column " + c + ": " + e.getMessage());
                    }
                }
            }
            default -> {
                int start = switch (mode) {
                    case BYNAME, BYNAMEINDEX -> ctx.par(COLNAMESTART).isEmpty() ? 0 : in.col(ctx.par(COLNAMESTART));
                    default -> ctx.par(COLINDEXSTART);
                };
                int end = switch (mode) {
                    case BYNAME, BYINDEXNAME -> ctx.par(COLNAMEEND).isEmpty() ? n - 1 : in.col(ctx.par(COLNAMEEND));
                    default -> (int) Math.min(ctx.par(COLINDEXEND), (long) n - 1);
                };
                if (start < 0) ctx.warning("parameter 'colnamestart': no column '" + ctx.par(COLNAMESTART) + "'");
                else if (end < 0) ctx.warning("parameter 'colnameend': no column '" + ctx.par(COLNAMEEND) + "'");
                else for (int c = start; c <= end && c < n; c++) chosen[k++] = c;
            }
        }
        cols = Arrays.copyOf(chosen, k);
        return true;
    }
}
