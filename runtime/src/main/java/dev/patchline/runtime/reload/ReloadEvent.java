package dev.patchline.runtime.reload;

import dev.patchline.runtime.cook.GraphChange;
import dev.patchline.runtime.graph.GraphException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** What a {@link GraphFileWatcher} did about a change on disk; its listener receives one per reload. */
public sealed interface ReloadEvent {

    /** {@return the file that changed} */
    Path file();

    /**
     * The graph file changed and the patch now runs it.
     *
     * @param change the applied change; its diff is empty when the file changed only in layout
     */
    record Applied(Path file, GraphChange change) implements ReloadEvent {
        public Applied {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * The graph file (or a callbacks file) changed to something invalid; the patch runs on as it was.
     *
     * @param problems every problem, with line:column for a graph file: the same text {@code patchline validate}
     *     prints
     */
    record Rejected(Path file, GraphException problems) implements ReloadEvent {
        public Rejected {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(problems, "problems");
        }
    }

    /**
     * A callbacks file changed and the nodes that use it run its new text.
     *
     * @param nodes the ids of the nodes whose callbacks were replaced
     */
    record CallbacksReloaded(Path file, List<String> nodes) implements ReloadEvent {
        public CallbacksReloaded {
            Objects.requireNonNull(file, "file");
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * The change was valid but could not be applied or read (the patch did not answer in time, a callbacks script
     * failed to compile, the file could not be read); what the message says is what to fix.
     */
    record Failed(Path file, String message) implements ReloadEvent {
        public Failed {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(message, "message");
        }
    }
}
