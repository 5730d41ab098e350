package dev.patchline.nodes.tcp.net;

import dev.patchline.protocol.mqtt.transport.EventLoops;
import dev.patchline.protocol.mqtt.transport.SslContexts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A running TCP endpoint: a server accepting many peers or a client keeping one connection up. Received messages
 * and connection changes go to the {@link EventSink} in order; human-readable state goes to {@link #status()} and
 * {@link #takeProblem()}, and each change calls the {@code wakeup} so that the owner looks.
 */
public abstract class TcpLink implements AutoCloseable {
    /** The event loops of every TCP/IP DAT of the process; they stop when the last link closes. */
    private static final String THREAD_NAME = "patchline-tcp";

    private static final int THREADS =
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /**
     * The loops block at once, as Netty's do: a bulk stream into one DAT needs the cook thread's CPU more than short
     * round trips, and on a loaded 2-core machine polling after each read took it from the cook.
     */
    private static final Duration POLL_WINDOW = Duration.ZERO;

    private final TcpLinkConfig config;
    private final EventSink sink;
    private final Runnable wakeup;
    private final LinkStats stats = new LinkStats();
    private final Set<TcpConnection> backlogged = ConcurrentHashMap.newKeySet();
    private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> problem = new AtomicReference<>();
    /** Server: connections admitted and not yet closed, checked against the peer limit when one is accepted. */
    private final AtomicInteger admitted = new AtomicInteger();

    private volatile String status = "starting";
    private volatile boolean keepRawBytes = true;
    final EventLoops loops;
    volatile boolean closed;

    TcpLink(TcpLinkConfig config, EventSink sink, Runnable wakeup) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
        this.loops = EventLoops.lease(THREAD_NAME, THREADS, POLL_WINDOW);
    }

    /** A server or client link for {@code config}; call {@link #start()} to open it. */
    public static TcpLink create(TcpLinkConfig config, EventSink sink, Runnable wakeup) {
        return config.server() ? new TcpServerLink(config, sink, wakeup) : new TcpClientLink(config, sink, wakeup);
    }

    /**
     * Binds (server) or starts connecting (client) without blocking. The future completes when the server is
     * bound or the first connect attempt ended; failures also show in {@link #status()}.
     */
    public abstract Future<?> start();

    /** The bound port of a server (useful with port 0), or the remote port of a client. */
    public abstract int localPort();

    public TcpLinkConfig config() {
        return config;
    }

    public LinkStats stats() {
        return stats;
    }

    /** One line about the link's state, e.g. {@code listening on 127.0.0.1:7000}. */
    public String status() {
        return status;
    }

    /** Whether the link is in a failed state that needs a parameter change (bind failed). */
    public boolean failed() {
        return false;
    }

    /** The latest problem since the previous call (a dropped over-long message, a failed TLS handshake), or null. */
    public String takeProblem() {
        return problem.getAndSet(null);
    }

    /**
     * Whether received messages carry their raw bytes besides the decoded text (default true). The owner turns it
     * off while nothing reads them (no bytes column, no {@code onReceive}), which saves a copy per message; events
     * already framed keep what they had.
     */
    public void keepRawBytes(boolean keep) {
        keepRawBytes = keep;
    }

    boolean keepsRawBytes() {
        return keepRawBytes;
    }

    /** Open connections right now (approximate while peers come and go). */
    public int openConnections() {
        return open.size();
    }

    /**
     * Lets backlogged connections hand over their waiting messages and read again. Call after draining the sink.
     * Cheap when nothing is backlogged.
     */
    public void resume() {
        if (backlogged.isEmpty()) {
            return;
        }
        for (TcpConnection connection : backlogged) {
            try {
                connection.scheduleResume();
            } catch (RejectedExecutionException e) {
                backlogged.remove(connection); // event loops are shutting down
            }
        }
    }

    /** Messages received but not yet accepted by the sink (waiting in connection backlogs). */
    public int backlogSize() {
        int n = 0;
        for (TcpConnection connection : backlogged) {
            n += connection.backlogSize();
        }
        return n;
    }

    /**
     * Sends framed bytes to the link's one connection, or keeps them in order until it is up (client links; takes
     * ownership of {@code framed}). A server has no single connection: it releases the bytes and returns false.
     *
     * @return whether the bytes were sent or queued
     */
    public boolean sendOrQueue(ByteBuf framed, int messages) {
        framed.release();
        return false;
    }

    /** Messages waiting for a client's connection ({@link #sendOrQueue}); 0 for a server. */
    public int queuedSends() {
        return 0;
    }

    /** Connections whose {@link TcpEvent.Connected} has been delivered and that are still open. */
    public List<TcpConnection> announcedConnections() {
        List<TcpConnection> list = new ArrayList<>();
        for (TcpConnection connection : open) {
            if (connection.isAnnounced() && connection.isOpen()) {
                list.add(connection);
            }
        }
        return list;
    }

    /** Closes every connection and stops listening or reconnecting. Does not wait. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeChannels();
        for (TcpConnection connection : open) {
            connection.close();
        }
        loops.close();
    }

    abstract void closeChannels();

    // ---------------------------------------------------------------- for connections and subclasses

    EventSink sink() {
        return sink;
    }

    void status(String text) {
        status = text;
        wakeup.run();
    }

    void problem(String text) {
        problem.set(text);
        wakeup.run();
    }

    void markBacklogged(TcpConnection connection) {
        backlogged.add(connection);
        // The sink was full; the owner may already be draining it, so ask it to look (and resume) again.
        wakeup.run();
    }

    void backlogCleared(TcpConnection connection) {
        backlogged.remove(connection);
    }

    void connectionClosed(TcpConnection connection) {
        if (open.remove(connection) && config.server()) {
            admitted.decrementAndGet();
        }
    }

    /**
     * Server: takes a place for a new peer, or refuses it (closed at once, counted, reported) when
     * {@link TcpLinkConfig#maxPeers()} are already connected. Runs on the accepting event loop.
     */
    private boolean admit(Channel ch) {
        if (!config.server()) {
            return true;
        }
        int max = config.maxPeers();
        if (max == 0) {
            admitted.incrementAndGet();
            return true;
        }
        if (admitted.incrementAndGet() <= max) {
            return true;
        }
        admitted.decrementAndGet();
        stats.refused.increment();
        problem("refused a connection from " + peerOf(ch) + ": the server already has " + max + " peers (maxpeers "
                + max + "); " + stats.refused() + " refused so far. Raise 'maxpeers', or find who opens so many");
        ch.close();
        return false;
    }

    private static String peerOf(Channel ch) {
        SocketAddress remote = ch.remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(remote);
    }

    /** On the connection's event loop, just before its Connected event is delivered. */
    void connectionAnnounced(TcpConnection connection) {}

    /** The per-connection pipeline: TLS, framing and hand-over, write limit. */
    ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (!admit(ch)) {
                    return;
                }
                ChannelPipeline pipeline = ch.pipeline();
                if (!config.idleTimeout().isZero()) {
                    // First in the pipeline, so that it sees raw traffic (TLS records included) both ways; the
                    // connection closes on the event (see TcpConnection).
                    pipeline.addLast(
                            "idle",
                            new IdleStateHandler(
                                    true, 0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
                }
                boolean tls = config.ssl() != null;
                if (tls) {
                    pipeline.addLast(
                            "tls",
                            config.server()
                                    ? config.ssl().newHandler(ch.alloc(), config.host(), config.port())
                                    : SslContexts.newClientHandler(
                                            config.ssl(), ch.alloc(), config.host(), config.port()));
                }
                TcpConnection connection = new TcpConnection(TcpLink.this, ch, tls);
                open.add(connection);
                pipeline.addLast("connection", connection);
                pipeline.addLast(
                        "writeLimit",
                        new WriteLimiter(config.writeLimitBytes(), config.slowPeerPolicy(), stats, connection));
                if (closed) {
                    ch.close();
                }
            }
        };
    }

    /**
     * Options for every connected socket: no Nagle delay (control messages are small), TCP keep-alive (so that a peer
     * that vanished without a FIN is eventually found dead, even on a connection that never sends), and the write
     * watermarks.
     */
    void applySocketOptions(BiConsumer<ChannelOption<Object>, Object> option) {
        // The write limiter keeps Netty's buffer within half the limit; the watermarks only make writability
        // events coincide with that share.
        int high = Math.max(2, config.writeLimitBytes() / 2);
        option.accept(cast(ChannelOption.TCP_NODELAY), Boolean.TRUE);
        option.accept(cast(ChannelOption.SO_KEEPALIVE), Boolean.TRUE);
        option.accept(cast(ChannelOption.WRITE_BUFFER_WATER_MARK), new WriteBufferWaterMark(high / 2, high));
    }

    @SuppressWarnings("unchecked")
    private static ChannelOption<Object> cast(ChannelOption<?> option) {
        return (ChannelOption<Object>) option;
    }
}
