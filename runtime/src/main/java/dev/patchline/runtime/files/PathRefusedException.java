package dev.patchline.runtime.files;

/**
 * A path in a graph leads out of the graph's folder and of every folder the user allowed. The message names the
 * path, the folder and how to allow it; it is meant to be shown as it is.
 */
public final class PathRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PathRefusedException(String message) {
        super(message);
    }
}
