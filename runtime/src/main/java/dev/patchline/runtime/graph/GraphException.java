package dev.patchline.runtime.graph;

import java.util.List;

/**
 * A graph is invalid. Holds every problem found (validation does not stop at the first); the message
 * lists them one per line, each prefixed with the source name when known
 * ({@code graph.json:12:5: /nodes/1/type: unknown operator type 'selct'; did you mean 'select'?}).
 */
public class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<GraphProblem> problems;
    private final String source;

    public GraphException(String source, List<GraphProblem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** {@return the problems in file order} */
    public List<GraphProblem> problems() {
        return problems;
    }

    /** {@return the file name or description of the graph source, or null} */
    public String source() {
        return source;
    }

    private static String format(String source, List<GraphProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (GraphProblem p : problems) {
            if (sb.length() > 0) sb.append('\n');
            if (source != null) sb.append(source).append(p.line() > 0 ? ":" : ": ");
            sb.append(p);
        }
        return sb.toString();
    }
}
