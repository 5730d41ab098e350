package dev.patchline.runtime.graph;

import java.util.Objects;

/**
 * One thing wrong with a graph: where (JSON pointer, and line:column when read from a file; 0 when
 * unknown) and what, with how to fix it when that is not obvious.
 *
 * @param pointer JSON pointer into the graph file, e.g. {@code /nodes/2/params/maxlines}
 * @param line    1-based line, or 0
 * @param column  1-based column, or 0
 * @param message what is wrong, e.g. {@code unknown operator type 'selct'; did you mean 'select'?}
 */
public record GraphProblem(String pointer, int line, int column, String message) {
    public GraphProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    /** {@return {@code line:column: pointer: message}, or {@code pointer: message} without a position} */
    @Override
    public String toString() {
        String where = pointer.isEmpty() ? "(root)" : pointer;
        return (line > 0 ? line + ":" + column + ": " : "") + where + ": " + message;
    }
}
