package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.param.MenuLabel;

/** TouchDesigner's row/column extraction modes of the Select DAT (and DAT to CHOP). */
public enum Extract {
    @MenuLabel("All")
    ALL,
    @MenuLabel("From name to name (a range)")
    BYNAME,
    @MenuLabel("From index to index (a range, 0-based)")
    BYINDEX,
    @MenuLabel("From name to index")
    BYNAMEINDEX,
    @MenuLabel("From index to name")
    BYINDEXNAME,
    @MenuLabel("Names matching a pattern")
    BYNAMES,
    @MenuLabel("Where an expression is true")
    BYEXPR;

    /** {@return whether selection depends only on each row's own content (so appends can be processed alone)} */
    public boolean perRow() {
        return this == ALL || this == BYNAMES || this == BYEXPR;
    }
}
