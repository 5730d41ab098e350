package dev.patchline.runtime.data;

/**
 * What the last content-changing cook did to a table, so that downstream operators can cook
 * incrementally: rows appended at the tail, rows dropped from the head, cells changed in place.
 * When {@link #reset()} is true the change was structural (cleared, rebuilt, header changed, too
 * many cell edits) and consumers rescan the whole table.
 *
 * <p>The delta describes {@link #fromVersion()} to {@link #toVersion()}. A consumer that last saw
 * another version missed changes and must rescan; {@link #continuesFrom(long)} says which case holds.
 */
public interface TableDelta {

    /** {@return the version this delta starts from} */
    long fromVersion();

    /** {@return the version this delta leads to (the table's current version)} */
    long toVersion();

    /** {@return true when consumers must rescan the whole table} */
    boolean reset();

    /** {@return how many rows were appended at the tail (they are the last rows of the table)} */
    int appended();

    /** {@return how many rows were dropped from the head} */
    int droppedHead();

    /** {@return how many in-place cell changes are listed} */
    int changedCells();

    /** {@return the row sequence number of change {@code i} (index = seq - firstRowSeq)} */
    long changedRowSeq(int i);

    /** {@return the column of change {@code i}} */
    int changedCol(int i);

    /** {@return whether a consumer that last saw {@code seenVersion} can apply this delta instead of rescanning} */
    default boolean continuesFrom(long seenVersion) {
        return !reset() && seenVersion == fromVersion();
    }
}
