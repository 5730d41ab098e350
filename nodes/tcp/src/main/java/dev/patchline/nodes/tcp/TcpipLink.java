package dev.patchline.nodes.tcp;

import static dev.patchline.nodes.tcp.TcpipDat.ACTIVE;
import static dev.patchline.nodes.tcp.TcpipDat.INPUT_COLUMN;
import static dev.patchline.nodes.tcp.TcpipDat.SHARED;

import dev.patchline.nodes.tcp.net.TcpConnection;
import dev.patchline.nodes.tcp.net.TcpEvent;
import dev.patchline.nodes.tcp.net.TcpLink;
import dev.patchline.nodes.tcp.net.TcpLinkConfig;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.OperatorContext;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP/IP DAT's link and what hangs on it: opens and closes its own or a shared {@link TcpLink} as the parameters
 * say, keeps the connected peers, and sends (the input DAT's new rows, and the scripts' {@code send} calls through
 * {@link TcpipView} and {@link TcpPeer}). Cook thread only.
 */
final class TcpipLink {
    private final OperatorContext context;
    private final Inbox<TcpEvent> inbox;
    private final Runnable wakeupUnlessCooking;
    private final TcpipView view;
    private TcpLink link;
    /** Set while this DAT uses a shared link ({@link TcpipDat#SHARED}); then {@link #link} is that link. */
    private SharedLinks.Handle shared;

    private LinkSettings settings;
    private Outbound outbound;
    private final List<TcpPeer> peers = new ArrayList<>();
    private final Map<TcpConnection, TcpPeer> peerByConnection = new HashMap<>();
    private long inputSeqSent = -1;
    /**
     * The link's framed-message count when this DAT attached, plus what it has turned into rows since: the link's
     * count minus this is what waits (inbox and connection backlogs), counted in messages rather than hand-overs.
     */
    private long messagesSeen;

    private String setupError;

    /**
     * @param wakeupUnlessCooking makes the node cook when a send happens outside its cook (from another node's
     *     callback), so that the send is flushed
     */
    TcpipLink(OperatorContext context, Inbox<TcpEvent> inbox, Runnable wakeupUnlessCooking) {
        this.context = context;
        this.inbox = inbox;
        this.wakeupUnlessCooking = wakeupUnlessCooking;
        this.view = new TcpipView(this, context.me());
    }

    /** {@return the {@code dat} argument of the callbacks} */
    TcpipView view() {
        return view;
    }

    /** {@return the link in use, or null while the node is not active or its settings are wrong} */
    TcpLink link() {
        return link;
    }

    /** {@return what is wrong with the settings, or null} */
    String setupError() {
        return setupError;
    }

    /** {@return what differs between this DAT's settings and those the shared link was opened with, or null} */
    String sharedMismatch() {
        return shared == null ? null : shared.mismatch();
    }

    /** Closes the link and opens the one the parameters describe (none when inactive or invalid). */
    void restart(CookContext ctx) {
        // Peers of the link being replaced are gone for the scripts too.
        for (TcpPeer peer : peers) {
            ctx.callbacks().invoke("onClose", view, peer);
        }
        close();
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
        messagesSeen = link.stats().messagesIn();
        TcpLinkConfig used = link.config();
        outbound = new Outbound(
                used.format().encoder(),
                used.charset(),
                ByteBufAllocator.DEFAULT,
                peers,
                wakeupUnlessCooking,
                used.server() ? null : link);
        if (shared == null) {
            link.start();
        }
    }

    void close() {
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

    /** Whether the link copies each message's raw bytes; a shared link keeps what its first DAT set. */
    void keepRawBytes(boolean keep) {
        if (link != null && shared == null) {
            link.keepRawBytes(keep);
        }
    }

    /** Lets the connections read again after the inbox was drained. */
    void resume() {
        if (link != null) {
            link.resume();
        }
    }

    // ---------------------------------------------------------------- peers and received messages

    /** Whether {@code connection} is one of this link's (an event may be left over from a link replaced since). */
    boolean owns(TcpConnection connection) {
        return link != null && connection.belongsTo(link);
    }

    boolean isShared() {
        return shared != null;
    }

    boolean hasPeer(TcpConnection connection) {
        return peerByConnection.containsKey(connection);
    }

    TcpPeer peer(TcpConnection connection) {
        return peerByConnection.get(connection);
    }

    TcpPeer addPeer(TcpConnection connection) {
        TcpPeer peer = new TcpPeer(connection, view);
        peers.add(peer);
        peerByConnection.put(connection, peer);
        return peer;
    }

    /** {@return the peer that closed, or null when it was not known} */
    TcpPeer removePeer(TcpConnection connection) {
        TcpPeer peer = peerByConnection.remove(connection);
        if (peer != null) {
            peers.remove(peer);
        }
        return peer;
    }

    List<TcpPeer> peers() {
        return peers;
    }

    /** {@return the encoding the link decodes with: a shared link's is its first DAT's} */
    Charset wireCharset() {
        return link.config().charset();
    }

    /** {@return this DAT's own encoding} */
    Charset charset() {
        return settings.charset();
    }

    /** Counts messages turned into rows (or skipped) for {@link #pendingMessages()}. */
    void taken(int messages) {
        messagesSeen += messages;
    }

    /** {@return the messages framed by the link that this DAT has not taken yet} */
    long pendingMessages() {
        return link == null ? 0 : Math.max(0, link.stats().messagesIn() - messagesSeen);
    }

    // ---------------------------------------------------------------- sending

    /** Sends the input DAT's rows that are new since the last cook, each as one message to every peer. */
    void sendNewInputRows(CookContext ctx) {
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

    /** Hands this cook's sends to the event loops. */
    void seal() {
        if (outbound != null) {
            outbound.seal();
        }
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
}
