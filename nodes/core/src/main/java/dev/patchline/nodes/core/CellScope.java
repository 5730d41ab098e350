package dev.patchline.nodes.core;

import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeView;

/**
 * What {@code me} means inside a per-row or per-cell expression (Select DAT's {@code rowexpr},
 * Evaluate DAT's {@code expr}), with TouchDesigner's names: {@code me.inputTable},
 * {@code me.inputRow['temp']} (or {@code me.inputRow[2]}), {@code me.inputCell} (the cell's text, a
 * String: {@code me.inputCell.toDouble()}), {@code me.inputCol} (the column name),
 * {@code me.rowIndex}, {@code me.colIndex}, and {@code me.node} (the operator's own node view).
 * One mutable instance is reused for every row, so evaluating allocates nothing here. Cook thread only.
 */
public final class CellScope {
    private Table table;
    private int row;
    private int col;
    private NodeView node;
    private final InputRow inputRow = new InputRow();

    /** Points the scope at a table; called once per cook. */
    public void table(Table t, NodeView self) {
        this.table = t;
        this.node = self;
    }

    /** Points the scope at one cell. */
    public void at(int row, int col) {
        this.row = row;
        this.col = col;
    }

    public Table getInputTable() {
        return table;
    }

    public InputRow getInputRow() {
        return inputRow;
    }

    /** {@return the text of the current cell ("" beyond the row)} */
    public String getInputCell() {
        if (row < 0) return col >= 0 ? table.header(col) : "";
        return col >= 0 ? table.cell(row, col) : "";
    }

    /** {@return the header name of the current column} */
    public String getInputCol() {
        return col >= 0 ? table.header(col) : "";
    }

    /** {@return the data-row index (header not counted; -1 when evaluating the header)} */
    public int getRowIndex() {
        return row;
    }

    /** {@return the column index} */
    public int getColIndex() {
        return col;
    }

    /** {@return the operator running the expression} */
    public NodeView getNode() {
        return node;
    }

    @Override
    public String toString() {
        return "me(row " + row + ", col " + col + ")";
    }

    /** The current input row: {@code row['name']} by header name, {@code row[2]} by index. */
    public final class InputRow {
        /** {@return the cell of the current row in the named column ("" when no such column)} */
        public String getAt(String colName) {
            int c = table.col(colName);
            return c < 0 || row < 0 ? "" : table.cell(row, c);
        }

        /** {@return the cell of the current row at column index {@code c}} */
        public String getAt(int c) {
            return row < 0 ? table.header(c) : table.cell(row, c);
        }

        /** {@return the number of cells in the row} */
        public int size() {
            return row < 0 ? table.numCols() : table.rowLength(row);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("[");
            for (int c = 0; c < size(); c++) b.append(c == 0 ? "" : ", ").append(getAt(c));
            return b.append(']').toString();
        }
    }
}
