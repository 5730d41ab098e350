package dev.patchline.protocol.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT server on a free port of 127.0.0.1 that accepts every session and then breaks it at once: it answers
 * CONNECT with a valid CONNACK (MQTT 5 or 3.1.1, as the client asked) and then either sends a packet of the reserved
 * type 0 ({@link Failure#GARBAGE}: the client must call it a protocol error) or closes the socket
 * ({@link Failure#CLOSE}). The kind of peer that turns a reconnect rule "reset the backoff at CONNACK" into a storm.
 *
 * <p>One connection at a time on a daemon thread; {@link #connections()} and {@link #awaitConnections} are
 * thread-safe.
 */
public final class AcceptThenFailServer implements AutoCloseable {

    /** What follows the CONNACK. */
    public enum Failure {
        GARBAGE,
        CLOSE
    }

    /** A fixed header of the reserved packet type 0 with a five-byte body. */
    private static final byte[] GARBAGE = {0x00, 0x05, 1, 2, 3, 4, 5};

    private final ServerSocket server;
    private final Failure failure;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    public AcceptThenFailServer(Failure failure) throws IOException {
        this.failure = failure;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "accept-then-fail-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String tcpUrl() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Waits until at least {@code count} connections were accepted; false when {@code timeout} passed first. */
    public boolean awaitConnections(int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (connections) {
            while (connections.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(connections, left);
            }
        }
        return true;
    }

    private void serve() {
        while (!closed) {
            try (Socket socket = server.accept()) {
                synchronized (connections) {
                    connections.incrementAndGet();
                    connections.notifyAll();
                }
                socket.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                int level = readConnectLevel(in);
                out.write(level == 5 ? new byte[] {0x20, 3, 0, 0, 0} : new byte[] {0x20, 2, 0, 0});
                if (failure == Failure.GARBAGE) {
                    out.write(GARBAGE);
                    out.flush();
                    drain(socket.getInputStream()); // the client must be the one that hangs up
                } else {
                    out.flush();
                }
            } catch (IOException e) {
                // A reset by the client or a closed server socket: on to the next connection, or done.
            }
        }
    }

    /** Reads one CONNECT and returns its protocol level (4 for 3.1.1, 5 for 5.0). */
    private static int readConnectLevel(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        if ((type & 0xF0) != 0x10 || length < 7) {
            throw new IOException("expected CONNECT, got packet type " + (type >> 4));
        }
        return body[6];
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard: DISCONNECT and whatever else the client sends before it closes
            }
        } catch (SocketException e) {
            // reset by the client: also an end
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
