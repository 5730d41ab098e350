package dev.patchline.cli;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchFailure;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * While open, Ctrl-C (a JVM shutdown) stops the patch and waits for it as {@link Patch#close()} does (bounded:
 * a callback that never returns is interrupted, then abandoned), and prints why the patch failed if it did, since
 * the JVM ends when the hook returns. Closing removes the hook again; {@link #reportFailure()} then prints the same
 * line for a run that ended otherwise. The line is printed once either way.
 */
public final class StopOnCtrlC implements AutoCloseable {
    private final Thread hook;
    private final Patch patch;
    private final PrintWriter err;
    private final AtomicBoolean reported = new AtomicBoolean();

    private StopOnCtrlC(Patch patch, PrintWriter err) {
        this.patch = patch;
        this.err = err;
        this.hook = new Thread(
                () -> {
                    patch.close();
                    reportFailure();
                },
                "patchline-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** {@return a hook that stops {@code patch} on Ctrl-C until closed and reports its failure on stderr} */
    public static StopOnCtrlC stops(Patch patch) {
        return new StopOnCtrlC(patch, new PrintWriter(System.err, true));
    }

    /** {@return a hook that stops {@code patch} on Ctrl-C until closed and reports its failure on {@code err}} */
    public static StopOnCtrlC stops(Patch patch, PrintWriter err) {
        return new StopOnCtrlC(patch, err);
    }

    /**
     * Prints {@code patchline: <why>} once when the patch failed (its cook thread died, or it had to be interrupted
     * or abandoned to stop). {@return 1 when it failed, else 0: the command's exit code}
     */
    public int reportFailure() {
        PatchFailure failure = patch.failure().orElse(null);
        if (failure == null) return 0;
        if (reported.compareAndSet(false, true)) {
            err.println("patchline: " + failure.message());
            err.flush();
        }
        return 1;
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
