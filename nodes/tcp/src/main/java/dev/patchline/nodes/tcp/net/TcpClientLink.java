package dev.patchline.nodes.tcp.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one connection to {@code host:port} up: connects, and after a failure or a close reconnects with
 * exponential backoff until the link is closed. All of it runs on one event loop, so attempts never overlap.
 */
final class TcpClientLink extends TcpLink {
    private final EventLoop loop;
    private final Backoff backoff;
    private final Bootstrap bootstrap;
    private volatile Channel channel;
    private int attempts;

    TcpClientLink(TcpLinkConfig config, EventSink sink, Runnable wakeup) {
        super(config, sink, wakeup);
        this.loop = loops.group.next();
        this.backoff = new Backoff(config.reconnectMin().toNanos(), config.reconnectMax().toNanos());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(loops.socketChannel)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(initializer());
        applySocketOptions(bootstrap::option);
    }

    @Override
    public Future<?> start() {
        io.netty.util.concurrent.Promise<Void> firstAttempt = loop.newPromise();
        loop.execute(() -> connect(firstAttempt));
        return firstAttempt;
    }

    private void connect(io.netty.util.concurrent.Promise<Void> firstAttempt) {
        if (closed) {
            return;
        }
        attempts++;
        String where = config().host() + ":" + config().port();
        if (attempts == 1) {
            status("connecting to " + where);
        }
        bootstrap.connect(config().host(), config().port()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                scheduleReconnect("cannot connect to " + where + ": " + f.cause().getMessage());
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
            attempts = 0;
            backoff.reset();
            status("connected to " + where);
            f.channel().closeFuture().addListener(c -> scheduleReconnect("connection to " + where + " closed"));
        });
    }

    private void scheduleReconnect(String why) {
        if (closed) {
            return;
        }
        long delay = backoff.nextDelayNanos();
        status(why + "; retrying in " + String.format("%.1f", delay / 1e9) + " s (attempt " + (attempts + 1) + ")");
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
    }
}
