package dev.patchline.protocol.mqtt.transport;

import dev.patchline.protocol.retry.RetryCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one MQTT client's byte stream over TCP, TLS, WebSocket or secure WebSocket, and keeps it connected.
 *
 * <p>The transport owns the Netty side: it connects (resolving host names off the event loop), runs the TLS and
 * WebSocket handshakes, feeds received bytes and the time to a {@link StreamProtocol}, drains the protocol's outbound
 * bytes while the socket is writable (one flush per batch), schedules the protocol's next deadline, and reconnects
 * after a loss following the {@link ReconnectPolicy}. The protocol object lives on across reconnects; that is where
 * the MQTT session is kept.
 *
 * <p>Threading: the transport is pinned to one event loop ({@link #eventLoop()}) for its whole life; the protocol and the
 * listener are only ever called there. {@link #start()}, {@link #stop()}, {@link #requestFlush()} and
 * {@link #execute(Runnable)} may be called from any thread. {@link #flush()}, {@link #closeConnection(Throwable)},
 * {@link #setReading(boolean)}, {@link #readOnce()} and {@link #connectionEstablished()} must be called on the event
 * loop (typically from protocol callbacks). Nothing here blocks.
 *
 * <p>Why this class is about 650 lines: connecting, the handshakes, writing (and reporting what reached the socket),
 * the deadline timer, reconnecting and stopping all act on one event-loop-confined record of the current link ({@code current}, {@code stopping}, the
 * timers), and every channel event must check that it still belongs to that link. Split up, each part would need that
 * state passed around or shared; here a reader sees every place that changes it.
 */
public final class MqttTransport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);

    /** Host name lookups can block for seconds; they must never run on an event loop. */
    private static final Executor RESOLVER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "patchline-mqtt-resolver");
        thread.setDaemon(true);
        return thread;
    });

    private final TransportOptions options;
    private final StreamProtocol protocol;
    private final TransportListener listener;
    private final EventLoops loops;
    private final EventLoop eventLoop;
    private final SslContext sslContext;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final Runnable flushTask = this::runRequestedFlush;
    private final Runnable timeoutTask = this::runTimeout;

    // Event-loop confined state.
    private Link current;
    private boolean started;
    private boolean stopping;
    private final RetryCounter retries;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean reading = true;
    /** Inside {@link #flush()}: write completions are reported at its end, not by a flush of their own. */
    private boolean flushing;
    /** Bytes of the current link written to the socket and not yet reported to the protocol. */
    private long writtenUnreported;

    /**
     * Creates a transport; nothing happens until {@link #start()}.
     *
     * @throws IllegalArgumentException when TLS material is unreadable or invalid (checked now, not at connect time)
     */
    public MqttTransport(
            TransportOptions options, StreamProtocol protocol, TransportListener listener, EventLoops loops) {
        this.options = Objects.requireNonNull(options, "options");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.listener = listener == null ? new TransportListener() {} : listener;
        this.loops = Objects.requireNonNull(loops, "loops");
        this.eventLoop = loops.group().next();
        this.sslContext = options.serverUri().scheme().isSecure() ? SslContexts.forClient(options.tls()) : null;
        this.retries = new RetryCounter(options.reconnect().backoff());
    }

    /** The one thread on which the protocol and listener are called. */
    public EventLoop eventLoop() {
        return eventLoop;
    }

    public TransportOptions options() {
        return options;
    }

    /** Runs {@code task} on the event loop (now if already there). Thread-safe. */
    public void execute(Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
        } else {
            eventLoop.execute(task);
        }
    }

    /** Starts connecting; idempotent. Thread-safe. */
    public void start() {
        execute(() -> {
            if (started || stopping) {
                return;
            }
            started = true;
            connect();
        });
    }

    /**
     * Stops for good: no more reconnects; the protocol's pending outbound bytes (e.g. a DISCONNECT it queued) are
     * written, then the connection is closed. Thread-safe; the future completes on the event loop once closed.
     */
    public CompletableFuture<Void> stop() {
        execute(() -> {
            if (stopping) {
                return;
            }
            stopping = true;
            cancel(reconnectTask);
            reconnectTask = null;
            Link link = current;
            if (link == null) {
                finishStop();
            } else {
                flush();
                closeGracefully(link.channel);
            }
        });
        return stopped;
    }

    /** Completes when the transport has stopped, by {@link #stop()} or because reconnecting is disabled. */
    public CompletableFuture<Void> whenStopped() {
        return stopped;
    }

    /** Whether a connection is open and handshaken right now. Event loop only. */
    public boolean isConnected() {
        return current != null && current.open;
    }

    /**
     * Tells the transport that the protocol accepted the connection (MQTT: a successful CONNACK). Once the connection
     * has stayed up for the policy's {@link ReconnectPolicy#stableAfter()}, its loss starts the backoff again; lost
     * sooner, it counts as one more failed attempt. Event loop only.
     */
    public void connectionEstablished() {
        retries.connected(System.nanoTime());
    }

    /**
     * Tells the transport that the current connection was healthy whatever its age, so that its loss starts the
     * backoff again (MQTT: it carried valid packets after CONNACK and then broke without a protocol error, as a
     * broker restart or a network cut looks). Call while the connection is up or from the protocol's
     * {@code connectionClosed}. Event loop only.
     */
    public void connectionProved() {
        retries.proved();
    }

    /** Retries since the last healthy connection (0 before any failure). Event loop only. */
    public int reconnectAttempt() {
        return retries.attempt();
    }

    /**
     * Writes what the protocol has queued while the socket takes it, flushes once, tells the protocol which bytes
     * reached the socket, and re-arms the deadline timer. Event loop only; from other threads use
     * {@link #requestFlush()}.
     */
    public void flush() {
        Link link = current;
        if (link != null && link.open) {
            boolean outermost = !flushing; // a writability event inside a write may flush again
            flushing = true;
            try {
                writeOut(link);
            } finally {
                if (outermost) {
                    flushing = false;
                }
            }
        }
        armTimer();
    }

    private void writeOut(Link link) {
        Channel channel = link.channel;
        do {
            boolean wrote = false;
            // Stop at the high-water mark: what stays in the protocol's bounded queue is backpressure, not lost.
            while (channel.isWritable()) {
                ByteBuf bytes = protocol.pollOutbound();
                if (bytes == null) {
                    break;
                }
                int size = bytes.readableBytes();
                channel.write(bytes, channel.newPromise().addListener(new Written(link, size)));
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
            // Bytes written during that flush may let the protocol queue more (e.g. publishes held back by its bound).
        } while (reportWritten() && link.open && channel.isWritable());
    }

    /** Tells the protocol the bytes written since the last report; false when there were none. */
    private boolean reportWritten() {
        long bytes = writtenUnreported;
        if (bytes == 0) {
            return false;
        }
        writtenUnreported = 0;
        protocol.outboundWritten(bytes, System.nanoTime());
        return true;
    }

    /**
     * Asks for a {@link #flush()} on the event loop. Calls are coalesced: a burst of commands from one thread costs one
     * task and one flush. Thread-safe.
     */
    public void requestFlush() {
        if (flushRequested.compareAndSet(false, true)) {
            eventLoop.execute(flushTask);
        }
    }

    /**
     * Drops the current connection (after writing what the protocol queued, e.g. a DISCONNECT with a reason) and
     * reconnects according to the policy. Event loop only.
     */
    public void closeConnection(Throwable reason) {
        Link link = current;
        if (link == null) {
            return;
        }
        if (link.cause == null) {
            link.cause = reason;
        }
        flush();
        closeGracefully(link.channel);
    }

    /** Pauses or resumes reading from the socket (inbound backpressure). Event loop only. */
    public void setReading(boolean on) {
        reading = on;
        Link link = current;
        if (link != null) {
            link.channel.config().setAutoRead(on);
        }
    }

    /**
     * While reading is paused: reads once (what the socket holds, or the next bytes to arrive) and stays paused, so
     * that the protocol can tell a silent peer from one whose bytes merely wait unread. Event loop only.
     */
    public void readOnce() {
        Link link = current;
        if (link != null && link.open && !reading) {
            link.channel.read();
        }
    }

    private void runRequestedFlush() {
        flushRequested.set(false);
        flush();
    }

    private void armTimer() {
        long deadline = protocol.nextDeadlineNanos();
        // Re-arm only when the deadline moved earlier: a keep-alive deadline that moves later with every packet would
        // otherwise cost a scheduled task per packet. A timer firing early just calls handleTimeout once too often.
        if (deadline == Long.MAX_VALUE || deadline >= timerDeadline) {
            return;
        }
        cancel(timer);
        timerDeadline = deadline;
        timer = eventLoop.schedule(timeoutTask, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void runTimeout() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        protocol.handleTimeout(System.nanoTime());
        flush();
    }

    private void connect() {
        if (stopping) {
            return;
        }
        reconnectTask = null;
        ServerUri uri = options.serverUri();
        listener.connecting(uri, retries.attempt());
        String host = uri.host();
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            connectTo(new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), uri.port()));
            return;
        }
        CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return InetAddress.getByName(host);
                            } catch (UnknownHostException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        RESOLVER)
                .whenCompleteAsync(
                        (address, failure) -> {
                            if (failure != null) {
                                Throwable cause = failure.getCause() instanceof IllegalStateException ise
                                                && ise.getCause() != null
                                        ? ise.getCause()
                                        : failure;
                                linkFailedBeforeChannel(new UnknownHostException("cannot resolve broker host '" + host
                                        + "' of " + uri + ": " + cause.getMessage()));
                            } else {
                                connectTo(new InetSocketAddress(address, uri.port()));
                            }
                        },
                        eventLoop);
    }

    private void connectTo(InetSocketAddress address) {
        if (stopping) {
            finishStop();
            return;
        }
        int timeoutMillis =
                (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        Bootstrap bootstrap = new Bootstrap()
                .group(eventLoop)
                .channel(loops.channelType())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .option(ChannelOption.TCP_NODELAY, options.tcpNoDelay())
                .option(ChannelOption.AUTO_READ, reading)
                .handler(new Initializer());
        ChannelFuture connecting = bootstrap.connect(address);
        Link link = new Link(connecting.channel());
        current = link;
        // One budget for TCP connect + TLS handshake + WebSocket upgrade.
        link.handshakeTimeout = eventLoop.schedule(
                () -> {
                    if (!link.open && link.channel.isOpen()) {
                        link.cause = new ConnectTimeoutException("no usable connection to " + options.serverUri()
                                + " within " + timeoutMillis + " ms (TCP connect, TLS and WebSocket handshakes)");
                        link.channel.close();
                    }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
        link.connectFuture = connecting;
        link.channel.closeFuture().addListener((ChannelFutureListener) f -> linkDown(link));
    }

    private void linkFailedBeforeChannel(Throwable cause) {
        if (stopping) {
            finishStop();
            return;
        }
        scheduleReconnect(cause);
    }

    private void linkOpened(Link link) {
        if (link != current || link.open) {
            return;
        }
        link.open = true;
        writtenUnreported = 0;
        cancel(link.handshakeTimeout);
        String alpn = null;
        SslHandler ssl = link.channel.pipeline().get(SslHandler.class);
        if (ssl != null) {
            alpn = ssl.applicationProtocol();
        }
        SocketAddress remote = link.channel.remoteAddress();
        LOG.debug("connected to {} ({})", options.serverUri(), remote);
        listener.connected(remote, alpn);
        protocol.connectionOpened(System.nanoTime());
        flush();
    }

    private void linkDown(Link link) {
        if (link != current) {
            return;
        }
        current = null;
        writtenUnreported = 0;
        cancel(link.handshakeTimeout);
        if (link.cause == null && link.connectFuture.isDone() && !link.connectFuture.isSuccess()) {
            // A refused connect may close the channel before it fails the connect future; take the reason from there.
            link.cause = link.connectFuture.cause();
        }
        // A new connection starts reading: it must at least see its CONNACK. The protocol pauses again if it still
        // must.
        reading = true;
        if (link.open) {
            protocol.connectionClosed(System.nanoTime(), link.cause);
            armTimer();
        }
        if (stopping) {
            listener.disconnected(link.cause, -1);
            finishStop();
            return;
        }
        scheduleReconnect(link.cause);
    }

    private void scheduleReconnect(Throwable cause) {
        ReconnectPolicy policy = options.reconnect();
        if (!policy.isEnabled()) {
            LOG.debug(
                    "connection to {} lost and reconnect is disabled: {}", options.serverUri(), String.valueOf(cause));
            listener.disconnected(cause, -1);
            stopping = true;
            finishStop();
            return;
        }
        long delay = retries.failed(System.nanoTime());
        LOG.debug(
                "connection to {} lost ({}); retry {} in {} ms",
                options.serverUri(),
                String.valueOf(cause),
                retries.attempt(),
                TimeUnit.NANOSECONDS.toMillis(delay));
        listener.disconnected(cause, delay);
        reconnectTask = eventLoop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    private void finishStop() {
        if (stopped.isDone()) {
            return;
        }
        cancel(timer);
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        listener.stopped();
        stopped.complete(null);
    }

    private void closeGracefully(Channel channel) {
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        Object goodbye = options.serverUri().scheme().isWebSocket() && current != null && current.open
                ? new CloseWebSocketFrame(1000, "")
                : Unpooled.EMPTY_BUFFER;
        // The listener runs once everything written before has left, so a queued DISCONNECT is not cut off.
        channel.writeAndFlush(goodbye).addListener(ChannelFutureListener.CLOSE);
        // A server that stopped reading never lets it leave: cut the connection after the connect timeout.
        eventLoop.schedule(
                () -> {
                    if (channel.isOpen()) {
                        LOG.debug(
                                "the server took nothing within {} of the goodbye; closing", options.connectTimeout());
                        channel.close();
                    }
                },
                options.connectTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    /** Notes that one polled buffer of {@code link} reached the socket (or that writing it failed). */
    private final class Written implements ChannelFutureListener {
        private final Link link;
        private final int bytes;

        Written(Link link, int bytes) {
            this.link = link;
            this.bytes = bytes;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (link != current) {
                return;
            }
            if (!future.isSuccess()) {
                if (link.cause == null) {
                    link.cause = future.cause();
                }
                future.channel().close();
                return;
            }
            writtenUnreported += bytes;
            if (!flushing) {
                // Written later, when the socket drained: report it (and write what may follow) in a task of its own.
                requestFlush();
            }
        }
    }

    /** One connection attempt and, if it works out, one connection. */
    private static final class Link {
        final Channel channel;
        boolean open;
        Throwable cause;
        ChannelFuture connectFuture;
        ScheduledFuture<?> handshakeTimeout;

        Link(Channel channel) {
            this.channel = channel;
        }
    }

    private final class Initializer extends ChannelInitializer<Channel> {
        @Override
        protected void initChannel(Channel channel) {
            ServerUri uri = options.serverUri();
            ChannelPipeline pipeline = channel.pipeline();
            if (sslContext != null) {
                String peerHost =
                        options.tls().serverName() != null ? options.tls().serverName() : uri.host();
                SslHandler ssl = SslContexts.newClientHandler(sslContext, channel.alloc(), peerHost, uri.port());
                ssl.setHandshakeTimeoutMillis(options.connectTimeout().toMillis());
                pipeline.addLast("tls", ssl);
            }
            if (uri.scheme().isWebSocket()) {
                pipeline.addLast("http", new HttpClientCodec());
                pipeline.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
                pipeline.addLast(
                        "websocket",
                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(uri.webSocketUri())
                                .subprotocol(options.webSocketSubprotocol())
                                // A frame may hold a whole packet plus the start of the next: allow a little more than
                                // the largest packet.
                                .maxFramePayloadLength(
                                        (int) Math.min(Integer.MAX_VALUE, options.maxIncomingPacketSize() + 64L * 1024))
                                .handshakeTimeoutMillis(options.connectTimeout().toMillis())
                                .dropPongFrames(true)
                                .handleCloseFrames(true)
                                .build()));
                pipeline.addLast("websocket-bytes", new WebSocketByteStream(options.webSocketFragmentSize()));
            }
            pipeline.addLast("mqtt-transport", new Bridge());
        }
    }

    /** Connects the channel's events to the protocol. */
    private final class Bridge extends ChannelInboundHandlerAdapter {

        private Link link(ChannelHandlerContext ctx) {
            Link link = current;
            return link != null && link.channel == ctx.channel() ? link : null;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Link link = link(ctx);
            if (link != null && options.serverUri().scheme() == ServerUri.Scheme.TCP) {
                linkOpened(link);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            Link link = link(ctx);
            if (link != null) {
                if (event instanceof SslHandshakeCompletionEvent handshake) {
                    if (!handshake.isSuccess()) {
                        link.cause = handshake.cause();
                    } else if (options.serverUri().scheme() == ServerUri.Scheme.TLS) {
                        linkOpened(link);
                    }
                } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    linkOpened(link);
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Link link = link(ctx);
            if (link == null || !link.open || !(msg instanceof ByteBuf bytes)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            protocol.receive(bytes, System.nanoTime());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // One flush for everything the reads of this batch produced (acks, responses).
            if (link(ctx) != null) {
                flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Link link = link(ctx);
            if (link != null && link.open) {
                boolean writable = ctx.channel().isWritable();
                protocol.writabilityChanged(writable, System.nanoTime());
                if (writable) {
                    flush();
                }
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Link link = link(ctx);
            if (link != null && link.cause == null) {
                link.cause = cause;
            }
            LOG.debug("connection to {} failed", options.serverUri(), cause);
            ctx.close();
        }
    }
}
