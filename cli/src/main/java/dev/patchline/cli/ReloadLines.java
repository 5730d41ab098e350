package dev.patchline.cli;

import dev.patchline.runtime.graph.GraphDiff;
import dev.patchline.runtime.reload.ReloadEvent;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The lines {@code run --watch} prints for each hot reload: one line on stdout when a change is applied; on stderr a
 * line and then every problem, as {@code patchline validate} prints them, when a file is refused.
 */
final class ReloadLines {
    private ReloadLines() {}

    static void print(ReloadEvent event, Path graphFile, PrintWriter out, PrintWriter err) {
        Path file = event.file().equals(graphFile.toAbsolutePath().normalize()) ? graphFile : event.file();
        if (event instanceof ReloadEvent.Applied a) {
            GraphDiff d = a.change().diff();
            out.println(file + ": applied: "
                    + (d.isEmpty()
                            ? "no change"
                            : d.nodeCount() + (d.nodeCount() == 1 ? " node" : " nodes") + " changed (" + d.summary()
                                    + ")"));
            out.flush();
        } else if (event instanceof ReloadEvent.CallbacksReloaded c) {
            out.println(file + ": applied: callbacks reloaded for " + String.join(", ", c.nodes()));
            out.flush();
        } else if (event instanceof ReloadEvent.Rejected r) {
            int n = r.problems().problems().size();
            err.println(
                    file + ": rejected: " + n + (n == 1 ? " problem" : " problems") + "; the graph runs on as it was");
            // The problems point into the graph file, also those of a callbacks file (/nodes/N/callbacks).
            GraphFiles.printProblems(graphFile, r.problems(), err);
        } else if (event instanceof ReloadEvent.Failed f) {
            err.println(file + ": not applied: " + f.message());
            err.flush();
        }
    }
}
