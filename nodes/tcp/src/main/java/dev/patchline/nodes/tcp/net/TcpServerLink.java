package dev.patchline.nodes.tcp.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;

/** Listens on {@code host:port} (127.0.0.1 unless told otherwise) and serves any number of peers. */
final class TcpServerLink extends TcpLink {
    private volatile Channel serverChannel;
    private volatile boolean failed;

    TcpServerLink(TcpLinkConfig config, EventSink sink, Runnable wakeup) {
        super(config, sink, wakeup);
    }

    @Override
    public Future<?> start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, Boolean.TRUE)
                .childHandler(initializer());
        applySocketOptions(bootstrap::childOption);
        String where = config().host() + ":" + config().port();
        status("binding " + where);
        ChannelFuture bind = bootstrap.bind(config().host(), config().port());
        serverChannel = bind.channel();
        Promise<Void> started = loops.group().next().newPromise();
        bind.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                if (closed) {
                    f.channel().close();
                } else {
                    status("listening on " + config().host() + ":" + localPort());
                }
            } else {
                failed = true;
                status("cannot listen on " + where + ": " + f.cause().getMessage()
                        + " (is another program using the port? change 'port' or 'address')");
            }
            started.trySuccess(null); // completes after the state above is set, unlike the bind future's waiters
        });
        return started;
    }

    @Override
    public int localPort() {
        Channel ch = serverChannel;
        InetSocketAddress local = ch == null ? null : (InetSocketAddress) ch.localAddress();
        return local == null ? -1 : local.getPort();
    }

    @Override
    public boolean failed() {
        return failed;
    }

    @Override
    void closeChannels() {
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close();
        }
    }
}
