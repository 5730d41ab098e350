package dev.patchline.studio;

import dev.patchline.protocol.mqtt.transport.EventLoops;
import dev.patchline.runtime.cook.Patch;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Patchline Studio's server: HTTP for the page and its assets, one WebSocket per browser or script for the protocol
 * of {@code docs/guide/studio.md}, on the shared event loops. {@link #start} binds (127.0.0.1 and a free port unless
 * told otherwise) and makes a new token; {@link #url()} is the one link to print.
 *
 * {@snippet :
 * try (Patch patch = Patch.start(graph, options);
 *      StudioServer studio = StudioServer.start(patch, StudioOptions.of(options, file))) {
 *     System.out.println(studio.url());
 *     patch.awaitStop();
 * }
 * }
 *
 * <p>Threading: every connection runs on one event loop of the leased group {@value #LOOPS}; the studio's worker
 * thread ticks, reads the patch and applies edits; the patch's cook thread only ever runs the studio's short copy
 * queries. Thread-safe.
 */
public final class StudioServer implements AutoCloseable {
    static final String LOOPS = "patchline-studio-io";
    private static final int MAX_HTTP_REQUEST = 64 * 1024;
    private static final int MAX_WS_FRAME = 1024 * 1024;
    /** Past this many bytes queued for a connection it counts as not writable: the outbox then coalesces. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final EventLoops loops;
    private final Channel server;
    private final StudioHub hub;
    private final StudioToken token;
    private final String host;
    private final int port;

    private StudioServer(EventLoops loops, Channel server, StudioHub hub, StudioToken token, String host) {
        this.loops = loops;
        this.server = server;
        this.hub = hub;
        this.token = token;
        this.host = host;
        this.port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Serves {@code patch}.
     *
     * @throws IllegalArgumentException when the bind address is not an address of this machine
     * @throws IllegalStateException    when the port cannot be bound (in use), saying which
     */
    public static StudioServer start(Patch patch, StudioOptions options) {
        InetAddress address;
        try {
            address = InetAddress.getByName(options.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "cannot bind the studio to '" + options.bind() + "': unknown address", e);
        }
        StudioToken token = StudioToken.random();
        AtomicReference<StudioHub> hubRef = new AtomicReference<>();
        LiveGraph live;
        try {
            live = new LiveGraph(patch, options.patchOptions(), options.file(), event -> {
                StudioHub h = hubRef.get();
                if (h != null) h.reloaded(event);
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch " + options.file() + " for changes: " + e.getMessage(), e);
        }
        StudioHub hub = new StudioHub(patch, live, options.patchOptions().registry(), options.readonly());
        hubRef.set(hub);
        EventLoops loops = EventLoops.lease(LOOPS, 1, Duration.ZERO);
        StaticAssets assets = new StaticAssets(StudioServer.class.getClassLoader());
        String version = "patchline " + version();
        RequestGuard guard = new RequestGuard(token, options.bind());
        Channel server;
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelType())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_HTTP_REQUEST))
                                    .addLast(new StudioHttpHandler(guard, assets, hub))
                                    .addLast(new WebSocketServerProtocolHandler(
                                            WebSocketServerProtocolConfig.newBuilder()
                                                    .websocketPath(StudioHttpHandler.WS_PATH)
                                                    .maxFramePayloadLength(MAX_WS_FRAME)
                                                    .handshakeTimeoutMillis(StudioSocket.HELLO_SECONDS * 1000L)
                                                    .build()))
                                    .addLast(new StudioSocket(hub, guard, version));
                        }
                    });
            server = b.bind(new InetSocketAddress(address, options.port()))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            hub.close();
            live.close();
            loops.close();
            throw new IllegalStateException(
                    "cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage()
                            + (options.port() != 0 ? "; pick another --port or 0 for any free port" : ""),
                    e);
        }
        guard.bound(((InetSocketAddress) server.localAddress()).getPort());
        String host = address.isAnyLocalAddress() ? StudioOptions.LOOPBACK : hostForUrl(address);
        return new StudioServer(loops, server, hub, token, host);
    }

    private static String hostForUrl(InetAddress a) {
        String h = a.getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private static String version() {
        String v = StudioServer.class.getPackage().getImplementationVersion();
        return v == null ? "0.x" : v;
    }

    /** {@return the link to open: {@code http://HOST:PORT/?token=…}} Print it once; it is the key to the patch. */
    public String url() {
        return "http://" + host + ":" + port + "/?token=" + token.value();
    }

    /** {@return the port listened on} */
    public int port() {
        return port;
    }

    /** {@return open, authenticated WebSocket connections} */
    public int connections() {
        return hub.connections();
    }

    /**
     * {@return the most bytes queued in the kernel-side outbound buffer of any one connection} Bounded by the outbox's
     * design: past {@link #WATER_MARK}'s high mark nothing more is written to a connection.
     */
    public long maxQueuedBytes() {
        long max = 0;
        for (StudioSocket s : hub.sockets()) {
            Channel ch = s.channel();
            if (ch == null || ch.unsafe().outboundBuffer() == null) continue;
            max = Math.max(max, ch.unsafe().outboundBuffer().totalPendingWriteBytes());
        }
        return max;
    }

    /** Shows a notice in every connection's log ({@code level}: error, warning or info). */
    public void log(String level, String text) {
        hub.log(level, null, text);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (StudioSocket s : hub.sockets()) {
            Channel ch = s.channel();
            if (ch != null) ch.close();
        }
        hub.close();
        hub.live().close();
        loops.close();
    }
}
