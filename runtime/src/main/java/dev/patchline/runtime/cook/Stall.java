package dev.patchline.runtime.cook;

import java.time.Duration;
import java.util.List;

/**
 * The watchdog's report of a cook thread busy in one place for longer than {@link PatchOptions#watchdog()}.
 *
 * @param node     the node, or null when the cook thread was between nodes
 * @param activity e.g. "callback onFrameStart", "expression of parameter 'rate'", "cook"
 * @param running  how long it had been running when seen
 * @param stack    the cook thread's stack when seen, innermost frame first
 */
public record Stall(String node, String activity, Duration running, List<StackTraceElement> stack) {

    public Stall {
        stack = List.copyOf(stack);
    }

    /** {@return e.g. "node 'loop' (callback onFrameStart)"} */
    public String where() {
        return node == null ? "the cook thread (" + activity + ")" : "node '" + node + "' (" + activity + ")";
    }

    /** {@return e.g. "node 'loop' (callback onFrameStart) has been running for 5.2 s"} */
    public String describe() {
        return where() + " has been running for "
                + String.format(java.util.Locale.ROOT, "%.1f s", running.toMillis() / 1000.0);
    }
}
