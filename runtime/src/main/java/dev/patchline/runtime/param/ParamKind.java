package dev.patchline.runtime.param;

/** The kinds of parameter an operator can declare; each maps to one Java value type. */
public enum ParamKind {
    /** {@code Double}; optional range. */
    FLOAT("number"),
    /** {@code Integer}; optional range. */
    INT("integer"),
    /** {@code Boolean}. */
    TOGGLE("boolean"),
    /** One of a fixed set of names; {@code String} or an enum. */
    MENU("menu"),
    /** {@code String}. */
    STRING("string"),
    /** Id of another node in the same graph ({@code String}, empty = none). Creates a dependency. */
    OPERATOR("operator"),
    /** No stored value: fired at run time, seen by exactly one cook ({@code Boolean}). */
    PULSE("pulse"),
    /** A {@link Secret} taken from the environment; never written back to a graph file. */
    SECRET("secret"),
    /** A list of records with their own typed fields ({@code List<T>}). */
    LIST("list"),
    /** String keys to string values ({@code Map<String, String>}). */
    DICT("dict");

    private final String displayName;

    ParamKind(String displayName) {
        this.displayName = displayName;
    }

    /** {@return the lowercase name used in docs and error messages} */
    public String displayName() {
        return displayName;
    }
}
