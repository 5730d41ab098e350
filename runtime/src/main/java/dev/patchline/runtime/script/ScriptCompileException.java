package dev.patchline.runtime.script;

/**
 * A script or expression does not compile. The message reads
 * {@code origin:line:column: what is wrong}; line and column are 1-based positions in the source.
 */
public class ScriptCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String origin;
    private final int line;
    private final int column;
    private final String reason;

    public ScriptCompileException(String origin, int line, int column, String reason) {
        super(origin + ":" + line + ":" + column + ": " + reason);
        this.origin = origin;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String origin() {
        return origin;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** {@return the problem without the location prefix} */
    public String reason() {
        return reason;
    }
}
