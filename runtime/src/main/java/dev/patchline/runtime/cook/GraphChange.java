package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphDiff;
import java.util.Objects;

/**
 * One applied change of a running patch's graph, as {@link Patch#apply} completes with and
 * {@link Patch#onGraphChange} listeners receive it.
 *
 * @param revision the graph's revision after the change ({@link Patch#revision()})
 * @param graph    the whole graph after the change
 * @param source   who made the change
 * @param diff     what changed: from the graph before to {@code graph}; empty when nothing changed
 */
public record GraphChange(long revision, Graph graph, EditSource source, GraphDiff diff) {
    public GraphChange {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(diff, "diff");
    }
}
