package dev.patchline.cli;

import dev.patchline.runtime.cook.NodeStats;
import dev.patchline.runtime.op.NodeState;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code patchline run} shows while a graph runs. On a terminal it redraws a table of nodes in
 * place (state, cooks/s, rows/s, drops, last message); off a terminal it prints a log line when a
 * node's state changes and a one-line summary now and then, so logs stay readable.
 */
final class LiveView {
    private static final String CLEAR = "\033[H\033[2J";

    private final PrintWriter out;
    private final boolean terminal;
    private final String title;
    private final Map<String, NodeStats> previous = new HashMap<>();
    private final Map<String, String> lastState = new HashMap<>();

    LiveView(PrintWriter out, boolean terminal, String title) {
        this.out = out;
        this.terminal = terminal;
        this.title = title;
    }

    void show(List<NodeStats> stats, double elapsedSeconds, boolean summaryDue) {
        if (terminal) {
            drawTable(stats, elapsedSeconds);
        } else {
            logChanges(stats, elapsedSeconds, summaryDue);
        }
        for (NodeStats s : stats) {
            previous.put(s.id(), s);
        }
        out.flush();
    }

    private void drawTable(List<NodeStats> stats, double elapsed) {
        StringBuilder b = new StringBuilder(CLEAR);
        b.append(String.format("%s   running %.0fs   Ctrl-C stops%n%n", title, elapsed));
        b.append(String.format(
                "%-16s %-12s %-7s %9s %9s %8s  %s%n",
                "node", "type", "state", "cooks/s", "rows/s", "drops", "message"));
        for (NodeStats s : stats) {
            NodeStats before = previous.get(s.id());
            double cps = before == null ? 0 : s.cooksPerSecond(before);
            double rps = before == null ? 0 : s.rowsPerSecond(before);
            b.append(String.format(
                    "%-16s %-12s %-7s %9.1f %9.1f %8d  %s%n",
                    clip(s.id(), 16), clip(s.type(), 12), s.state(), cps, rps, s.drops(), clip(message(s), 60)));
        }
        out.print(b);
    }

    private void logChanges(List<NodeStats> stats, double elapsed, boolean summaryDue) {
        for (NodeStats s : stats) {
            String state = s.state() + ":" + s.message();
            String old = lastState.put(s.id(), state);
            if (!state.equals(old) && (old != null || s.state() != NodeState.OK)) {
                out.printf(
                        "[%6.1fs] %s (%s): %s%s%n",
                        elapsed, s.id(), s.type(), s.state(), s.message().isEmpty() ? "" : " " + s.message());
            }
        }
        if (summaryDue) {
            long cooks = 0;
            long rows = 0;
            long drops = 0;
            int errors = 0;
            for (NodeStats s : stats) {
                cooks += s.cookCount();
                rows += s.rowsAdded();
                drops += s.drops();
                errors += s.state() == NodeState.ERROR ? 1 : 0;
            }
            out.printf(
                    "[%6.1fs] %d nodes, %d cooks, %d rows, %d drops, %d in error%n",
                    elapsed, stats.size(), cooks, rows, drops, errors);
        }
    }

    private static String message(NodeStats s) {
        if (!s.message().isEmpty()) {
            return s.message();
        }
        return s.lastError().isEmpty() ? "" : "last error: " + s.lastError();
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
