package dev.patchline.runtime.cook;

/**
 * Why a patch ended badly: its cook thread died, or it did not stop within {@link PatchOptions#waitLimit()}.
 * A command line that ran the patch exits non-zero and prints {@link #message()}.
 *
 * @param kind     what happened
 * @param node     the node the cook thread was in, or null when it was between nodes
 * @param activity what it was doing there, e.g. "callback onFrameStart", "cook"
 * @param message  one line for a person: node, activity and cause
 * @param cause    the throwable that ended the cook thread, or null
 */
public record PatchFailure(Kind kind, String node, String activity, String message, Throwable cause) {

    /** What went wrong. */
    public enum Kind {
        /** An {@link Error} or an exception no operator caught ended the cook loop. */
        COOK_THREAD_DIED,
        /** The cook thread did not stop in time; it stopped once interrupted. */
        STOP_INTERRUPTED,
        /** The cook thread did not stop even when interrupted and was abandoned (it is a daemon thread). */
        STOP_ABANDONED
    }
}
