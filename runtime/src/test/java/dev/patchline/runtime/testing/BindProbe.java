package dev.patchline.runtime.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tells whether a server listening on a port of this machine took the wildcard address (every interface) or one
 * address, without needing a second network interface: it tries to bind the same port on 127.0.0.2, which Linux
 * routes to loopback like 127.0.0.1. A socket on 0.0.0.0 holds the port for every address, so that bind fails;
 * one on 127.0.0.1 leaves 127.0.0.2 free.
 *
 * <p>Stateless and thread-safe; the probing socket is closed before returning.
 */
public final class BindProbe {

    private static final String OTHER_LOOPBACK = "127.0.0.2";

    private BindProbe() {}

    /** Whether the TCP listener on {@code port} holds it on every address (the wildcard). */
    public static boolean tcpListensOnAllInterfaces(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            return !bound(() -> probe.bind(new InetSocketAddress(InetAddress.getByName(OTHER_LOOPBACK), port)), port);
        } catch (IOException e) {
            throw new AssertionError("cannot open a probe socket: " + e, e);
        }
    }

    /** Whether the UDP socket on {@code port} holds it on every address (the wildcard). */
    public static boolean udpListensOnAllInterfaces(int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            return !bound(() -> probe.bind(new InetSocketAddress(InetAddress.getByName(OTHER_LOOPBACK), port)), port);
        } catch (IOException e) {
            throw new AssertionError("cannot open a probe socket: " + e, e);
        }
    }

    private interface Bind {
        void run() throws IOException;
    }

    private static boolean bound(Bind bind, int port) {
        try {
            bind.run();
            return true;
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                return false;
            }
            throw new AssertionError(
                    "cannot bind " + OTHER_LOOPBACK + ":" + port + " (" + e.getMessage() + "); this probe"
                            + " needs the whole 127.0.0.0/8 on loopback, as Linux has it",
                    e);
        } catch (IOException e) {
            throw new AssertionError("cannot probe " + OTHER_LOOPBACK + ":" + port + ": " + e, e);
        }
    }
}
