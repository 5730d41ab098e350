package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.Graph;
import java.util.Objects;

/**
 * A running patch's graph together with its revision, read at the same moment ({@link Patch#revisionedGraph()}), so
 * that an edit derived from {@code graph} can name the revision it was made on.
 *
 * @param revision the graph's revision
 * @param graph    the graph at that revision
 */
public record RevisionedGraph(long revision, Graph graph) {
    public RevisionedGraph {
        Objects.requireNonNull(graph, "graph");
    }
}
