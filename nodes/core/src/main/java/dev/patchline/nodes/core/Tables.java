package dev.patchline.nodes.core;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;

/** Small helpers for copying rows between tables. Cook thread only. */
public final class Tables {
    private Tables() {}

    /** {@return the header of {@code t} as a new array} */
    public static String[] header(Table t) {
        String[] h = new String[t.numCols()];
        for (int c = 0; c < h.length; c++) h[c] = t.header(c);
        return h;
    }

    /** {@return a new array with the cells of row {@code r}} */
    public static String[] row(Table t, int r) {
        String[] row = new String[t.rowLength(r)];
        for (int c = 0; c < row.length; c++) row[c] = t.cell(r, c);
        return row;
    }

    /** Appends a copy of row {@code r} of {@code in} (with its raw bytes) to {@code out}. */
    public static void appendCopy(Table in, int r, OutputTable out) {
        String[] row = row(in, r);
        byte[][] raw = null;
        for (int c = 0; c < row.length; c++) {
            byte[] b = in.bytes(r, c);
            if (b != null) {
                if (raw == null) raw = new byte[row.length][];
                raw[c] = b;
            }
        }
        out.appendRow(row, raw);
    }

    /**
     * Makes {@code out} equal to {@code in}, applying only the change that {@code reader} saw when it
     * can (appends, head drops, changed cells); a reset copies everything.
     *
     * @return how many input rows were copied or updated (the work done)
     */
    public static int mirror(Table in, OutputTable out, DeltaReader reader, DeltaReader.Change change) {
        if (change == DeltaReader.Change.NONE) return 0;
        if (change == DeltaReader.Change.INCREMENTAL
                && out.numRows() - reader.dropped() + reader.appended() == in.numRows()
                && reader.dropped() <= out.numRows()) {
            out.dropHead(reader.dropped());
            int touched = 0;
            var d = in.delta();
            int oldRows = in.numRows() - reader.appended();
            for (int i = 0; i < d.changedCells(); i++) {
                int r = (int) (d.changedRowSeq(i) - in.firstRowSeq());
                if (r < 0 || r >= oldRows) continue;
                int c = d.changedCol(i);
                out.setCell(r, c, in.cell(r, c));
                touched++;
            }
            for (int r = oldRows; r < in.numRows(); r++) {
                appendCopy(in, r, out);
                touched++;
            }
            return touched;
        }
        out.copyFrom(in);
        return in.numRows();
    }

    /** {@return {@code spec} as a column of {@code t}: a header name first, else a 0-based index; -1 when neither} */
    public static int column(Table t, String spec) {
        String s = spec.trim();
        int c = t.col(s);
        if (c >= 0) return c;
        try {
            int i = Integer.parseInt(s);
            return i >= 0 && i < Math.max(t.numCols(), 1) ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
