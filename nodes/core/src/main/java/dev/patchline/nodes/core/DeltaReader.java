package dev.patchline.nodes.core;

import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;

/**
 * Remembers which version of an input table an operator last processed and classifies the next look
 * at it: nothing new, an incremental change (rows appended, rows dropped from the head, cells
 * changed) or a reset that needs a full rescan. One per input; cook thread only.
 */
public final class DeltaReader {
    /** What changed since the previous {@link #read(Table)}. */
    public enum Change {
        /** Same version as last time. */
        NONE,
        /** {@link #appended()}, {@link #dropped()} and the delta's changed cells describe everything. */
        INCREMENTAL,
        /** Rescan the whole table (first look, structural change, or versions were missed). */
        RESET
    }

    private long seenVersion = -1;
    private int appended;
    private int dropped;

    /** {@return how {@code table} changed since the previous call; remembers its current version} */
    public Change read(Table table) {
        long v = table.version();
        if (v == seenVersion) {
            appended = 0;
            dropped = 0;
            return Change.NONE;
        }
        TableDelta d = table.delta();
        boolean continues = d.continuesFrom(seenVersion);
        seenVersion = v;
        if (!continues) {
            appended = table.numRows();
            dropped = 0;
            return Change.RESET;
        }
        appended = d.appended();
        dropped = d.droppedHead();
        return Change.INCREMENTAL;
    }

    /** Forgets the seen version so that the next {@link #read} is a {@link Change#RESET}. */
    public void invalidate() {
        seenVersion = -1;
    }

    /** {@return rows appended in the change last read (all rows after a reset)} */
    public int appended() {
        return appended;
    }

    /** {@return rows dropped from the head in the change last read} */
    public int dropped() {
        return dropped;
    }
}
