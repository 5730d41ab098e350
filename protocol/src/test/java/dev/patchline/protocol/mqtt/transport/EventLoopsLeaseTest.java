package dev.patchline.protocol.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leased event loops, shared by every holder of a name and stopped by the last one, and the channel types that the
 * TCP server and the UDP operators take from them, on real sockets.
 */
class EventLoopsLeaseTest {

    @Test
    void holdersOfOneNameShareAGroupThatStopsWhenTheLastLeaseCloses() {
        EventLoops first = EventLoops.lease("lease-test", 1, Duration.ZERO);
        EventLoops second = EventLoops.lease("lease-test", 1, Duration.ZERO);
        assertThat(second).isSameAs(first);
        EventLoops other = EventLoops.lease("lease-test-other", 1, Duration.ZERO);
        assertThat(other).isNotSameAs(first);

        first.close();
        assertThat(first.group().isShuttingDown()).isFalse();
        second.close();
        assertThat(first.group().isShuttingDown()).isTrue();
        first.close(); // a lease closed once more changes nothing
        other.close();
        assertThat(other.group().isShuttingDown()).isTrue();

        EventLoops again = EventLoops.lease("lease-test", 1, Duration.ZERO);
        try {
            assertThat(again).isNotSameAs(first);
            assertThat(again.group().isShuttingDown()).isFalse();
        } finally {
            again.close();
        }
    }

    @Test
    void serverAndDatagramChannelTypesMatchTheTransport() throws Exception {
        EventLoops loops = EventLoops.lease("lease-test-types", 1, EventLoops.DEFAULT_POLL_WINDOW);
        try {
            assertThat(loops.isNative()).isEqualTo(EventLoops.nativeAvailable());
            assertThat(loops.serverChannelType().getSimpleName())
                    .isEqualTo(loops.isNative() ? "EpollServerSocketChannel" : "NioServerSocketChannel");

            Channel server = new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelType())
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            server.close().sync();

            CompletableFuture<String> received = new CompletableFuture<>();
            Channel udp = new Bootstrap()
                    .group(loops.group())
                    .channel(loops.datagramChannelType())
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                            received.complete(packet.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            try {
                udp.writeAndFlush(new DatagramPacket(
                                Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8),
                                (InetSocketAddress) udp.localAddress()))
                        .sync();
                assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("ping");
            } finally {
                udp.close().sync();
            }
        } finally {
            loops.close();
        }
    }
}
