package dev.patchline.studio;

/**
 * What one tick copied of a node's output on the cook thread, immutable afterwards and shared by every connection
 * that watches or taps the node.
 */
sealed interface NodeData {

    /** {@return the node id} */
    String id();

    /** {@return the output's version when it was copied} */
    long version();

    /**
     * A DAT's table: the header, the sequence numbers of the whole table, and the rows from {@code fromSeq} to its end
     * (never more than {@link Collector#MAX_ROWS}).
     *
     * @param cellsChanged whether the last cook changed cells in place or rebuilt the table: rows a connection already
     *                     has may differ, so it gets a reset
     */
    record TableData(
            String id,
            long version,
            String[] header,
            long firstSeq,
            int numRows,
            long fromSeq,
            String[][] rows,
            boolean cellsChanged)
            implements NodeData {

        /** {@return the sequence number after the last row} */
        long endSeq() {
            return firstSeq + numRows;
        }

        /** {@return the copied row with sequence number {@code seq} (fromSeq ≤ seq < endSeq)} */
        String[] row(long seq) {
            return rows[(int) (seq - fromSeq)];
        }
    }

    /** A CHOP's channels: names and each channel's latest sample. */
    record ChannelData(String id, long version, String[] names, double[] values, long frame) implements NodeData {}
}
