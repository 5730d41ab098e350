package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.TcpEvent;
import dev.patchline.nodes.tcp.net.TcpLink;
import dev.patchline.nodes.tcp.net.TcpLinkConfig;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuChoice;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.Set;

/**
 * TCP/IP DAT: a TCP client or server whose received messages become rows, whose input rows and {@code send} calls
 * become outgoing messages, and whose connections and messages drive the {@code onConnect}, {@code onReceive} and
 * {@code onClose} callbacks, as in TouchDesigner.
 *
 * <p>The network runs on Netty event loops; this class runs on the cook thread and sees the network only through
 * its bounded inbox. When the inbox is full the connections stop reading, so a fast sender slows down instead of
 * filling memory.
 *
 * <p>This class declares the operator (its menus, parameters and type) and runs the steps of a cook in order;
 * {@link TcpipLink} opens the link, keeps the peers and sends, {@link ReceivedRows} turns the link's events into rows
 * and callbacks, and {@link TcpipDatDoc} holds the reference page.
 */
public final class TcpipDat implements Operator {

    /** Connection mode. */
    public enum Mode {
        @MenuLabel("This Operator is Client")
        CLIENT,
        @MenuLabel("This Operator is Server")
        SERVER
    }

    /** How received bytes become rows (and how sends are framed). */
    public enum Format {
        @MenuLabel("One Per Byte")
        PERBYTE,
        @MenuLabel("One Per Line")
        PERLINE,
        @MenuLabel("One For All Received Data")
        ALL,
        @MenuLabel("Custom Delimiter")
        DELIMITED,
        @MenuLabel("Length Prefixed")
        LENGTHPREFIXED
    }

    /** Size of a length prefix; graph files write it as the number of bytes. */
    public enum PrefixBytes implements MenuChoice {
        ONE(1),
        TWO(2),
        FOUR(4);

        private final int bytes;

        PrefixBytes(int bytes) {
            this.bytes = bytes;
        }

        /** {@return the prefix's size in bytes} */
        public int bytes() {
            return bytes;
        }

        @Override
        public String menuName() {
            return Integer.toString(bytes);
        }

        /** {@return the size as graph files write it, so that a script printing the parameter sees "1", "2" or "4"} */
        @Override
        public String toString() {
            return menuName();
        }
    }

    /** Byte order of a length prefix. */
    public enum ByteOrderChoice {
        BIG,
        LITTLE
    }

    /** What {@code send} appends when the call names no terminator. */
    public enum Terminator {
        @MenuLabel("Format Default")
        DEFAULT,
        @MenuLabel("None")
        NONE,
        @MenuLabel("\\n")
        LF,
        @MenuLabel("\\r\\n")
        CRLF,
        @MenuLabel("\\r")
        CR,
        @MenuLabel("\\0")
        NULL
    }

    /** Slow-peer policy. */
    public enum SlowPeer {
        @MenuLabel("Drop Oldest")
        DROPOLDEST,
        @MenuLabel("Close Connection")
        CLOSE
    }

