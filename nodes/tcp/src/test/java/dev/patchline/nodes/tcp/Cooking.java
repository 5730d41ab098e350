package dev.patchline.nodes.tcp;

import dev.patchline.runtime.testing.OperatorTestRunner;
import java.net.ConnectException;
import java.net.Socket;
import java.util.function.BooleanSupplier;

/** Cooks runners frame by frame until network activity has produced what a test waits for. */
final class Cooking {
    private Cooking() {}

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

    /** Connects to a server DAT on 127.0.0.1, cooking the runners meanwhile: the server binds asynchronously. */
    static Socket connect(int port, OperatorTestRunner... runners) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                for (OperatorTestRunner r : runners) {
                    r.cook();
                }
                Thread.sleep(5);
            }
        }
    }
}
