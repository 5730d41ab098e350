package dev.patchline.nodes.tcp;

import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.function.BooleanSupplier;

/** Cooks runners frame by frame until network activity has produced what a test waits for. */
final class Cooking {
    private Cooking() {
    }

    static void until(BooleanSupplier condition, String what, OperatorTestRunner... runners) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (OperatorTestRunner r : runners) {
                r.cook();
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder("timed out after 10 s waiting for: " + what);
                for (OperatorTestRunner r : runners) {
                    sb.append("\n  node state ").append(r.state()).append(": ").append(r.message());
                }
                throw new AssertionError(sb.toString());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
