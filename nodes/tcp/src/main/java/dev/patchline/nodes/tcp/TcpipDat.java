package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.TcpConnection;
import dev.patchline.nodes.tcp.net.TcpEvent;
import dev.patchline.nodes.tcp.net.TcpLink;
import dev.patchline.nodes.tcp.net.TcpLinkConfig;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * TCP/IP DAT: a TCP client or server whose received messages become rows, whose input rows and {@code send} calls
 * become outgoing messages, and whose connections and messages drive the {@code onConnect}, {@code onReceive} and
 * {@code onClose} callbacks, as in TouchDesigner.
 *
 * <p>The network runs on Netty event loops; this class runs on the cook thread and sees the network only through
 * its bounded inbox. When the inbox is full the connections stop reading, so a fast sender slows down instead of
 * filling memory.
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
    public static final ParameterDescriptor<String> PREFIX_BYTES = ParameterDescriptor.ofMenu(
                    "prefixbytes", "1", "2", "4")
            .label("Length Prefix Bytes")
            .defaultValue("4")
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
            .doc(OperatorDoc.builder("Sends and receives messages over TCP as a client or a server.")
                    .label("TCP/IP DAT")
                    .details("One row per received message (per line, byte, read, delimiter or length prefix) with"
                            + " the peer's `address:port`. New rows of the input DAT are sent. A server binds"
                            + " 127.0.0.1 unless `address` says otherwise and serves up to `maxpeers` clients; a"
                            + " client reconnects with a jittered, growing backoff. TCP keep-alive is on; `idletimeout`"
                            + " closes silent connections. TLS, a maximum message length and a per-peer write limit"
                            + " keep it safe on real networks.")
                    .callback("onConnect", "a peer connected (server) or the connection is up (client)", "dat", "peer")
                    .callback(
                            "onReceive",
                            "a message arrived; rowIndex is its row in the output",
                            "dat",
                            "rowIndex",
                            "message",
                            "bytes",
                            "peer")
                    .callback("onClose", "a peer disconnected or the connection closed", "dat", "peer")
                    .info("connections", "connected peers")
                    .info("messages_pending", "received messages not yet turned into rows")
                    .info("messages_in", "messages turned into rows since the node started")
                    .info("sends_queued", "client: messages sent while not connected, waiting for the connection")
                    .info("bytes_in", "bytes received")
                    .info("bytes_out", "bytes handed to sockets")
                    .info("dropped", "messages dropped: over-long received ones, and sends to slow peers")
                    .info("refused", "server: connections closed at once because 'maxpeers' clients were connected")
                    .info("closed_idle", "connections closed after 'idletimeout' seconds without traffic")
                    .build())
            .build(TcpipDat::new);

    private static final String[] HEADER = {"message", "peer"};
    private static final String[] HEADER_WITH_BYTES = {"message", "peer", "bytes"};
    // Events, each at most 256 messages (a read burst): at most ~32k messages wait, however fast peers send. More
    // buys no throughput (the kernel's socket buffers already absorb a cook's delay) but keeps many objects alive
    // across young collections, whose copying then costs more CPU than the messages themselves.
    private static final int INBOX_CAPACITY = 128;
    private static final int MAX_EVENTS_PER_COOK = 2_000;
    private static final ParameterDescriptor<?>[] LINK_PARAMETERS = {
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
        ENCODING,
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
        SLOW_PEER
    };

    private OperatorContext context;
    private Inbox<TcpEvent> inbox;
    private TcpipView view;
    private TcpLink link;
    /** Set while this DAT uses a shared link ({@link #SHARED}); then {@link #link} is that link. */
    private SharedLinks.Handle shared;

    private LinkSettings settings;
    private Outbound outbound;
    private final List<TcpPeer> peers = new ArrayList<>();
    private final Map<TcpConnection, TcpPeer> peerByConnection = new HashMap<>();
    private long inputSeqSent = -1;
    private long messagesIn;
    /**
     * The link's framed-message count when this DAT attached, minus what it has turned into rows since: the link's
     * count minus this is what waits (inbox and connection backlogs), counted in messages rather than hand-overs.
     */
    private long linkMessagesSeen;

    private String setupError;

    // Per-cook state used by the drain consumer (a field so that draining allocates no lambda per cook).
    private CookContext cooking;
    private OutputTable out;
    private boolean withBytes;
    private boolean onReceive;
    /** The events of this cook, collected first so that each batch knows how many rows follow it. */
    private final List<TcpEvent> drained = new ArrayList<>();

    private final Consumer<TcpEvent> collect = drained::add;

    @Override
    public void onStart(OperatorContext ctx) {
        context = ctx;
        inbox = ctx.newInbox(INBOX_CAPACITY);
        view = new TcpipView(this, ctx.me());
    }

    @Override
    public void cook(CookContext ctx) {
        cooking = ctx;
        try {
            cookOnce(ctx);
        } finally {
            cooking = null;
            out = null;
        }
    }

    private void cookOnce(CookContext ctx) {
        if (ctx.firstCook() || anyChanged(ctx)) {
            restartLink(ctx);
        }
        out = ctx.output();
        withBytes = ctx.par(BYTES);
        out.setHeader(withBytes ? HEADER_WITH_BYTES : HEADER);
        out.setMaxRows(ctx.par(CLAMP) ? ctx.par(MAX_LINES) : 0);
        if (ctx.pulsed(CLEAR)) {
            out.clear();
        }

        if (link != null && shared == null) {
            // The raw-bytes copy per message is only paid for when the bytes column or onReceive reads it.
            link.keepRawBytes(withBytes || ctx.callbacks().has("onReceive"));
        }
        onReceive = ctx.callbacks().has("onReceive");
        inbox.drain(collect, MAX_EVENTS_PER_COOK);
        handleDrained();
        if (link != null) {
            link.resume();
        }
        if (!inbox.isEmpty()) {
            ctx.requestCookNextFrame();
        }
        sendNewInputRows(ctx);
        if (outbound != null) {
            outbound.seal();
        }
        report(ctx);
    }

    private boolean anyChanged(CookContext ctx) {
        for (ParameterDescriptor<?> p : LINK_PARAMETERS) {
            if (ctx.parChanged(p)) {
                return true;
            }
        }
        return false;
    }

    private void restartLink(CookContext ctx) {
        // Peers of the link being replaced are gone for the scripts too.
        for (TcpPeer peer : peers) {
            ctx.callbacks().invoke("onClose", view, peer);
        }
        closeLink();
        setupError = null;
        if (!ctx.par(ACTIVE)) {
            return;
        }
        try {
            settings = LinkSettings.from(ctx);
        } catch (IllegalArgumentException e) {
            setupError = e.getMessage();
            return;
        }
        TcpLinkConfig config = settings.config();
        if (ctx.par(SHARED)) {
            shared = SharedLinks.attach(config, inbox, context::wakeup);
            link = shared.link();
        } else {
            link = TcpLink.create(config, inbox::offer, context::wakeup);
        }
        // A shared link was opened with the first DAT's settings; its framing and encoding are what the wire uses.
        linkMessagesSeen = link.stats().messagesIn();
        TcpLinkConfig used = link.config();
        outbound = new Outbound(
                used.format().encoder(),
                used.charset(),
                ByteBufAllocator.DEFAULT,
                peers,
                this::wakeupUnlessCooking,
                used.server() ? null : link);
        if (shared == null) {
            link.start();
        }
    }

    /** A send outside this node's cook (from another node's callback) must make this node cook to flush it. */
    private void wakeupUnlessCooking() {
        if (cooking == null) {
            context.wakeup();
        }
    }

    private void closeLink() {
        if (outbound != null) {
            outbound.discard();
            outbound = null;
        }
        if (shared != null) {
            shared.release();
            shared = null;
        } else if (link != null) {
            link.close();
        }
        link = null;
        peers.clear();
        peerByConnection.clear();
    }

    /**
     * Handles this cook's events in order. With a bounded table and no onReceive, a message followed by at least
     * maxlines more in this cook could only be appended to be pushed out again: it is counted, but neither decoded
     * nor built into a row ({@link OutputTable#skipRows}), which is most messages when they arrive faster than the
     * node cooks.
     */
    private void handleDrained() {
        try {
            long rowsAfter = 0;
            for (int i = drained.size() - 1; i >= 0; i--) {
                rowsAfter += rowsOf(drained.get(i));
            }
            for (int i = 0; i < drained.size(); i++) {
                TcpEvent event = drained.get(i);
                int rows = rowsOf(event);
                rowsAfter -= rows;
                handle(event, skippable(rows, rowsAfter));
            }
        } finally {
            drained.clear();
        }
    }

    /** How many of the first of {@code rows} messages only a later message of this cook would push out. */
    private int skippable(int rows, long rowsAfter) {
        int maxRows = out.maxRows();
        if (maxRows == 0 || onReceive) {
            return 0; // every row stays, or the script sees every row
        }
        long visible = Math.max(0, maxRows - rowsAfter);
        return (int) Math.max(0, rows - visible);
    }

    /** Rows {@code event} appends when handled. */
    private int rowsOf(TcpEvent event) {
        if (!ours(event)) {
            return 0;
        }
        if (event instanceof TcpEvent.Lines lines) {
            return lines.count();
        } else if (event instanceof TcpEvent.Messages batch) {
            return batch.count();
        }
        return event instanceof TcpEvent.Received ? 1 : 0;
    }

    private boolean ours(TcpEvent event) {
        return link != null && event.connection().belongsTo(link);
    }

    private void handle(TcpEvent event, int skip) {
        if (!ours(event)) {
            return; // left over from a link that a parameter change replaced
        }
        Callbacks callbacks = cooking.callbacks();
        if (shared != null
                && !(event instanceof TcpEvent.Connected)
                && !peerByConnection.containsKey(event.connection())
                && event.connection().isOpen()) {
            // Joined a shared link after this connection was announced, and the replay had no room for it.
            addPeer(event.connection());
        }
        if (event instanceof TcpEvent.Lines lines) {
            skip(skip);
            Charset charset = link.config().charset(); // a shared link decodes with its first DAT's encoding
            byte[] data = lines.data();
            for (int i = skip; i < lines.count(); i++) {
                int start = lines.start(i);
                int length = lines.ends()[i] - start;
                String text = new String(data, start, length, charset);
                byte[] bytes = withBytes || onReceive ? Arrays.copyOfRange(data, start, start + length) : null;
                received(lines.connection(), text, bytes, callbacks);
            }
        } else if (event instanceof TcpEvent.Messages batch) {
            skip(skip);
            String[] texts = batch.texts();
            byte[][] bytes = batch.bytes();
            for (int i = skip; i < batch.count(); i++) {
                received(batch.connection(), texts[i], bytes == null ? null : bytes[i], callbacks);
            }
        } else if (event instanceof TcpEvent.Received received) {
            skip(skip);
            if (skip == 0) {
                received(received.connection(), received.text(), received.bytes(), callbacks);
            }
        } else if (event instanceof TcpEvent.Connected) {
            if (peerByConnection.containsKey(event.connection())) {
                return; // a shared link told this DAT about it twice (attach raced with the connection)
            }
            callbacks.invoke("onConnect", view, addPeer(event.connection()));
        } else if (event instanceof TcpEvent.Closed) {
            TcpPeer peer = peerByConnection.remove(event.connection());
            if (peer != null) {
                peers.remove(peer);
                callbacks.invoke("onClose", view, peer);
            }
        }
    }

    private TcpPeer addPeer(TcpConnection connection) {
        TcpPeer peer = new TcpPeer(connection, view);
        peers.add(peer);
        peerByConnection.put(connection, peer);
        return peer;
    }

    private void skip(int messages) {
        if (messages > 0) {
            out.skipRows(messages);
            messagesIn += messages;
            linkMessagesSeen += messages;
        }
    }

    private void received(TcpConnection from, String text, byte[] bytes, Callbacks callbacks) {
        String peerId = from.id();
        if (bytes == null && (withBytes || onReceive)) {
            // Framed while nothing read raw bytes (the bytes column or onReceive appeared since): re-encode the text.
            bytes = text.getBytes(settings.charset());
        }
        if (withBytes) {
            out.appendRow(new String[] {text, peerId, hex(bytes)}, new byte[][] {null, null, bytes});
        } else {
            out.appendRow(text, peerId);
        }
        messagesIn++;
        linkMessagesSeen++;
        if (onReceive) {
            callbacks.invoke("onReceive", view, out.numRows() - 1, text, bytes, peerByConnection.get(from));
        }
    }

    private void sendNewInputRows(CookContext ctx) {
        if (ctx.numInputs() == 0) {
            return;
        }
        Table in = ctx.input(0);
        long first = in.firstRowSeq();
        long end = first + in.numRows();
        long from = Math.max(first, inputSeqSent + 1);
        if (from >= end) {
            return;
        }
        inputSeqSent = end - 1;
        if (outbound == null) {
            return;
        }
        String column = ctx.par(INPUT_COLUMN);
        int col = column.isEmpty() ? -1 : in.col(column);
        if (!column.isEmpty() && col < 0) {
            ctx.warning("input has no column '" + column + "'; set 'inputcolumn' to one of its header names or"
                    + " leave it empty to send whole rows");
            return;
        }
        String separator = settings.inputSeparator();
        StringBuilder line = new StringBuilder();
        for (long seq = from; seq < end; seq++) {
            int r = (int) (seq - first);
            if (col >= 0) {
                outbound.broadcastText(in.cell(r, col), settings.terminator());
            } else if (in.rowLength(r) == 1) {
                outbound.broadcastText(in.cell(r, 0), settings.terminator()); // nothing to join: no copy
            } else {
                line.setLength(0);
                for (int c = 0; c < in.rowLength(r); c++) {
                    if (c > 0) {
                        line.append(separator);
                    }
                    line.append(in.cell(r, c));
                }
                outbound.broadcastText(line, settings.terminator());
            }
        }
    }

    private void report(CookContext ctx) {
        if (setupError != null) {
            ctx.error(setupError);
        } else if (link != null) {
            String mismatch = shared == null ? null : shared.mismatch();
            if (link.failed()) {
                ctx.error(link.status());
            } else if (mismatch != null) {
                ctx.warning(mismatch);
            } else {
                String problem = link.takeProblem();
                if (problem != null) {
                    ctx.log().warn("{}", problem);
                    ctx.warning(problem);
                } else if (!link.config().server()
                        && peers.isEmpty()
                        && link.status().contains("retrying")) {
                    // A client that cannot reach its server says why (refused, closed) and when it tries again.
                    ctx.warning(link.status());
                }
            }
        }
        ctx.info("connections", peers.size());
        ctx.info("messages_in", messagesIn);
        ctx.info("messages_pending", link == null ? 0 : Math.max(0, link.stats().messagesIn() - linkMessagesSeen));
        ctx.info("sends_queued", link == null ? 0 : link.queuedSends());
        ctx.info("bytes_in", link == null ? 0 : link.stats().bytesIn());
        ctx.info("bytes_out", link == null ? 0 : link.stats().bytesOut());
        ctx.info("dropped", link == null ? 0 : link.stats().dropped());
        ctx.info("refused", link == null ? 0 : link.stats().refused());
        ctx.info("closed_idle", link == null ? 0 : link.stats().idleClosed());
    }

    @Override
    public void onStop(boolean removed) {
        closeLink();
    }

    // ---------------------------------------------------------------- sending, for TcpipView and TcpPeer

    List<TcpPeer> peers() {
        return peers;
    }

    int broadcast(Map<String, ?> options, Object[] messages) {
        if (outbound == null) {
            return 0;
        }
        byte[] terminator = terminatorOf(options);
        int bytes = 0;
        for (Object m : messages) {
            bytes += outbound.broadcastText(String.valueOf(m), terminator);
        }
        return bytes;
    }

    int broadcastBytes(Object[] messages) {
        return outbound == null ? 0 : outbound.broadcastRaw(RawBytes.concat(messages, settings.charset()));
    }

    int sendTo(TcpConnection to, Map<String, ?> options, Object[] messages) {
        if (outbound == null) {
            return 0;
        }
        byte[] terminator = terminatorOf(options);
        int bytes = 0;
        for (Object m : messages) {
            bytes += outbound.sendText(to, String.valueOf(m), terminator);
        }
        return bytes;
    }

    int sendBytesTo(TcpConnection to, Object[] messages) {
        return outbound == null ? 0 : outbound.sendRaw(to, RawBytes.concat(messages, settings.charset()));
    }

    private byte[] terminatorOf(Map<String, ?> options) {
        if (options != null && options.containsKey("terminator")) {
            Object t = options.get("terminator");
            return t == null ? new byte[0] : String.valueOf(t).getBytes(settings.charset());
        }
        return settings.terminator();
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[Math.max(0, bytes.length * 3 - 1)];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            int at = i * 3;
            out[at] = Character.forDigit(b >> 4, 16);
            out[at + 1] = Character.forDigit(b & 0xF, 16);
            if (at + 2 < out.length) {
                out[at + 2] = ' ';
            }
        }
        return new String(out);
    }
}
