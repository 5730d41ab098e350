package dev.patchline.nodes.tcp.net;

import dev.patchline.protocol.retry.Backoff;
import dev.patchline.protocol.retry.RetryCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one connection to {@code host:port} up: connects, and after a failure or a close reconnects with the
 * project's jittered exponential backoff until the link is closed. A connection that closes within
 * {@link Backoff#DEFAULT_STABLE_AFTER} of opening counts as a failed attempt, so a server that accepts and hangs up at
 * once sees growing waits, not a reconnect storm. All of it runs on one event loop, so attempts never overlap.
 */
final class TcpClientLink extends TcpLink {
    /** Each wait is drawn from ±20 % around its nominal value, so clients cut together do not return together. */
    static final double JITTER = 0.2;
    /** Name lookups block; they run here, never on an event loop or the cook thread. */
    private static final Executor RESOLVER =
            Executors.newCachedThreadPool(new DefaultThreadFactory("patchline-tcp-resolve", true));

    private final EventLoop loop;
    private final RetryCounter retries;
    private final Bootstrap bootstrap;
    private volatile Channel channel;
    private boolean everTried;
    // Event-loop state: the connection that is up (handshake done) and what waits for the next one.
    private TcpConnection current;
    private final PendingSends pending;

    TcpClientLink(TcpLinkConfig config, EventSink sink, Runnable wakeup) {
        super(config, sink, wakeup);
        this.loop = loops.group().next();
        Duration min = config.reconnectMin();
        Duration max = config.reconnectMax();
        Duration second = min.multipliedBy(2).compareTo(max) > 0 ? max : min.multipliedBy(2);
        this.retries = new RetryCounter(Backoff.exponential(min, second, max, 2.0, JITTER));
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(loops.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(initializer());
        applySocketOptions(bootstrap::option);
        this.pending = new PendingSends(config.writeLimitBytes(), stats());
    }

    /**
     * Sends on the current connection, or queues until the next one is up. Runs on the client's event loop, which
     * also runs {@link #connectionAnnounced}: a send either precedes the flush of the queue or follows it, so
     * everything reaches the server in the order it was sent.
     */
    @Override
    public boolean sendOrQueue(ByteBuf framed, int messages) {
        OutboundBatch batch = new OutboundBatch(framed, messages);
        if (closed) {
            batch.release();
            return false;
        }
        try {
            loop.execute(() -> sendOnLoop(batch));
            return true;
        } catch (RejectedExecutionException e) {
            batch.release(); // the event loops are shutting down
            return false;
        }
    }

    private void sendOnLoop(OutboundBatch batch) {
        if (closed) {
            pending.add(batch);
            pending.clear();
            return;
        }
        TcpConnection up = current;
        if (up != null && up.isOpen()) {
            up.writeOnLoop(batch);
        } else {
            pending.add(batch);
        }
    }

    @Override
    public int queuedSends() {
        return pending.messages();
    }

    @Override
    void connectionAnnounced(TcpConnection connection) {
        current = connection;
        for (OutboundBatch batch; (batch = pending.poll()) != null; ) {
            connection.writeOnLoop(batch);
        }
    }

    @Override
    void connectionClosed(TcpConnection connection) {
        super.connectionClosed(connection);
        if (current == connection) {
            current = null;
        }
    }

    @Override
    public Future<?> start() {
        Promise<Void> firstAttempt = loop.newPromise();
        loop.execute(() -> connect(firstAttempt));
        return firstAttempt;
    }

    private void connect(Promise<Void> firstAttempt) {
        if (closed) {
            return;
        }
        String where = config().host() + ":" + config().port();
        if (!everTried) {
            everTried = true;
            status("connecting to " + where);
        }
        String host = config().host();
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            connectTo(
                    new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), config().port()),
                    firstAttempt);
            return;
        }
        // A host name needs DNS, which blocks: resolve off the event loop, then connect on it. Resolved again on
        // every attempt, so a moved server is found.
        CompletableFuture.supplyAsync(() -> new InetSocketAddress(host, config().port()), RESOLVER)
                .whenComplete((address, error) -> loop.execute(() -> {
                    if (error != null || address.isUnresolved()) {
                        scheduleReconnect("cannot resolve host '" + host + "'"
                                + (error == null ? "" : ": " + error.getMessage()) + " (check 'address')");
                        if (firstAttempt != null) {
                            firstAttempt.trySuccess(null);
                        }
                    } else {
                        connectTo(address, firstAttempt);
                    }
                }));
    }

    private void connectTo(InetSocketAddress address, Promise<Void> firstAttempt) {
        if (closed) {
            return;
        }
        String where = config().host() + ":" + config().port();
        bootstrap.connect(address).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                scheduleReconnect(
                        "cannot connect to " + where + ": " + f.cause().getMessage());
                if (firstAttempt != null) {
                    firstAttempt.trySuccess(null);
                }
                return;
            }
            if (firstAttempt != null) {
                firstAttempt.trySuccess(null);
            }
            channel = f.channel();
            if (closed) {
                f.channel().close();
                return;
            }
            retries.connected(System.nanoTime());
            status("connected to " + where);
            f.channel().closeFuture().addListener(c -> scheduleReconnect("connection to " + where + " closed"));
        });
    }

    private void scheduleReconnect(String why) {
        if (closed) {
            return;
        }
        long delay = retries.failed(System.nanoTime());
        status(why + "; retrying in " + String.format("%.1f", delay / 1e9) + " s (attempt " + retries.attempt() + ")");
        loop.schedule(() -> connect(null), delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public int localPort() {
        return config().port();
    }

    @Override
    void closeChannels() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        try {
            loop.execute(pending::clear);
        } catch (RejectedExecutionException e) {
            // The loops are gone; the pooled buffers go with them.
        }
    }
}
