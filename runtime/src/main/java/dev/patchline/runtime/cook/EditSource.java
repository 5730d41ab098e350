package dev.patchline.runtime.cook;

/** Where a change of a running patch's graph came from, as {@link GraphChange#source()} reports it. */
public enum EditSource {
    /** The Java API: {@link Patch#edit} or {@link Patch#apply} called by code. */
    API,
    /** The studio: an edit made in a browser. */
    STUDIO,
    /** The graph file or a callbacks file changed on disk (hot reload). */
    DISK
}
