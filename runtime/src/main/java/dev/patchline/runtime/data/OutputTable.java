package dev.patchline.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The table a DAT writes during its cook. Rows live in a ring buffer: appending and dropping the
 * oldest row are O(1) and never copy other rows, so a message log with {@code maxRows} behaves as
 * a bounded FIFO at any message rate. The only allocation per appended row is the row array the
 * caller passes in, which the table keeps (callers must not modify it afterwards).
 *
 * <p>Changes made during a cook are published by the runtime when the cook ends: the version moves
 * on and {@link #delta()} describes the cook, but only if something changed. Confined to the cook
 * thread.
 */
public final class OutputTable implements Table {
    private static final String[] NO_HEADER = new String[0];
    private static final int MAX_CELL_CHANGES = 256;
    private static final long[] NO_ROWS = new long[0];
    private static final int[] NO_COLS = new int[0];

    private String[] header = NO_HEADER;
    private String[][] rows = new String[16][];
    private byte[][][] raw; // lazily allocated parallel ring; null while no row has raw bytes
    private int head;
    private int size;
    private long firstSeq;
    private int maxRows;

    private long version;
    private boolean dirty;
    // Changes of the cook in progress, published by commit() into the pub* fields below. Both live in
    // this object (not in separate delta objects) so that a commit touches one object only.
    private boolean pendReset;
    private int pendAppended;
    private int pendDropped;
    private int pendCells;
    private long[] pendRowSeqs = NO_ROWS;
    private int[] pendCols = NO_COLS;
    private long pubFrom;
    private boolean pubReset;
    private int pubAppended;
    private int pubDropped;
    private int pubCells;
    private long[] pubRowSeqs = NO_ROWS;
    private int[] pubCols = NO_COLS;
    private final TableDelta delta = new DeltaView();

    /** Creates an empty, unbounded table with no columns. */
    public OutputTable() {}

    // ------------------------------------------------------------------ writing

    /** Sets the header row (column names). A different header is a structural change. */
    public void setHeader(String... names) {
        if (Arrays.equals(header, names)) return;
        header = names.clone();
        markReset();
    }

    /**
     * Bounds the table to {@code maxRows} data rows (0 = unbounded), dropping the oldest rows now
     * and on every later append beyond the bound.
     */
    public void setMaxRows(int maxRows) {
        if (maxRows < 0) throw new IllegalArgumentException("maxRows must be >= 0, got " + maxRows);
        this.maxRows = maxRows;
        if (maxRows > 0 && size > maxRows) dropHead(size - maxRows);
    }

    /** {@return the row bound, 0 = unbounded} */
    public int maxRows() {
        return maxRows;
    }

    /** Appends a data row; the table keeps {@code cells} (do not modify it later). */
    public void appendRow(String... cells) {
        appendRow(cells, null);
    }

    /**
     * Appends a data row with optional raw bytes per cell ({@code rawCells[c]} may be null).
     * When the table is full, the oldest row is dropped first.
     */
    public void appendRow(String[] cells, byte[][] rawCells) {
        Objects.requireNonNull(cells, "cells");
        if (maxRows > 0 && size == maxRows) {
            dropOne();
        } else if (size == rows.length) {
            grow();
        }
        int slot = (head + size) & (rows.length - 1);
        rows[slot] = cells;
        if (rawCells != null || raw != null) {
            if (raw == null) raw = new byte[rows.length][][];
            raw[slot] = rawCells;
        }
        size++;
        pendAppended++;
        dirty = true;
    }

    /**
     * Accounts for {@code n} rows that are appended and pushed out again within this cook, without building them:
     * every current row is dropped and the row sequence moves on by {@code n}. A bounded writer that knows at
     * least {@link #maxRows()} more rows follow in this cook uses it for the rows before those: the table and the
     * published delta then end exactly as if it had appended all of them one by one (a row appended and dropped in
     * the same cook is in neither {@code appended} nor {@code droppedHead}), but the skipped rows cost nothing.
     */
    public void skipRows(long n) {
        if (n < 0) throw new IllegalArgumentException("cannot skip " + n + " rows");
        if (n == 0) return;
        // Each current row would have been pushed out by these (or by the rows that must follow them).
        dropHead(size);
        firstSeq += n;
        head = 0;
        dirty = true;
    }

    /** Drops {@code n} rows from the head (oldest first). */
    public void dropHead(int n) {
        if (n < 0 || n > size) throw new IndexOutOfBoundsException("drop " + n + " of " + size + " rows");
        for (int i = 0; i < n; i++) dropOne();
    }

    /** Changes one cell in place; the row grows when {@code col} is beyond its length. */
    public void setCell(int row, int col, String value) {
        checkRow(row);
        int slot = (head + row) & (rows.length - 1);
        String[] r = rows[slot];
        if (col >= r.length) {
            r = Arrays.copyOf(r, col + 1);
            Arrays.fill(r, rows[slot].length, col, "");
            rows[slot] = r;
        }
        if (Objects.equals(r[col], value)) return;
        r[col] = value;
        dirty = true;
        addCellChange(firstSeq + row, col);
    }

    /** Removes every data row, keeping the header. A structural change. */
    public void clear() {
        if (size == 0) return;
        Arrays.fill(rows, null);
        if (raw != null) Arrays.fill(raw, null);
        firstSeq += size;
        head = 0;
        size = 0;
        markReset();
    }

    /** Replaces header and rows with a copy of {@code source} (cells shared, they are immutable strings). */
    public void copyFrom(Table source) {
        String[] h = new String[source.numCols()];
        for (int c = 0; c < h.length; c++) h[c] = source.header(c);
        header = h;
        clearRows();
        for (int r = 0; r < source.numRows(); r++) {
            String[] row = new String[source.rowLength(r)];
            byte[][] rb = null;
            for (int c = 0; c < row.length; c++) {
                row[c] = source.cell(r, c);
                byte[] b = source.bytes(r, c);
                if (b != null) {
                    if (rb == null) rb = new byte[row.length][];
                    rb[c] = b;
                }
            }
            appendRow(row, rb);
        }
        markReset();
    }

    // ------------------------------------------------------------------ reading

    @Override
    public int numRows() {
        return size;
    }

    @Override
    public int numCols() {
        return header.length;
    }

    @Override
    public String header(int col) {
        return col < header.length ? header[col] : "";
    }

    @Override
    public int col(String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        return -1;
    }

    @Override
    public String cell(int row, int col) {
        checkRow(row);
        String[] r = rows[(head + row) & (rows.length - 1)];
        if (col >= r.length) return "";
        String v = r[col];
        return v == null ? "" : v;
    }

    @Override
    public int rowLength(int row) {
        checkRow(row);
        return rows[(head + row) & (rows.length - 1)].length;
    }

    @Override
    public byte[] bytes(int row, int col) {
        checkRow(row);
        if (raw == null) return null;
        byte[][] r = raw[(head + row) & (rows.length - 1)];
        return r == null || col >= r.length ? null : r[col];
    }

    @Override
    public long firstRowSeq() {
        return firstSeq;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public TableDelta delta() {
        return delta;
    }

    // ------------------------------------------------------------------ runtime hooks

    /**
     * Publishes the changes made since the last commit: bumps the version and replaces the delta
     * when anything changed. Called by the runtime after each cook.
     *
     * @return whether the version changed
     */
    public boolean commit() {
        if (!dirty) return false;
        pubFrom = version;
        version++;
        pubReset = pendReset;
        pubAppended = pendAppended;
        pubDropped = pendDropped;
        if (pendCells > 0 || pubCells > 0) {
            long[] rs = pubRowSeqs;
            int[] cs = pubCols;
            pubRowSeqs = pendRowSeqs;
            pubCols = pendCols;
            pendRowSeqs = rs;
            pendCols = cs;
        }
        pubCells = pendCells;
        pendReset = false;
        pendAppended = 0;
        pendDropped = 0;
        pendCells = 0;
        dirty = false;
        return true;
    }

    // ------------------------------------------------------------------ internals

    private void dropOne() {
        if (size == 0) return;
        rows[head] = null;
        if (raw != null) raw[head] = null;
        head = (head + 1) & (rows.length - 1);
        size--;
        firstSeq++;
        // A row appended and dropped in the same cook was never seen downstream: uncount it
        // instead of reporting an append and a drop.
        if (pendAppended > size) {
            pendAppended--;
        } else {
            pendDropped++;
        }
        dirty = true;
    }

    private void clearRows() {
        Arrays.fill(rows, null);
        if (raw != null) Arrays.fill(raw, null);
        firstSeq += size;
        head = 0;
        size = 0;
    }

    private void grow() {
        int n = rows.length;
        String[][] bigger = new String[n * 2][];
        for (int i = 0; i < size; i++) bigger[i] = rows[(head + i) & (n - 1)];
        if (raw != null) {
            byte[][][] rawBigger = new byte[n * 2][][];
            for (int i = 0; i < size; i++) rawBigger[i] = raw[(head + i) & (n - 1)];
            raw = rawBigger;
        }
        rows = bigger;
        head = 0;
    }

    private void markReset() {
        pendReset = true;
        dirty = true;
    }

    private void addCellChange(long rowSeq, int col) {
        if (pendReset) return;
        if (pendCells == MAX_CELL_CHANGES) {
            pendReset = true; // too many to list: consumers rescan
            return;
        }
        if (pendCells == pendRowSeqs.length) {
            int n = Math.min(MAX_CELL_CHANGES, Math.max(8, pendCells * 2));
            pendRowSeqs = Arrays.copyOf(pendRowSeqs, n);
            pendCols = Arrays.copyOf(pendCols, n);
        }
        pendRowSeqs[pendCells] = rowSeq;
        pendCols[pendCells] = col;
        pendCells++;
    }

    private void checkRow(int row) {
        if (row < 0 || row >= size) throw new IndexOutOfBoundsException("row " + row + " of " + size + " rows");
    }

    /** The published delta, read straight from the table's fields. */
    private final class DeltaView implements TableDelta {
        @Override
        public long fromVersion() {
            return pubFrom;
        }

        @Override
        public long toVersion() {
            return version;
        }

        @Override
        public boolean reset() {
            return pubReset;
        }

        @Override
        public int appended() {
            return pubAppended;
        }

        @Override
        public int droppedHead() {
            return pubDropped;
        }

        @Override
        public int changedCells() {
            return pubCells;
        }

        @Override
        public long changedRowSeq(int i) {
            return pubRowSeqs[checkCell(i)];
        }

        @Override
        public int changedCol(int i) {
            return pubCols[checkCell(i)];
        }

        private int checkCell(int i) {
            if (i < 0 || i >= pubCells) throw new IndexOutOfBoundsException("cell change " + i + " of " + pubCells);
            return i;
        }
    }
}
