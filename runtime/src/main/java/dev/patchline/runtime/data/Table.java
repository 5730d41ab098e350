package dev.patchline.runtime.data;

/**
 * Read view of a DAT's output: a header row of column names plus data rows of string cells, with
 * optional raw bytes per cell. Row indexes count data rows only ({@code 0..numRows()-1}); the header
 * is read with {@link #header(int)}. Every row also has an absolute sequence number
 * ({@link #firstRowSeq()} + index) that never changes while the row lives, so a consumer can
 * remember "processed up to seq N" across drops from the head.
 *
 * <p>Only the cook thread of the owning graph may read a table; a view is valid until the
 * owner's next cook.
 */
public interface Table {

    /** {@return the number of data rows (the header row is not counted)} */
    int numRows();

    /** {@return the number of columns of the header row} */
    int numCols();

    /** {@return the name of column {@code col}, or "" beyond the header} */
    String header(int col);

    /** {@return the index of the column named {@code name}, or -1} */
    int col(String name);

    /** {@return the cell text; "" when the row is shorter than {@code col}} */
    String cell(int row, int col);

    /** {@return the cell text of column {@code colName}; "" when there is no such column} */
    default String cell(int row, String colName) {
        int c = col(colName);
        return c < 0 ? "" : cell(row, c);
    }

    /** {@return the number of cells stored in row {@code row} (rows may be ragged)} */
    int rowLength(int row);

    /** {@return the raw bytes kept for a cell, or null when the row has none} */
    byte[] bytes(int row, int col);

    /** {@return the absolute sequence number of data row 0} */
    long firstRowSeq();

    /** {@return the version; it changes exactly when a cook changed the content} */
    long version();

    /** {@return what changed in the cook that produced {@link #version()}} */
    TableDelta delta();
}
