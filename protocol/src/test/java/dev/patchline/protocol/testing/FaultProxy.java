package dev.patchline.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free port of 127.0.0.1 that forwards every accepted connection to one target, and can cut
 * all of them abruptly, the way a crashed NAT box or a pulled cable followed by a timeout looks to both ends:
 * {@link #cutAll()} resets both sockets of each pair (SO_LINGER 0, so the kernel sends RST, not FIN) and the
 * proxy keeps accepting new connections.
 *
 * <p>Forwarding uses two blocking threads per connection: simple and plenty for tests on loopback.
 * Half-closes are passed on (EOF on one side shuts down output on the other). All methods are thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread =
                    new Thread(runnable, "fault-proxy-" + server.getLocalPort() + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy to {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) {
        try {
            return new FaultProxy(new InetSocketAddress(targetHost, targetPort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fault proxy's listening socket", e);
        }
    }

    /** The port clients connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Connections accepted since start. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Connections open right now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections that {@link #cutAll()} has reset since start. */
    public int cutConnections() {
        return cut.get();
    }

    /**
     * Resets every open connection on both sides (RST, no MQTT DISCONNECT, no FIN) and returns how many were cut.
     * New connections are accepted as before.
     */
    public int cutAll() {
        int count = 0;
        for (Link link : links) {
            if (link.reset()) {
                count++;
            }
        }
        cut.addAndGet(count);
        return count;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy 127.0.0.1:" + port() + " -> " + target + " (open " + links.size() + ", cut " + cut.get()
                + ")";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket downstream;
            try {
                downstream = server.accept();
            } catch (IOException e) {
                return; // server socket closed
            }
            accepted.incrementAndGet();
            threads.execute(() -> connect(downstream));
        }
    }

    private void connect(Socket downstream) {
        Socket upstream = new Socket();
        try {
            downstream.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            // Target down: the client sees a reset, just as it would from a dead broker behind a NAT box.
            resetQuietly(downstream);
            resetQuietly(upstream);
            return;
        }
        Link link = new Link(downstream, upstream);
        links.add(link);
        if (closed) {
            link.reset();
            return;
        }
        threads.execute(() -> pump(link, downstream, upstream));
        pump(link, upstream, downstream);
    }

    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            link.halfClosed();
        } catch (IOException e) {
            // One side reset or we cut it: pass the reset on so that neither side hangs on a half-dead link.
            link.reset();
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** One proxied connection: the client-facing and the target-facing socket. */
    private final class Link {
        private final Socket downstream;
        private final Socket upstream;
        private final AtomicInteger halfCloses = new AtomicInteger();
        private volatile boolean done;

        Link(Socket downstream, Socket upstream) {
            this.downstream = downstream;
            this.upstream = upstream;
        }

        /** Resets both sockets; true if this call ended a live link. */
        boolean reset() {
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
            }
            links.remove(this);
            resetQuietly(downstream);
            resetQuietly(upstream);
            return true;
        }

        void halfClosed() {
            if (halfCloses.incrementAndGet() == 2) {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    done = true;
                }
                links.remove(this);
                try {
                    downstream.close();
                    upstream.close();
                } catch (IOException ignored) {
                    // both directions finished already
                }
            }
        }
    }
}
