package dev.patchline.bench.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare Netty pipeline: a server whose connections run LineBasedFrameDecoder and a handler that counts lines.
 * Used as the ingest baseline and as the sink that counts what the client DAT (or bare Netty client) sends.
 */
final class NettyLineCounter implements AutoCloseable {
    final AtomicLong lines = new AtomicLong();
    private final Channel server;

    NettyLineCounter(EventLoopGroup group, Class<? extends io.netty.channel.ServerChannel> channelType)
            throws Exception {
        server = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(
                                        new LineBasedFrameDecoder(1 << 20), new SimpleChannelInboundHandler<ByteBuf>() {
                                            private long local;

                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                                                local++;
                                            }

                                            @Override
                                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                                // Publish once per read, not per line, as a counting handler in
                                                // production would.
                                                lines.addAndGet(local);
                                                local = 0;
                                            }
                                        });
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
