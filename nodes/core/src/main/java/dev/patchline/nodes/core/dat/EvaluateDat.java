package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.CellExpression;
import dev.patchline.nodes.core.CellScope;
import dev.patchline.nodes.core.DeltaReader;
import dev.patchline.nodes.core.Numbers;
import dev.patchline.nodes.core.Patterns;
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
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluate DAT: a Groovy expression per cell ({@code me.inputCell}, {@code me.inputRow['col']} ...).
 * Incremental: only appended rows and rows with changed cells are evaluated.
 */
public final class EvaluateDat implements Operator {
    public static final ParameterDescriptor<String> EXPR = ParameterDescriptor.ofString("expr")
            .label("Expression")
            .defaultValue("me.inputCell")
            .help("Groovy expression evaluated for each cell in scope, e.g. me.inputCell.toDouble() * 9 / 5 + 32. "
                    + "Also me.inputRow['col'], me.inputCol, me.rowIndex, me.inputTable, op('id'), absTime.")
            .build();
    public static final ParameterDescriptor<String> SCOPE = ParameterDescriptor.ofString("scope")
            .label("Columns")
            .defaultValue("*")
            .help("Pattern of header names of the columns to evaluate; other columns are copied.")
            .build();
    public static final ParameterDescriptor<Boolean> TRUST_EXPR_INPUT = ParameterDescriptor.ofToggle("trustexprinput")
            .label("Trust Expressions Input")
            .defaultValue(false)
            .help("Run the cells of the second input ('expressions') as Groovy code. Off by default: a table that "
                    + "comes from the network (MQTT, TCP, OSC, a file someone sent) would otherwise run any code it "
                    + "likes with your rights. Turn it on only when that table is written by you.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("evaluate", Family.DAT)
            .parameters(EXPR, SCOPE, TRUST_EXPR_INPUT)
            .input(PortSpec.dat("input", "the table whose cells are evaluated"))
            .input(PortSpec.dat("expressions", "optional: one expression per cell; its last row and column repeat")
                    .optional())
            .doc(OperatorDoc.builder("A Groovy expression evaluated for every cell.")
                    .label("Evaluate DAT")
                    .details("""
                            Replaces each cell of the columns matching `scope` by the value of `expr` for that \
                            cell. Numbers are written without a trailing `.0` when whole; null becomes empty. The \
                            header is copied. The expression is compiled once; a compile error shows its line and \
                            column on the node, a failing cell names its row and leaves the cell empty.
                            Incremental: appended rows are evaluated alone, rows dropped from the input's head are \
                            dropped from the output, and a changed cell re-evaluates its row. When something the \
                            expression reads through `op()` changes, the whole table is evaluated again.
                            With a second input, its data cell (r, c) is the expression for input cell (r, c); its \
                            last row and last column repeat for cells beyond it, and an empty cell falls back to \
                            `expr`. Each distinct expression is compiled once; a change of the expression table \
                            evaluates everything again.
                            The cells of the second input are code: they run only when `trustexprinput` is on. \
                            Off (the default), the node shows an error and evaluates every cell with `expr`, so \
                            that a table arriving from the network cannot run code.""")
                    .info("cells_evaluated", "expression evaluations in the last cook")
                    .build())
            .build(EvaluateDat::new);

    private final DeltaReader reader = new DeltaReader();
    private final DeltaReader exprReader = new DeltaReader();
    /** Compiled expressions of the expression table, by source text. */
    private final Map<String, CellExpression> perCell = new HashMap<>();

    private Table exprTable;
    private CookContext current;
    private final CellScope scope = new CellScope();
    private final CellExpression expr = new CellExpression(EXPR.name(), scope);
    private boolean[] evaluated = new boolean[0];
    private int cells;
    private String failure;

    @Override
    public void cook(CookContext ctx) {
        try {
            Table in = ctx.input(0);
            DeltaReader.Change change = reader.read(in);
            if (!expr.prepare(ctx, ctx.par(EXPR))) return;
            current = ctx;
            exprTable = ctx.numInputs() > 1 ? ctx.input(1) : null;
            boolean untrusted = exprTable != null && !ctx.par(TRUST_EXPR_INPUT);
            if (untrusted) exprTable = null;
            boolean exprTableChanged = exprTable != null && exprReader.read(exprTable) != DeltaReader.Change.NONE;
            if (exprTable == null) perCell.clear();
            scope.table(in, ctx.me());
            cells = 0;
            failure = null;
            boolean params = ctx.parChanged(EXPR)
                    || ctx.parChanged(SCOPE)
                    || ctx.parChanged(TRUST_EXPR_INPUT)
                    || exprTableChanged;
            OutputTable out = ctx.output();
            if (!params && change == DeltaReader.Change.INCREMENTAL && out.numRows() >= reader.dropped()) {
                out.dropHead(reader.dropped());
                TableDelta d = in.delta();
                int oldRows = in.numRows() - reader.appended();
                int lastRow = -1;
                for (int i = 0; i < d.changedCells(); i++) {
                    int r = (int) (d.changedRowSeq(i) - in.firstRowSeq());
                    if (r < 0 || r >= oldRows || r == lastRow) continue;
                    lastRow = r;
                    String[] row = evaluateRow(in, r);
                    for (int c = 0; c < row.length; c++) out.setCell(r, c, row[c]);
                }
                for (int r = oldRows; r < in.numRows(); r++) out.appendRow(evaluateRow(in, r));
            } else {
                // First cook, new expression or scope, structural change, or something read via op() changed.
                Patterns p = Patterns.compile(ctx.par(SCOPE));
                evaluated = new boolean[in.numCols()];
                for (int c = 0; c < evaluated.length; c++) evaluated[c] = p.matches(in.header(c));
                out.setHeader(Tables.header(in));
                out.clear();
                for (int r = 0; r < in.numRows(); r++) out.appendRow(evaluateRow(in, r));
            }
            if (untrusted) {
                ctx.error("the 'expressions' input was not run: its cells are code, and this node does not trust them; "
                        + "turn on 'trustexprinput' only when that table is written by you (every cell used 'expr')");
            }
            if (failure != null) ctx.error(failure);
            ctx.info("cells_evaluated", cells);
        } finally {
            expr.release();
            for (CellExpression e : perCell.values()) e.release();
            current = null;
        }
    }

    private String[] evaluateRow(Table in, int r) {
        String[] row = new String[in.rowLength(r)];
        for (int c = 0; c < row.length; c++) {
            if (c < evaluated.length && evaluated[c]) {
                scope.at(r, c);
                cells++;
                CellExpression ex = expressionFor(r, c);
                if (ex == null) {
                    row[c] = "";
                    continue;
                }
                try {
                    row[c] = text(ex.evaluate());
                } catch (ScriptRuntimeException e) {
                    if (failure == null)
                        failure = ex.label() + " failed on row " + r + ", column " + c + ": " + e.getMessage();
                    row[c] = "";
                }
            } else {
                row[c] = in.cell(r, c);
            }
        }
        return row;
    }

    /** {@return the expression for cell (r, c): from the expression table when wired, else 'expr'; null when it does not compile} */
    private CellExpression expressionFor(int r, int c) {
        if (exprTable == null || exprTable.numRows() == 0) return expr;
        int er = Math.min(r, exprTable.numRows() - 1);
        int ec = Math.min(c, Math.max(exprTable.rowLength(er), 1) - 1);
        String src = exprTable.cell(er, ec);
        if (src.isBlank()) return expr;
        CellExpression e = perCell.get(src);
        if (e == null) {
            if (perCell.size() > 10_000) perCell.clear(); // bound memory when expressions are generated
            e = new CellExpression(
                    "expressions/" + er + "/" + ec, "input 'expressions' row " + er + ", column " + ec, scope);
            perCell.put(src, e);
        }
        return e.prepare(current, src) ? e : null;
    }

    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal)
            return Numbers.format(((Number) v).doubleValue());
        return v.toString();
    }
}
