package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.testing.OperatorTestRunner;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Cooks a manual-clock runner until a condition holds (the network delivers on its own threads meanwhile). */
final class Cooking {
    private Cooking() {}

    static void until(OperatorTestRunner r, BooleanSupplier done, Supplier<String> what) {
        until(r, done, what, Duration.ofSeconds(30));
    }

    static void until(OperatorTestRunner r, BooleanSupplier done, Supplier<String> what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            r.cook();
            if (done.getAsBoolean()) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get() + "; node state " + r.state() + ": "
                        + r.message() + "; info " + r.node().getInfo());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
