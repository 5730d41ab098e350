package dev.patchline.nodes.osc;

import dev.patchline.protocol.mqtt.transport.EventLoops;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OSC In DAT: receives OSC over UDP and appends one row per message. A daemon thread per node
 * receives and decodes; rows are written, and callbacks run, on the cook thread. The inbox is bounded:
 * when the graph falls behind, new packets are dropped and counted (UDP has no backpressure).
 */
public final class OscInDat implements Operator {
    private static final int INBOX = 10_000;

    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Listen for packets; off closes the socket.")
            .build();
    public static final ParameterDescriptor<Integer> PORT = ParameterDescriptor.ofInt("port")
            .label("Network Port")
            .defaultValue(10000)
            .range(0, 65535)
            .help("UDP port to listen on; 0 picks a free port (see info 'port').")
            .build();
    public static final ParameterDescriptor<String> LOCALADDRESS = ParameterDescriptor.ofString("localaddress")
            .label("Local Address")
            .defaultValue("127.0.0.1")
            .help("Address to listen on. 127.0.0.1 (the default) hears only programs on this machine; 0.0.0.0 (or"
                    + " empty) hears every network interface, e.g. a tablet sending OSC over Wi-Fi; an interface's own"
                    + " address hears only that network.")
            .build();
    public static final ParameterDescriptor<String> ADDSCOPE = ParameterDescriptor.ofString("addscope")
            .label("Address Scope")
            .defaultValue("*")
            .help("Keep only messages whose address matches one of these space-separated patterns (* and ?).")
            .build();
    public static final ParameterDescriptor<Boolean> SPLITBUNDLE = ParameterDescriptor.ofToggle("splitbundle")
            .label("Split Bundles")
            .defaultValue(true)
            .help("One row per message of a bundle; off: one row per bundle.")
            .build();
    public static final ParameterDescriptor<Boolean> BUNDLETIMESTAMP = ParameterDescriptor.ofToggle("bundletimestamp")
            .label("Bundle Timestamp")
            .help("Add a 'timetag' column with the bundle's time tag (\"immediately\" or NTP).")
            .build();
    public static final ParameterDescriptor<Integer> MAXLINES = ParameterDescriptor.ofInt("maxlines")
            .label("Maximum Lines")
            .defaultValue(100)
            .range(0, 10_000_000)
            .help("Rows kept; the oldest row is dropped first. 0 keeps every row.")
            .build();
    public static final ParameterDescriptor<Boolean> CLEAR = ParameterDescriptor.ofPulse("clear")
            .label("Clear")
            .help("Removes every row.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("oscIn", Family.DAT)
            .formerIds("oscin")
            .parameters(ACTIVE, PORT, LOCALADDRESS, ADDSCOPE, SPLITBUNDLE, BUNDLETIMESTAMP, MAXLINES, CLEAR)
            .cookAlways()
            .doc(OperatorDoc.builder("Receives OSC messages over UDP as table rows.")
                    .label("OSC In DAT")
                    .details("""
                            Listens on UDP `port` of `localaddress` (127.0.0.1, this machine only, unless set to \
                            0.0.0.0 or an interface's address) for OSC 1.0/1.1 packets with every standard \
                            type (i f s b h t d S c r m T F N I, arrays) and bundles. Each message becomes a row: \
                            `message` (address and arguments as text), `address`, `typetag`, `args` (space \
                            separated; strings with spaces are quoted), `peer` (host:port) and, with \
                            `bundletimestamp`, `timetag`. Malformed packets are counted in `malformed` and the last \
                            problem is shown as a warning with its byte offset. When the cook falls behind, \
                            packets beyond an inbox of 10,000 are dropped and counted in `dropped`.""")
                    .callback(
                            "onReceiveOSC",
                            "For each message row appended.",
                            "dat",
                            "rowIndex",
                            "message",
                            "bytes",
                            "timeStamp",
                            "address",
                            "args",
                            "peer")
                    .info("port", "the UDP port actually bound")
                    .info("received", "messages received since start")
                    .info("dropped", "packets dropped because the inbox was full")
                    .info("malformed", "packets that were not valid OSC")
                    .info("messages_pending", "packets waiting for the next cook")
                    .build())
            .build(OscInDat::new);

    /** The event loops of every OSC In DAT of the process; they stop when the last socket closes. */
    private static final String THREAD_NAME = "patchline-osc";
    /** The largest UDP payload: every datagram fits one receive buffer, as none may be cut. */
    private static final int MAX_DATAGRAM = 65_536;
    /** A local bind completes at once; the limit only keeps a cook from waiting forever. */
    private static final long BIND_LIMIT_SECONDS = 5;

    /** A packet as it arrived, handed from the event loop to the cook. */
    private record Arrival(OscPacket packet, byte[] bytes, String peer, double seconds) {}

    private OperatorContext owner;
    private Inbox<Arrival> inbox;
    private EventLoops loops;
    private Channel socket;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile String lastMalformed;
    private long received;
    private String boundSpec = "";
    private AddressScope scope;
    private long startNanos;

    @Override
    public void onStart(OperatorContext ctx) {
        owner = ctx;
        inbox = ctx.newInbox(INBOX);
        startNanos = System.nanoTime();
    }

    @Override
    public void cook(CookContext ctx) {
        String spec = ctx.par(ACTIVE) + "|" + ctx.par(LOCALADDRESS) + "|" + ctx.par(PORT);
        if (!spec.equals(boundSpec)) {
            close();
            boundSpec = spec;
            if (ctx.par(ACTIVE)) bind(ctx);
        } else if (ctx.par(ACTIVE) && socket == null) {
            bind(ctx); // the last bind failed: try again when cooked
        }
        if (ctx.parChanged(ADDSCOPE) || scope == null) scope = new AddressScope(ctx.par(ADDSCOPE));
        OutputTable out = ctx.output();
        boolean stamp = ctx.par(BUNDLETIMESTAMP);
        out.setHeader(
                stamp
                        ? new String[] {"message", "address", "typetag", "args", "peer", "timetag"}
                        : new String[] {"message", "address", "typetag", "args", "peer"});
        out.setMaxRows(ctx.par(MAXLINES));
        if (ctx.pulsed(CLEAR)) out.clear();
        boolean split = ctx.par(SPLITBUNDLE);
        inbox.drain(a -> append(ctx, out, a, split, stamp), 5_000);
        if (!inbox.isEmpty()) ctx.requestCookNextFrame();
        if (socket != null) ctx.info("port", ((InetSocketAddress) socket.localAddress()).getPort());
        ctx.info("received", received);
        ctx.info("dropped", dropped.get());
        ctx.info("malformed", malformed.get());
        ctx.info("messages_pending", inbox.size());
        String bad = lastMalformed;
        if (bad != null) ctx.warning(bad);
    }

    private void append(CookContext ctx, OutputTable out, Arrival a, boolean split, boolean stamp) {
        List<OscPacket.Message> messages = new ArrayList<>();
        String tag = flatten(a.packet(), null, messages);
        messages.removeIf(m -> !scope.matches(m.address()));
        if (messages.isEmpty()) return;
        if (split) {
            for (OscPacket.Message m : messages) {
                String text = text(m);
                String args = args(m);
                out.appendRow(
                        stamp
                                ? new String[] {text, m.address(), m.types(), args, a.peer(), tag == null ? "" : tag}
                                : new String[] {text, m.address(), m.types(), args, a.peer()});
                received++;
                invoke(ctx, out, text, a, m);
            }
        } else {
            StringBuilder all = new StringBuilder();
            for (OscPacket.Message m : messages)
                all.append(all.length() == 0 ? "" : "; ").append(text(m));
            OscPacket.Message first = messages.get(0);
            out.appendRow(
                    stamp
                            ? new String[] {
                                all.toString(),
                                first.address(),
                                first.types(),
                                args(first),
                                a.peer(),
                                tag == null ? "" : tag
                            }
                            : new String[] {all.toString(), first.address(), first.types(), args(first), a.peer()});
            received += messages.size();
            invoke(ctx, out, all.toString(), a, first);
        }
    }

    private static void invoke(CookContext ctx, OutputTable out, String text, Arrival a, OscPacket.Message m) {
        if (ctx.callbacks().has("onReceiveOSC")) {
            ctx.callbacks()
                    .invoke(
                            "onReceiveOSC",
                            ctx.me(),
                            out.numRows() - 1,
                            text,
                            a.bytes(),
                            a.seconds(),
                            m.address(),
                            m.args(),
                            a.peer());
        }
    }

    /** Collects the messages of a packet; {@return the innermost bundle's time tag text, or null} */
    private static String flatten(OscPacket p, String tag, List<OscPacket.Message> into) {
        if (p instanceof OscPacket.Message m) {
            into.add(m);
            return tag;
        }
        OscPacket.Bundle b = (OscPacket.Bundle) p;
        String t = b.timeTag().toString();
        for (OscPacket e : b.elements()) flatten(e, t, into);
        return t;
    }

    static String text(OscPacket.Message m) {
        String args = args(m);
        return args.isEmpty() ? m.address() : m.address() + " " + args;
    }

    static String args(OscPacket.Message m) {
        StringBuilder b = new StringBuilder();
        for (Object a : m.args()) {
            String s = OscTypes.text(a);
            if ((a instanceof String || a instanceof OscTypes.Symbol)
                    && (s.isEmpty() || s.indexOf(' ') >= 0 || s.indexOf('"') >= 0)) {
                s = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
            b.append(b.length() == 0 ? "" : " ").append(s);
        }
        return b.toString();
    }

    private void bind(CookContext ctx) {
        String host = ctx.par(LOCALADDRESS);
        int port = ctx.par(PORT);
        // No poll window: OSC is one-way, there is no round trip for polling to shorten.
        EventLoops leased = EventLoops.lease(THREAD_NAME, 1, Duration.ZERO);
        Bootstrap bootstrap = new Bootstrap()
                .group(leased.group())
                .channel(leased.datagramChannelType())
                .option(ChannelOption.SO_REUSEADDR, false)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new Receiver());
        String problem;
        try {
            ChannelFuture bound =
                    bootstrap.bind(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            if (!bound.awaitUninterruptibly(BIND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                bound.channel().close();
                problem = "no answer from the network layer within " + BIND_LIMIT_SECONDS + " s";
            } else if (bound.isSuccess()) {
                loops = leased;
                socket = bound.channel();
                return;
            } else {
                problem = bound.cause().getMessage();
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        leased.close();
        ctx.error("parameter 'port': cannot listen on " + (host.isEmpty() ? "*" : host) + ":" + port + ": " + problem
                + "; pick another port or local address");
    }

    /** Runs on the event loop: decode and hand over, never touch the table. */
    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket dp) {
            byte[] bytes = ByteBufUtil.getBytes(dp.content());
            InetSocketAddress sender = dp.sender();
            String peer = sender.getAddress().getHostAddress() + ":" + sender.getPort();
            OscPacket p;
            try {
                p = OscCodec.decode(bytes, bytes.length);
            } catch (OscFormatException e) {
                malformed.incrementAndGet();
                lastMalformed = "malformed packet from " + peer + ": " + e.getMessage();
                owner.wakeup(); // show the warning on the next cook
                return;
            }
            if (!inbox.offer(new Arrival(p, bytes, peer, (System.nanoTime() - startNanos) / 1e9)))
                dropped.incrementAndGet();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lastMalformed = "receive failed: " + cause.getMessage();
        }
    }

    private void close() {
        if (socket != null) socket.close();
        socket = null;
        if (loops != null) loops.close();
        loops = null;
    }

    @Override
    public void onStop(boolean removed) {
        close();
    }
}
