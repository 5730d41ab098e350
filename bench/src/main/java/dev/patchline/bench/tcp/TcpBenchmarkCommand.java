package dev.patchline.bench.tcp;

import dev.patchline.bench.BenchmarkCommand;
import dev.patchline.bench.support.ProcessCpu;
import dev.patchline.nodes.tcp.TcpipDat;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.OperatorRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@code bench/run tcp}: lines per second through the TCP/IP DAT against a bare Netty pipeline, both directions,
 * in one run on the same machine and transport (epoll when available).
 *
 * <ul>
 *   <li>Ingest: a blocking socket writes 32-byte lines as fast as it can; ours is a server DAT in a running patch
 *       (event clock) turning them into rows; Netty's is LineBasedFrameDecoder plus a counting handler. Time until
 *       the last line is counted.</li>
 *   <li>Egress: ours is a client DAT sending each new row of its input (a bench source appending rows as fast as
 *       the graph cooks, at most 1 MiB ahead of the sink); Netty's is a client writing the same strings in batches
 *       of the same size, held back by its write watermarks. Both go to the same counting Netty server; time until
 *       it has counted every line.</li>
 * </ul>
 */
public final class TcpBenchmarkCommand implements BenchmarkCommand {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public String summary() {
        return "TCP/IP DAT ingest and egress of 32-byte lines vs a bare Netty LineBasedFrameDecoder pipeline";
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        // Each trial must last long enough (~0.3 s and more) that a scheduling hiccup on a shared machine is a small
        // part of it; quick mode stays under a minute with JVM start and warm-up.
        long lines = quick ? 1_000_000 : 4_000_000;
        // Even, so that each order (DAT first, Netty first) runs equally often: the order measurably matters.
        int rounds = quick ? 4 : 6;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends SocketChannel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        try {
            out.printf(
                    "transport %s, %d lines of %d bytes per trial, %d rounds after a warm-up; within a round the"
                            + " two sides run back to back, in alternating order%n",
                    epoll ? "epoll" : "nio", lines, Lines.LINE_BYTES, rounds);
            Measured[] oursIn = new Measured[rounds];
            Measured[] nettyIn = new Measured[rounds];
            Measured[] oursOut = new Measured[rounds];
            Measured[] nettyOut = new Measured[rounds];
            for (int round = -1; round < rounds; round++) {
                // Alternate which side goes first so that neither always meets a warmer (or busier) machine.
                boolean oursFirst = (round & 1) == 0;
                Measured a;
                Measured b;
                Measured c;
                Measured d;
                if (oursFirst) {
                    a = settled(() -> ingestOurs(lines));
                    b = settled(() -> ingestNetty(group, serverType, lines));
                    c = settled(() -> egressOurs(group, serverType, lines));
                    d = settled(() -> egressNetty(group, serverType, clientType, lines));
                } else {
                    b = settled(() -> ingestNetty(group, serverType, lines));
                    a = settled(() -> ingestOurs(lines));
                    d = settled(() -> egressNetty(group, serverType, clientType, lines));
                    c = settled(() -> egressOurs(group, serverType, lines));
                }
                if (round >= 0) {
                    oursIn[round] = a;
                    nettyIn[round] = b;
                    oursOut[round] = c;
                    nettyOut[round] = d;
                }
                out.printf(
                        "%s (%s first): ingest dat %,.0f netty %,.0f (%.2f; cpu %.0f/%.0f ns) | egress dat %,.0f"
                                + " netty %,.0f (%.2f; cpu %.0f/%.0f ns) lines/s%n",
                        round < 0 ? "warm-up" : "round " + (round + 1),
                        oursFirst ? "dat" : "netty",
                        a.linesPerSecond,
                        b.linesPerSecond,
                        a.linesPerSecond / b.linesPerSecond,
                        a.cpuNanosPerLine,
                        b.cpuNanosPerLine,
                        c.linesPerSecond,
                        d.linesPerSecond,
                        c.linesPerSecond / d.linesPerSecond,
                        c.cpuNanosPerLine,
                        d.cpuNanosPerLine);
            }
            double inRatio = median(ratios(oursIn, nettyIn, false));
            double outRatio = median(ratios(oursOut, nettyOut, false));
            double inCpu = median(ratios(oursIn, nettyIn, true));
            double outCpu = median(ratios(oursOut, nettyOut, true));
            out.println();
            out.printf(
                    "%-10s %16s %16s %13s %10s %16s%n",
                    "direction", "DAT median/s", "Netty median/s", "median ratio", "best/best", "cpu ratio");
            out.printf(
                    "%-10s %,16.0f %,16.0f %13.2f %10.2f %16.2f%n",
                    "ingest",
                    median(rates(oursIn)),
                    median(rates(nettyIn)),
                    inRatio,
                    best(rates(oursIn)) / best(rates(nettyIn)),
                    inCpu);
            out.printf(
                    "%-10s %,16.0f %,16.0f %13.2f %10.2f %16.2f%n",
                    "egress",
                    median(rates(oursOut)),
                    median(rates(nettyOut)),
                    outRatio,
                    best(rates(oursOut)) / best(rates(nettyOut)),
                    outCpu);
            out.println("median ratio: median over rounds of DAT lines/s / Netty lines/s, measured back to back.");
            out.println("cpu ratio: median of Netty CPU ns per line / DAT CPU ns per line (whole process, sender"
                    + " included); less sensitive to other load on the machine than wall-clock rates.");
            out.printf(
                    "RESULT tcp ingest_vs_netty=%.2f egress_vs_netty=%.2f lines_per_s=%.0f egress_lines_per_s=%.0f"
                            + " netty_lines_per_s=%.0f ingest_cpu_vs_netty=%.2f egress_cpu_vs_netty=%.2f%n",
                    inRatio,
                    outRatio,
                    median(rates(oursIn)),
                    median(rates(oursOut)),
                    median(rates(nettyIn)),
                    inCpu,
                    outCpu);
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static double best(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Per round: ours / Netty in lines/s, or Netty / ours in CPU per line (so that above 1 means ours is better). */
    private static double[] ratios(Measured[] ours, Measured[] netty, boolean cpu) {
        double[] r = new double[ours.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = cpu
                    ? netty[i].cpuNanosPerLine / ours[i].cpuNanosPerLine
                    : ours[i].linesPerSecond / netty[i].linesPerSecond;
        }
        return r;
    }

    private static double[] rates(Measured[] trials) {
        return Arrays.stream(trials).mapToDouble(Measured::linesPerSecond).toArray();
    }

    /** A trial that throws. */
    @FunctionalInterface
    private interface Trial {
        Measured run() throws Exception;
    }

    /**
     * Runs {@code trial} after the previous one's leftovers are gone: its garbage (an egress trial leaves up to
     * 128 MB of written buffers) collected and its sockets and event loops closed. Without this pause whichever
     * side ran second in a round was measured 2-5x faster or slower, depending on the side.
     */
    private static Measured settled(Trial trial) throws Exception {
        System.gc();
        Thread.sleep(300);
        return trial.run();
    }

    /** One trial: wall-clock rate, and CPU time of the whole process per line during it. */
    record Measured(double linesPerSecond, double cpuNanosPerLine) {}

    /** Wall clock and process CPU time from the start of a trial. */
    private static final class Stopwatch {
        final long startNanos;
        private final long startCpu;

        private Stopwatch() {
            startCpu = ProcessCpu.nanos();
            startNanos = System.nanoTime();
        }

        static Stopwatch start() {
            return new Stopwatch();
        }

        Measured stop(long lines) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long cpu = ProcessCpu.nanos() - startCpu;
            return new Measured(lines / seconds, (double) cpu / lines);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ---------------------------------------------------------------- ingest

    private static Measured ingestOurs(long lines) throws Exception {
        int port = freePort();
        Graph graph = Graph.builder()
                .node(
                        "in",
                        TcpipDat.TYPE,
                        p -> p.set(TcpipDat.MODE, TcpipDat.Mode.SERVER).set(TcpipDat.PORT, port))
                .build();
        try (Patch patch = Patch.start(
                graph,
                PatchOptions.builder()
                        .event()
                        .registry(OperatorRegistry.of(TcpipDat.TYPE))
                        .build())) {
            LongSupplier counted = () -> info(patch, "in", "messages_in");
            return blast(port, lines, counted);
        }
    }

    private static Measured ingestNetty(EventLoopGroup group, Class<? extends ServerChannel> type, long lines)
            throws Exception {
        try (NettyLineCounter counter = new NettyLineCounter(group, type)) {
            return blast(counter.port(), lines, counter.lines::get);
        }
    }

    /** Writes {@code lines} lines over a blocking socket and returns lines/s until {@code counted} reaches them. */
    private static Measured blast(int port, long lines, LongSupplier counted) throws Exception {
        byte[] chunk = Lines.chunk();
        long chunks = lines / Lines.LINES_PER_CHUNK;
        long total = chunks * Lines.LINES_PER_CHUNK;
        try (Socket socket = connectWithRetry(port)) {
            socket.setTcpNoDelay(true);
            OutputStream os = socket.getOutputStream();
            Thread writer = new Thread(
                    () -> {
                        try {
                            for (long i = 0; i < chunks; i++) {
                                os.write(chunk);
                            }
                            os.flush();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "bench-blaster");
            Stopwatch watch = Stopwatch.start();
            writer.start();
            awaitCount(counted, total, watch.startNanos);
            Measured measured = watch.stop(total);
            writer.join();
            return measured;
        }
    }

    // ---------------------------------------------------------------- egress

    private static Measured egressOurs(EventLoopGroup group, Class<? extends ServerChannel> type, long lines)
            throws Exception {
        try (NettyLineCounter sink = new NettyLineCounter(group, type)) {
            LineSourceOp.REMAINING.set(0);
            LineSourceOp.CONSUMED.set(sink.lines::get);
            Graph graph = Graph.builder()
                    .node("src", LineSourceOp.TYPE, p -> {})
                    .node(
                            "out",
                            TcpipDat.TYPE,
                            p -> p.set(TcpipDat.MODE, TcpipDat.Mode.CLIENT)
                                    .set(TcpipDat.PORT, sink.port())
                                    .set(TcpipDat.WRITE_LIMIT, 1 << 30))
                    .wire("src", "out")
                    .build();
            try (Patch patch = Patch.start(
                    graph,
                    PatchOptions.builder()
                            .event()
                            .registry(OperatorRegistry.of(TcpipDat.TYPE, LineSourceOp.TYPE))
                            .build())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (info(patch, "out", "connections") < 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("client DAT did not connect to the sink");
                    }
                    Thread.sleep(5);
                }
                Stopwatch watch = Stopwatch.start();
                LineSourceOp.REMAINING.set(lines);
                patch.edit(e -> {}); // wake the graph
                awaitCount(sink.lines::get, lines, watch.startNanos);
                return watch.stop(lines);
            }
        }
    }

    private static Measured egressNetty(
            EventLoopGroup group,
            Class<? extends ServerChannel> serverType,
            Class<? extends SocketChannel> clientType,
            long lines)
            throws Exception {
        try (NettyLineCounter sink = new NettyLineCounter(group, serverType)) {
            Channel ch = new Bootstrap()
                    .group(group)
                    .channel(clientType)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect("127.0.0.1", sink.port())
                    .sync()
                    .channel();
            try {
                Stopwatch watch = Stopwatch.start();
                long next = 0;
                while (next < lines) {
                    int n = (int) Math.min(LineSourceOp.ROWS_PER_COOK, lines - next);
                    ByteBuf batch = ch.alloc().buffer(n * Lines.LINE_BYTES);
                    for (int i = 0; i < n; i++) {
                        batch.writeCharSequence(
                                Lines.TEXTS[(int) (next++ & (Lines.TEXTS.length - 1))], StandardCharsets.UTF_8);
                        batch.writeByte('\n');
                    }
                    while (!ch.isWritable()) {
                        // Wait without spinning: on a small machine a spinning producer steals the event loop's core.
                        LockSupport.parkNanos(20_000);
                    }
                    ch.writeAndFlush(batch, ch.voidPromise());
                }
                awaitCount(sink.lines::get, lines, watch.startNanos);
                return watch.stop(lines);
            } finally {
                ch.close().syncUninterruptibly();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long info(Patch patch, String node, String channel) {
        try {
            Double v =
                    patch.query(view -> view.node(node).getInfo().get(channel)).get(5, TimeUnit.SECONDS);
            return v == null ? 0 : v.longValue();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read info '" + channel + "' of " + node, e);
        }
    }

    private static void awaitCount(LongSupplier counted, long total, long start) throws InterruptedException {
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        while (counted.getAsLong() < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + counted.getAsLong() + " of " + total + " lines arrived in" + " 120 s");
            }
            Thread.sleep(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Socket connectWithRetry(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }
}
