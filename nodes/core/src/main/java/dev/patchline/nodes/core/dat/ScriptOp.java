package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.NodeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code scriptOp} argument of a Script DAT's {@code onCook(scriptOp)}: its inputs and the table
 * it builds, with TouchDesigner-like method names. Valid only during that call; cook thread only.
 *
 * {@snippet lang=groovy :
 * def onCook(scriptOp) {
 *     scriptOp.clear()
 *     scriptOp.setHeader('room', 'fahrenheit')
 *     def t = scriptOp.inputs[0]
 *     for (r in 0..<t.numRows()) scriptOp.appendRow(t.cell(r, 0), t.cell(r, 1).toDouble() * 9 / 5 + 32)
 * }
 * }
 */
public final class ScriptOp {
    private CookContext ctx;

    void bind(CookContext ctx) {
        this.ctx = ctx;
    }

    /** {@return the wired input tables, in order} */
    public List<Table> getInputs() {
        List<Table> in = new ArrayList<>(ctx.numInputs());
        for (int i = 0; i < ctx.numInputs(); i++) in.add(ctx.input(i));
        return in;
    }

    /** {@return the table this node outputs (read and write)} */
    public OutputTable getTable() {
        return ctx.output();
    }

    /** {@return this node's parameters} */
    public Map<String, Object> getPar() {
        return ctx.me().getPar();
    }

    /** {@return this node as scripts see it} */
    public NodeView getNode() {
        return ctx.me();
    }

    /** {@return the current frame} */
    public long getFrame() {
        return ctx.frame();
    }

    /** {@return seconds since the patch started} */
    public double getSeconds() {
        return ctx.seconds();
    }

    /** Removes every data row (keeps the header). */
    public void clear() {
        ctx.output().clear();
    }

    /** Sets the header row. */
    public void setHeader(Object... names) {
        ctx.output().setHeader(strings(names));
    }

    /** Appends a row; values are converted with {@code toString()} (numbers without a trailing .0). */
    public void appendRow(Object... cells) {
        ctx.output().appendRow(strings(cells));
    }

    /** Appends a row from a list. */
    public void appendRow(List<?> cells) {
        ctx.output().appendRow(strings(cells.toArray()));
    }

    /** Changes one cell. */
    public void setCell(int row, int col, Object value) {
        ctx.output().setCell(row, col, EvaluateDat.text(value));
    }

    /** {@return the number of data rows of the output} */
    public int getNumRows() {
        return ctx.output().numRows();
    }

    /** Reports a warning on the node for this cook. */
    public void warning(String message) {
        ctx.warning(message);
    }

    /** Sets an info channel of the node. */
    public void info(String name, double value) {
        ctx.info(name, value);
    }

    private static String[] strings(Object[] values) {
        String[] s = new String[values.length];
        for (int i = 0; i < s.length; i++) s[i] = EvaluateDat.text(values[i]);
        return s;
    }

    @Override
    public String toString() {
        return "scriptOp(" + (ctx == null ? "" : ctx.nodeId()) + ")";
    }
}
