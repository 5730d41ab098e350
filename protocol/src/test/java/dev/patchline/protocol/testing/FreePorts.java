package dev.patchline.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out TCP ports on 127.0.0.1 that were free a moment ago.
 *
 * <p>The operating system picks the port (bind to 0), so tests never assume a well-known port such as 1883.
 * A port is never handed out twice by the same JVM, so two fixtures started back to back in one test cannot
 * collide even when the kernel would have reused the number. Thread-safe.
 */
public final class FreePorts {

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A TCP port on 127.0.0.1 that nobody listens on right now. */
    public static int tcp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = probe();
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port found on 127.0.0.1 after 50 attempts");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket()) {
            // SO_REUSEADDR so that the probe's closed socket does not keep the real server from binding the port.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a probe socket on 127.0.0.1", e);
        }
    }
}
