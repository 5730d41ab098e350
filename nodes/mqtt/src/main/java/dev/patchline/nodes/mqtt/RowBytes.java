package dev.patchline.nodes.mqtt;

/**
 * The size of each row of a FIFO table, oldest first, and their sum: what lets the MQTT Client DAT bound its table in
 * bytes as well as in rows. A primitive ring that grows by doubling, so tracking a row allocates nothing in the steady
 * state. Cook thread only.
 */
final class RowBytes {
    /** What a row costs beyond its cells: the row array and the references to them, about. */
    static final int ROW_OVERHEAD = 64;
    /** What a cell costs beyond its characters: the String object and its array, about. */
    static final int CELL_OVERHEAD = 16;

    private long[] sizes = new long[16];
    private int head;
    private int count;
    private long total;

    /** About what a row holds: its cells' characters (one byte each for Latin-1 text) and its raw bytes. */
    static long of(String[] cells, byte[][] raw) {
        long size = ROW_OVERHEAD;
        for (String cell : cells) {
            if (cell != null) size += CELL_OVERHEAD + cell.length();
        }
        if (raw != null) {
            for (byte[] bytes : raw) {
                if (bytes != null) size += bytes.length;
            }
        }
        return size;
    }

    /** A row was appended after the ones tracked. */
    void appended(long size) {
        if (count == sizes.length) grow();
        sizes[(head + count) & (sizes.length - 1)] = size;
        count++;
        total += size;
    }

    /** Forgets the oldest rows until {@code rows} are tracked: the table dropped the others. */
    void keepNewest(int rows) {
        while (count > rows) {
            total -= sizes[head];
            head = (head + 1) & (sizes.length - 1);
            count--;
        }
    }

    long total() {
        return total;
    }

    int rows() {
        return count;
    }

    private void grow() {
        long[] bigger = new long[sizes.length * 2];
        for (int i = 0; i < count; i++) bigger[i] = sizes[(head + i) & (sizes.length - 1)];
        sizes = bigger;
        head = 0;
    }
}
