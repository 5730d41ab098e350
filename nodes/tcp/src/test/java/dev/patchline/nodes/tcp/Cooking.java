package dev.patchline.nodes.tcp;

import dev.patchline.runtime.testing.OperatorTestRunner;
import java.net.ConnectException;
import java.net.Socket;

/** Connects test sockets to server DATs while cooking them. */
final class Cooking {
    private Cooking() {}

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
