package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphDiff;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A patch's graph revision and the listeners told of each change. The cook thread bumps the revision and calls
 * the listeners; any thread reads the revision and adds or removes listeners.
 */
final class GraphChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(GraphChangeFeed.class);
    private final List<Consumer<GraphChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile long revision;

    long revision() {
        return revision;
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    AutoCloseable add(Consumer<GraphChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Bumps the revision when nobody listens (the caller did not build the graph for them). */
    void bumpUnheard() {
        revision++; // only the cook thread writes
    }

    /** Bumps the revision and tells every listener. {@return the change} */
    GraphChange publish(Graph graph, EditSource source, GraphDiff diff) {
        long rev = ++revision; // only the cook thread writes
        GraphChange change = new GraphChange(rev, graph, source, diff);
        for (Consumer<GraphChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                // A broken listener must not break the edit nor keep the others from hearing of it.
                LOG.warn("a graph change listener failed at revision {}: {}", rev, e.toString(), e);
            }
        }
        return change;
    }
}