    public static final ParameterDescriptor<Mode> MODE = ParameterDescriptor.ofMenu("mode", Mode.class)
            .label("Connection Mode")
            .help("client connects to 'address':'port' and reconnects by itself; server listens there and accepts"
                    + " any number of clients.")
            .build();
    public static final ParameterDescriptor<String> ADDRESS = ParameterDescriptor.ofString("address")
            .label("Network Address")
            .defaultValue("127.0.0.1")
            .help("Client: the server to connect to. Server: the local address to listen on; 127.0.0.1 accepts only"
                    + " this machine, 0.0.0.0 every interface.")
            .build();
    public static final ParameterDescriptor<Integer> PORT = ParameterDescriptor.ofInt("port")
            .label("Port")
            .defaultValue(7000)
            .range(0, 65_535)
            .help("TCP port to connect to or listen on (server: 0 picks a free port).")
            .build();
    public static final ParameterDescriptor<Boolean> SHARED = ParameterDescriptor.ofToggle("shared")
            .label("Shared Connection")
            .defaultValue(false)
            .help("TCP/IP DATs with this on and the same mode, address and port share one socket: one listening"
                    + " server, or one client connection. Each of them gets every connection and message as rows and"
                    + " callbacks, and sends over the shared socket. The first DAT's other settings apply.")
            .build();
    public static final ParameterDescriptor<Format> FORMAT = ParameterDescriptor.ofMenu("format", Format.class)
            .label("Row/Callback Format")
            .defaultValue(Format.PERLINE)
            .help("perline: a row per line (ends at \\n, \\r or \\0; \\r\\n is one end). perbyte: a row per byte."
                    + " all: a row per socket read. delimited: rows end at 'delimiter'. lengthprefixed: each message"
                    + " starts with its length ('prefixbytes', 'byteorder').")
            .build();
    public static final ParameterDescriptor<String> DELIMITER = ParameterDescriptor.ofString("delimiter")
            .label("Delimiter")
            .defaultValue("\\r\\n")
            .help("For format 'delimited': the byte sequence ending each message; escapes \\n \\r \\t \\0 \\\\ \\xHH.")
            .build();
    public static final ParameterDescriptor<PrefixBytes> PREFIX_BYTES = ParameterDescriptor.ofMenu(
                    "prefixbytes", PrefixBytes.class)
            .label("Length Prefix Bytes")
            .defaultValue(PrefixBytes.FOUR)
            .help("For format 'lengthprefixed': size of the unsigned length before each message.")
            .build();
    public static final ParameterDescriptor<ByteOrderChoice> BYTE_ORDER = ParameterDescriptor.ofMenu(
                    "byteorder", ByteOrderChoice.class)
            .label("Length Byte Order")
            .help("For format 'lengthprefixed': big endian (network order) or little endian.")
            .build();
    public static final ParameterDescriptor<Integer> MAX_LENGTH = ParameterDescriptor.ofInt("maxlength")
            .label("Maximum Message Length")
            .defaultValue(1 << 20)
            .range(1, Integer.MAX_VALUE)
            .help("Longest message in bytes; a longer one is dropped, counted in 'dropped' and reported, and the"
                    + " stream continues with the next message.")
            .build();
    public static final ParameterDescriptor<Terminator> TERMINATOR = ParameterDescriptor.ofMenu(
                    "terminator", Terminator.class)
            .label("Send Terminator")
            .help("Appended by send() when the call gives no terminator. Format default: \\n for perline, the"
                    + " delimiter for delimited, nothing otherwise. TouchDesigner appends \\0: pick 'null' to match.")
            .build();
    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Off closes the connection or stops listening.")
            .build();
    public static final ParameterDescriptor<Boolean> CLAMP = ParameterDescriptor.ofToggle("clamp")
            .label("Clamp Output")
            .defaultValue(true)
            .help("Keep at most 'maxlines' rows (oldest dropped).")
            .build();
    public static final ParameterDescriptor<Integer> MAX_LINES = ParameterDescriptor.ofInt("maxlines")
            .label("Maximum Lines")
            .defaultValue(100)
            .range(1, 10_000_000)
            .help("Row limit of the output table when 'clamp' is on.")
            .build();
    public static final ParameterDescriptor<Boolean> CLEAR = ParameterDescriptor.ofPulse("clear")
            .label("Clear Output")
            .help("Removes every row of the output table.")
            .build();
    public static final ParameterDescriptor<Boolean> BYTES = ParameterDescriptor.ofToggle("bytes")
            .label("Bytes Column")
            .defaultValue(false)
            .help("Adds a 'bytes' column with each message's raw bytes (hex text; raw cell bytes for scripts).")
            .build();
    public static final ParameterDescriptor<String> ENCODING = ParameterDescriptor.ofString("encoding")
            .label("Encoding")
            .defaultValue("UTF-8")
            .help("Character set for received text and sent strings, e.g. UTF-8, ISO-8859-1, US-ASCII.")
            .build();
    public static final ParameterDescriptor<String> INPUT_COLUMN = ParameterDescriptor.ofString("inputcolumn")
            .label("Input Column")
            .defaultValue("")
            .help("Each new row of the input DAT is sent: this column's cell, or when empty the whole row joined"
                    + " by 'inputseparator'.")
            .build();
    public static final ParameterDescriptor<String> INPUT_SEPARATOR = ParameterDescriptor.ofString("inputseparator")
            .label("Input Separator")
            .defaultValue(" ")
            .help("Joins the cells of an input row when 'inputcolumn' is empty; escapes as for 'delimiter'.")
            .build();
    public static final ParameterDescriptor<Boolean> TLS = ParameterDescriptor.ofToggle("tls")
            .label("TLS")
            .defaultValue(false)
            .help("Encrypt with TLS. Server: needs 'tlscert' and 'tlskey'. Client: trusts 'tlsca' or the JVM's CAs.")
            .build();
    public static final ParameterDescriptor<String> TLS_CERT = ParameterDescriptor.ofString("tlscert")
            .label("TLS Certificate")
            .defaultValue("")
            .help("Server: PEM file with the certificate chain. Client: optional client certificate.")
            .path()
            .build();
    public static final ParameterDescriptor<String> TLS_KEY = ParameterDescriptor.ofString("tlskey")
            .label("TLS Private Key")
            .defaultValue("")
            .help("PEM file (PKCS#8) with the private key of 'tlscert'.")
            .path()
            .build();
    public static final ParameterDescriptor<String> TLS_CA = ParameterDescriptor.ofString("tlsca")
            .label("TLS Trusted CA")
            .defaultValue("")
            .help("Client: PEM file of the CA(s) to trust instead of the JVM's. Server: when set, clients must"
                    + " present a certificate signed by it.")
            .path()
            .build();
    public static final ParameterDescriptor<Boolean> TLS_VERIFY_HOST = ParameterDescriptor.ofToggle("tlsverifyhost")
            .label("Verify Host Name")
            .defaultValue(true)
            .help("Client: the server certificate must name 'address'. Turn off only for tests.")
            .build();
    public static final ParameterDescriptor<Double> RECONNECT_MIN = ParameterDescriptor.ofFloat("reconnectmin")
            .label("Reconnect Delay")
            .defaultValue(0.5)
            .range(0.01, 3600)
            .help("Client: seconds before the first reconnect attempt; doubles after each failure, each wait spread"
                    + " ±20 % at random. A connection that closes within 5 s of opening counts as a failure, so a"
                    + " server that accepts and hangs up at once is retried less and less often.")
            .build();
    public static final ParameterDescriptor<Double> RECONNECT_MAX = ParameterDescriptor.ofFloat("reconnectmax")
            .label("Max Reconnect Delay")
            .defaultValue(10.0)
            .range(0.01, 3600)
            .help("Client: upper bound of the reconnect delay in seconds.")
            .build();
    public static final ParameterDescriptor<Double> IDLE_TIMEOUT = ParameterDescriptor.ofFloat("idletimeout")
            .label("Idle Timeout")
            .defaultValue(0.0)
            .range(0, 86_400)
            .help("Closes a connection after this many seconds without traffic either way (counted in 'closed_idle');"
                    + " a client then reconnects. 0 never closes. Use it to drop peers that vanished without closing"
                    + " (a powered-off device) sooner than TCP keep-alive, which is always on, would find them.")
            .build();
    public static final ParameterDescriptor<Integer> MAX_PEERS = ParameterDescriptor.ofInt("maxpeers")
            .label("Maximum Peers")
            .defaultValue(TcpLinkConfig.DEFAULT_MAX_PEERS)
            .range(0, 1_000_000)
            .help("Server: most clients connected at once. One more is closed as soon as it connects, counted in"
                    + " 'refused' and reported as a warning with its address. 0 means no limit.")
            .build();
    public static final ParameterDescriptor<Integer> WRITE_LIMIT = ParameterDescriptor.ofInt("writelimit")
            .label("Write Buffer Limit")
            .defaultValue(1 << 20)
            .range(1024, Integer.MAX_VALUE)
            .help("Bytes that may wait for one peer that reads slowly; beyond it 'slowpeer' applies.")
            .build();
    public static final ParameterDescriptor<SlowPeer> SLOW_PEER = ParameterDescriptor.ofMenu("slowpeer", SlowPeer.class)
            .label("Slow Peer")
            .help("When a peer's write buffer is full: drop the oldest waiting messages (counted in 'dropped'), or"
                    + " close that peer.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("tcpip", Family.DAT)
            .parameters(
                    MODE,
                    ADDRESS,
                    PORT,
                    SHARED,
                    FORMAT,
                    DELIMITER,
                    PREFIX_BYTES,
                    BYTE_ORDER,
                    MAX_LENGTH,
                    TERMINATOR,
                    ACTIVE,
                    CLAMP,
                    MAX_LINES,
                    CLEAR,
                    BYTES,
                    ENCODING,
                    INPUT_COLUMN,
                    INPUT_SEPARATOR,
                    TLS,
                    TLS_CERT,
                    TLS_KEY,
                    TLS_CA,
                    TLS_VERIFY_HOST,
                    RECONNECT_MIN,
                    RECONNECT_MAX,
                    IDLE_TIMEOUT,
                    MAX_PEERS,
                    WRITE_LIMIT,
                    SLOW_PEER)
            .input(PortSpec.dat("input", "rows to send: each new row becomes one message")
                    .optional())
            .cookAlways()
            .doc(TcpipDatDoc.DOC)
            .build(TcpipDat::new);

    // Events, each at most 256 messages (a read burst): at most ~32k messages wait, however fast peers send. More
    // buys no throughput (the kernel's socket buffers already absorb a cook's delay) but keeps many objects alive
    // across young collections, whose copying then costs more CPU than the messages themselves.
    private static final int INBOX_CAPACITY = 128;
    private static final int MAX_EVENTS_PER_COOK = 2_000;
    /** The parameters of the output table and the input: a change applies on the next cook, without a new link. */
    private static final Set<ParameterDescriptor<?>> NOT_OF_THE_LINK =
            Set.of(CLAMP, MAX_LINES, CLEAR, BYTES, INPUT_COLUMN, INPUT_SEPARATOR);
    /** The parameters of the link: a change closes it and opens a new one. */
    private static final ParameterDescriptor<?>[] LINK_PARAMETERS =
            TYPE.parameters().stream().filter(p -> !NOT_OF_THE_LINK.contains(p)).toArray(ParameterDescriptor<?>[]::new);

    private OperatorContext context;
    private Inbox<TcpEvent> inbox;
    private TcpipLink link;
    private ReceivedRows rows;
    private boolean cooking;

    @Override
    public void onStart(OperatorContext ctx) {
        context = ctx;
        inbox = ctx.newInbox(INBOX_CAPACITY);
        link = new TcpipLink(ctx, inbox, this::wakeupUnlessCooking);
        rows = new ReceivedRows(link);
    }

    @Override
    public void cook(CookContext ctx) {
        cooking = true;
        try {
            if (ctx.firstCook() || anyChanged(ctx)) {
                link.restart(ctx);
            }
            rows.receive(ctx, inbox, MAX_EVENTS_PER_COOK);
            link.resume();
            if (!inbox.isEmpty()) {
                ctx.requestCookNextFrame();
            }
            link.sendNewInputRows(ctx);
            link.seal();
            report(ctx);
        } finally {
            cooking = false;
        }
    }

    @Override
    public void onStop(boolean removed) {
        if (link != null) {
            link.close();
        }
    }

    private static boolean anyChanged(CookContext ctx) {
        for (ParameterDescriptor<?> p : LINK_PARAMETERS) {
            if (ctx.parChanged(p)) {
                return true;
            }
        }
        return false;
    }

    /** A send outside this node's cook (from another node's callback) must make this node cook to flush it. */
    private void wakeupUnlessCooking() {
        if (!cooking) {
            context.wakeup();
        }
    }

    private void report(CookContext ctx) {
        TcpLink l = link.link();
        if (link.setupError() != null) {
            ctx.error(link.setupError());
        } else if (l != null) {
            String mismatch = link.sharedMismatch();
            if (l.failed()) {
                ctx.error(l.status());
            } else if (mismatch != null) {
                ctx.warning(mismatch);
            } else {
                String problem = l.takeProblem();
                if (problem != null) {
                    ctx.log().warn("{}", problem);
                    ctx.warning(problem);
                } else if (!l.config().server()
                        && link.peers().isEmpty()
                        && l.status().contains("retrying")) {
                    // A client that cannot reach its server says why (refused, closed) and when it tries again.
                    ctx.warning(l.status());
                }
            }
        }
        ctx.info("connections", link.peers().size());
        ctx.info("messages_in", rows.messagesIn());
        ctx.info("messages_pending", link.pendingMessages());
        ctx.info("sends_queued", l == null ? 0 : l.queuedSends());
        ctx.info("bytes_in", l == null ? 0 : l.stats().bytesIn());
        ctx.info("bytes_out", l == null ? 0 : l.stats().bytesOut());
        ctx.info("dropped", l == null ? 0 : l.stats().dropped());
        ctx.info("refused", l == null ? 0 : l.stats().refused());
        ctx.info("closed_idle", l == null ? 0 : l.stats().idleClosed());
    }
}
