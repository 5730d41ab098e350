package dev.patchline.runtime.script;

/**
 * A script function or expression threw. The message names the function, the script line when known
 * and the cause, e.g. {@code onMessage failed at sensors.groovy line 4: No such property: x}.
 */
public class ScriptRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public ScriptRuntimeException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** {@return the 1-based script line where it failed, or -1 when unknown} */
    public int line() {
        return line;
    }
}
