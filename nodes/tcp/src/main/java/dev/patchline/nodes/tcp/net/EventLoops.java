package dev.patchline.nodes.tcp.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One event-loop group shared by every TCP/IP DAT of the process, reference-counted so that it stops when the last
 * link closes. Epoll is used on Linux when its native library loads, NIO elsewhere.
 */
final class EventLoops {
    private static final Object LOCK = new Object();
    private static EventLoops shared;
    private static int users;

    final EventLoopGroup group;
    final Class<? extends SocketChannel> socketChannel;
    final Class<? extends ServerChannel> serverChannel;

    private EventLoops() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("patchline-tcp", true);
        if (Epoll.isAvailable()) {
            group = new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory());
            socketChannel = EpollSocketChannel.class;
            serverChannel = EpollServerSocketChannel.class;
        } else {
            group = new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory());
            socketChannel = NioSocketChannel.class;
            serverChannel = NioServerSocketChannel.class;
        }
    }

    // A lock is fine here: acquire/release run once per link start/stop, never per message.
    static EventLoops acquire() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = new EventLoops();
            }
            users++;
            return shared;
        }
    }

    static void release(EventLoops loops) {
        synchronized (LOCK) {
            if (loops != shared || --users > 0) {
                return;
            }
            shared = null;
        }
        // Quiet period 0: nothing of ours is left to run; the timeout only bounds the wait for in-flight tasks.
        loops.group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
