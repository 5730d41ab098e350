package dev.patchline.nodes.core.dat;

import dev.patchline.runtime.param.MenuChoice;

/** TouchDesigner's row/column extraction modes of the Select DAT (and DAT to CHOP). */
public enum Extract implements MenuChoice {
    ALL("all", "All"),
    BYNAME("byname", "From name to name (a range)"),
    BYINDEX("byindex", "From index to index (a range, 0-based)"),
    BYNAMEINDEX("bynameindex", "From name to index"),
    BYINDEXNAME("byindexname", "From index to name"),
    BYNAMES("bynames", "Names matching a pattern"),
    BYEXPR("byexpr", "Where an expression is true");

    private final String name;
    private final String label;

    Extract(String name, String label) {
        this.name = name;
        this.label = label;
    }

    /** {@return whether selection depends only on each row's own content (so appends can be processed alone)} */
    public boolean perRow() {
        return this == ALL || this == BYNAMES || this == BYEXPR;
    }

    @Override
    public String menuName() {
        return name;
    }

    @Override
    public String menuLabel() {
        return label;
    }
}
