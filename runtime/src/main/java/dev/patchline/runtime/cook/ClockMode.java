package dev.patchline.runtime.cook;

/** How the cook thread decides when to run a frame. */
public enum ClockMode {
    /** A frame every 1/fps seconds (default 60 fps); time-dependent nodes cook every frame. */
    FIXED_RATE,
    /**
     * A frame as soon as work arrives (wakeup, edit), coalescing bursts, at most {@link PatchOptions#maxEventRate()}
     * frames a second; time-dependent nodes still cook at fps.
     */
    EVENT,
    /** No thread: frames run only when the caller invokes {@link Patch#step()}; for tests and tools. */
    MANUAL
}
