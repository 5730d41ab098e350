package dev.patchline.runtime.op;

/**
 * The kind of data an operator produces. Wires join operators of the same family only
 * (DAT to DAT, CHOP to CHOP); conversion between families is itself an operator.
 */
public enum Family {
    /** Produces a {@link dev.patchline.runtime.data.Table} of string cells with a header row. */
    DAT,
    /** Produces {@link dev.patchline.runtime.data.Channels}: named channels of double samples. */
    CHOP;

    /** {@return the lowercase name used in graph files and docs, e.g. {@code "dat"}} */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
