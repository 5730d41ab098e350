package dev.patchline.cli;

import dev.patchline.runtime.cook.Patch;

/**
 * While open, Ctrl-C (a JVM shutdown) asks the patch to stop; the command's own {@code Patch.close()}
 * then waits for every {@code onStop}. Closing removes the hook again.
 */
public final class StopOnCtrlC implements AutoCloseable {
    private final Thread hook;

    private StopOnCtrlC(Patch patch) {
        this.hook = new Thread(patch::stop, "patchline-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** {@return a hook that stops {@code patch} on Ctrl-C until closed} */
    public static StopOnCtrlC stops(Patch patch) {
        return new StopOnCtrlC(patch);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and stops the patch; the caller's close() waits for it.
        }
    }
}
