package dev.patchline.runtime.cook;

/**
 * {@link Patch#apply(dev.patchline.runtime.graph.Graph, EditSource, long)} was given a graph derived from an older
 * revision than the running one: someone else changed the graph meanwhile, and applying would undo their change.
 * Read the graph again ({@link Patch#revisionedGraph()}) and redo the edit on it.
 */
public final class StaleRevisionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long baseRevision;
    private final long currentRevision;

    public StaleRevisionException(long baseRevision, long currentRevision) {
        super("the edit was made on revision " + baseRevision + " of the graph, but it is at revision "
                + currentRevision + " now; read the graph again and redo the edit");
        this.baseRevision = baseRevision;
        this.currentRevision = currentRevision;
    }

    /** {@return the revision the edit was made on} */
    public long baseRevision() {
        return baseRevision;
    }

    /** {@return the running graph's revision} */
    public long currentRevision() {
        return currentRevision;
    }
}
