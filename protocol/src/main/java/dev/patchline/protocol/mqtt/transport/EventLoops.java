package dev.patchline.protocol.mqtt.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops that every network connection of Patchline runs on (MQTT clients, the TCP/IP DAT's clients
 * and servers, the OSC In DAT's UDP socket), together with the matching channel types (epoll on Linux when the native library loads, NIO
 * otherwise) and the poll window of {@link PollingSelectStrategy}. Many connections share one group: each is pinned
 * to one loop of it for its whole life, so its state is only ever touched by that thread.
 *
 * <p>{@link #shared()} is created on first use with daemon threads and lives as long as the JVM. Groups from
 * {@link #create} belong to the caller, who closes them. Groups from {@link #lease} are shared by every holder of the
 * same thread name and stop when the last holder closes its lease. Thread-safe.
 */
public final class EventLoops implements AutoCloseable {

    /**
     * Epoll is looked up by name: its classes are a runtime-only dependency, and on other platforms they are absent
     * or unusable; NIO then serves.
     */
    private static final String EPOLL = "io.netty.channel.epoll.";

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class); // first: the poll window may log
    private static final long DEFAULT_POLL_MICROS = 200;

    /** System property overriding {@link #DEFAULT_POLL_WINDOW}, in microseconds; 0 turns polling off. */
    public static final String POLL_WINDOW_PROPERTY = "patchline.io.pollMicros";
    /**
     * How long an event loop keeps polling its sockets after activity before it blocks (see
     * {@link PollingSelectStrategy}): long enough to cover a round trip through a local broker. Zero on a single-core
     * machine, where polling would only take the CPU from the thread being waited for.
     */
    public static final Duration DEFAULT_POLL_WINDOW = defaultPollWindow();

    private static final Object SHARED_LOCK = new Object();
    private static EventLoops shared;
    /** Leased groups by thread name prefix; guarded by {@link #SHARED_LOCK}. */
    private static final Map<String, EventLoops> LEASED = new HashMap<>();

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final Class<? extends ServerChannel> serverChannelType;
    private final Class<? extends DatagramChannel> datagramChannelType;
    private final boolean owned;
    /** A leased group's name in {@link #LEASED}, null for other groups; guarded by {@link #SHARED_LOCK}. */
    private String leaseName;
    /** Open leases of a leased group; guarded by {@link #SHARED_LOCK}. */
    private int holders;

    private EventLoops(
            EventLoopGroup group,
            Class<? extends SocketChannel> channelType,
            Class<? extends ServerChannel> serverChannelType,
            Class<? extends DatagramChannel> datagramChannelType,
            boolean owned) {
        this.group = group;
        this.channelType = channelType;
        this.serverChannelType = serverChannelType;
        this.datagramChannelType = datagramChannelType;
        this.owned = owned;
    }

    /**
     * The process-wide group: Netty's default number of threads (2 × cores), epoll when available, daemon threads named
     * {@code patchline-mqtt-N}, polling for {@link #DEFAULT_POLL_WINDOW} after activity.
     */
    public static EventLoops shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                shared = build(0, true, "patchline-mqtt", DEFAULT_POLL_WINDOW, false);
            }
            return shared;
        }
    }

    /**
     * A new group owned by the caller, polling for {@link #DEFAULT_POLL_WINDOW} after activity.
     *
     * @param threads          number of event loop threads; 0 for Netty's default (2 × cores)
     * @param nativeIfAvailable use epoll when the platform supports it
     */
    public static EventLoops create(int threads, boolean nativeIfAvailable, String threadNamePrefix) {
        return create(threads, nativeIfAvailable, threadNamePrefix, DEFAULT_POLL_WINDOW);
    }

    /**
     * A new group owned by the caller.
     *
     * @param pollWindow how long each loop keeps polling its sockets after activity before it blocks: shorter round
     *                   trips and fewer wake-ups of the peer, paid for in CPU while messages flow; {@link Duration#ZERO}
     *                   blocks at once, as Netty does by default; negative is refused
     */
    public static EventLoops create(
            int threads, boolean nativeIfAvailable, String threadNamePrefix, Duration pollWindow) {
        return build(threads, nativeIfAvailable, threadNamePrefix, pollWindow, true);
    }

    /**
     * A group shared by every caller that leases the same {@code threadNamePrefix}, using epoll when available. The
     * first lease starts it with {@code threads} daemon threads and {@code pollWindow} (see {@link #create(int,
     * boolean, String, Duration)}; later leases of the name get the group as it is); {@link #close()} ends one lease, and the last one shuts the group down without
     * waiting (so it may be called from one of its own loops). Leasing and closing happen once per connection or
     * listener, never per message.
     */
    public static EventLoops lease(String threadNamePrefix, int threads, Duration pollWindow) {
        synchronized (SHARED_LOCK) {
            EventLoops loops = LEASED.get(threadNamePrefix);
            if (loops == null) {
                loops = build(threads, true, threadNamePrefix, pollWindow, false);
                loops.leaseName = threadNamePrefix;
                LEASED.put(threadNamePrefix, loops);
            }
            loops.holders++;
            return loops;
        }
    }

    /** Wraps an existing group; {@code channelType} must match its I/O handler (e.g. NioSocketChannel for NIO). */
    public static EventLoops of(EventLoopGroup group, Class<? extends SocketChannel> channelType) {
        return new EventLoops(
                Objects.requireNonNull(group, "group"),
                Objects.requireNonNull(channelType, "channelType"),
                channelType == NioSocketChannel.class ? NioServerSocketChannel.class : null,
                channelType == NioSocketChannel.class ? NioDatagramChannel.class : null,
                false);
    }

    private static Duration defaultPollWindow() {
        return pollWindow(
                System.getProperty(POLL_WINDOW_PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The poll window for a value of {@link #POLL_WINDOW_PROPERTY} (null when unset) on a machine with {@code cores}
     * cores. A value that is not a whole number of microseconds, 0 or more, is reported and the default used instead:
     * this runs while the class initialises, where an exception would leave every MQTT connection of the process
     * unusable behind a {@link NoClassDefFoundError}.
     */
    static Duration pollWindow(String property, int cores) {
        if (cores < 2) {
            return Duration.ZERO; // polling would take the only core from the peer and from the application
        }
        if (property != null) {
            try {
                long micros = Long.parseLong(property.strip());
                if (micros >= 0) {
                    return Duration.of(micros, ChronoUnit.MICROS);
                }
            } catch (NumberFormatException notANumber) {
                // reported below, as a negative value is
            }
            LOG.warn(
                    "-D{}={} is not a poll window: give microseconds, 0 (no polling) or more; using {} µs",
                    POLL_WINDOW_PROPERTY,
                    property,
                    DEFAULT_POLL_MICROS);
        }
        return Duration.of(DEFAULT_POLL_MICROS, ChronoUnit.MICROS);
    }

    /** Whether the native epoll transport can be used here. */
    public static boolean nativeAvailable() {
        try {
            return (Boolean)
                    Class.forName(EPOLL + "Epoll").getMethod("isAvailable").invoke(null);
        } catch (ReflectiveOperationException | LinkageError notOnThisPlatform) {
            return false;
        }
    }

    private static EventLoops build(
            int threads, boolean nativeIfAvailable, String prefix, Duration pollWindow, boolean owned) {
        SelectStrategyFactory polling = PollingSelectStrategy.factory(pollWindow.toNanos());
        if (nativeIfAvailable && nativeAvailable()) {
            try {
                IoHandlerFactory handler = (IoHandlerFactory) Class.forName(EPOLL + "EpollIoHandler")
                        .getMethod("newFactory", int.class, SelectStrategyFactory.class)
                        .invoke(null, 0, polling);
                Class<? extends SocketChannel> channel =
                        Class.forName(EPOLL + "EpollSocketChannel").asSubclass(SocketChannel.class);
                Class<? extends ServerChannel> serverChannel =
                        Class.forName(EPOLL + "EpollServerSocketChannel").asSubclass(ServerChannel.class);
                Class<? extends DatagramChannel> datagramChannel =
                        Class.forName(EPOLL + "EpollDatagramChannel").asSubclass(DatagramChannel.class);
                return new EventLoops(
                        new MultiThreadIoEventLoopGroup(threads, daemonThreads(prefix), handler),
                        channel,
                        serverChannel,
                        datagramChannel,
                        owned);
            } catch (ReflectiveOperationException | LinkageError e) {
                // Fall through to NIO: epoll said it was available but its classes do not load as expected.
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                threads, daemonThreads(prefix), NioIoHandler.newFactory(SelectorProvider.provider(), polling));
        return new EventLoops(
                group, NioSocketChannel.class, NioServerSocketChannel.class, NioDatagramChannel.class, owned);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            // A FastThreadLocalThread, as Netty's own factory makes: the pooled allocator's caches stay on its fast
            // path.
            Thread thread = new FastThreadLocalThread(runnable, prefix + "-" + counter.incrementAndGet());
            // Daemon: an application that forgets to close its clients must still be able to exit.
            thread.setDaemon(true);
            return thread;
        };
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends SocketChannel> channelType() {
        return channelType;
    }

    /**
     * The listening channel type matching {@link #channelType()}.
     *
     * @throws IllegalStateException for a group wrapped with {@link #of} whose channel type is neither NIO nor epoll
     */
    public Class<? extends ServerChannel> serverChannelType() {
        if (serverChannelType == null) {
            throw new IllegalStateException("no server channel type is known for " + channelType.getName());
        }
        return serverChannelType;
    }

    /**
     * The UDP channel type matching {@link #channelType()}.
     *
     * @throws IllegalStateException for a group wrapped with {@link #of} whose channel type is neither NIO nor epoll
     */
    public Class<? extends DatagramChannel> datagramChannelType() {
        if (datagramChannelType == null) {
            throw new IllegalStateException("no datagram channel type is known for " + channelType.getName());
        }
        return datagramChannelType;
    }

    public boolean isNative() {
        return channelType != NioSocketChannel.class;
    }

    /**
     * Shuts the group down and waits if this instance created it through {@link #create}; ends one lease of a group
     * from {@link #lease}; otherwise does nothing.
     */
    @Override
    public void close() {
        if (owned) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            return;
        }
        synchronized (SHARED_LOCK) {
            if (leaseName == null || holders == 0 || --holders > 0) {
                return;
            }
            LEASED.remove(leaseName);
        }
        // Quiet period 0: nothing of the holders is left to run; the timeout only bounds the wait for in-flight tasks.
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
