package dev.patchline.nodes.tcp;

import static dev.patchline.nodes.tcp.TcpipDat.BYTES;
import static dev.patchline.nodes.tcp.TcpipDat.CLAMP;
import static dev.patchline.nodes.tcp.TcpipDat.CLEAR;
import static dev.patchline.nodes.tcp.TcpipDat.MAX_LINES;

import dev.patchline.nodes.tcp.net.TcpConnection;
import dev.patchline.nodes.tcp.net.TcpEvent;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Inbox;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The TCP/IP DAT's output table and callbacks: takes the link's events from the node's inbox and turns received
 * messages into rows ({@code onReceive} after each), connections into {@code onConnect} and closes into
 * {@code onClose}, in the order they happened. Cook thread only.
 */
final class ReceivedRows {
    private static final String[] HEADER = {"message", "peer"};
    private static final String[] HEADER_WITH_BYTES = {"message", "peer", "bytes"};

    private final TcpipLink link;
    private long messagesIn;

    // Per-cook state used by the drain consumer (a field so that draining allocates no lambda per cook).
    private OutputTable out;
    private Callbacks callbacks;
    private boolean withBytes;
    private boolean onReceive;
    /** The events of this cook, collected first so that each batch knows how many rows follow it. */
    private final List<TcpEvent> drained = new ArrayList<>();

    private final Consumer<TcpEvent> collect = drained::add;

    ReceivedRows(TcpipLink link) {
        this.link = link;
    }

    /** {@return the messages turned into rows (or skipped) since the node started} */
    long messagesIn() {
        return messagesIn;
    }

    /**
     * Sets the table's header and bound from the parameters, then takes at most {@code maxEvents} events from
     * {@code inbox}.
     */
    void receive(CookContext ctx, Inbox<TcpEvent> inbox, int maxEvents) {
        out = ctx.output();
        callbacks = ctx.callbacks();
        try {
            withBytes = ctx.par(BYTES);
            out.setHeader(withBytes ? HEADER_WITH_BYTES : HEADER);
            out.setMaxRows(ctx.par(CLAMP) ? ctx.par(MAX_LINES) : 0);
            if (ctx.pulsed(CLEAR)) {
                out.clear();
            }
            onReceive = callbacks.has("onReceive");
            // The raw-bytes copy per message is only paid for when the bytes column or onReceive reads it.
            link.keepRawBytes(withBytes || onReceive);
            inbox.drain(collect, maxEvents);
            handleDrained();
        } finally {
            out = null;
            callbacks = null;
        }
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
        if (!link.owns(event.connection())) {
            return 0;
        }
        if (event instanceof TcpEvent.Lines lines) {
            return lines.count();
        } else if (event instanceof TcpEvent.Messages batch) {
            return batch.count();
        }
        return event instanceof TcpEvent.Received ? 1 : 0;
    }

    private void handle(TcpEvent event, int skip) {
        if (!link.owns(event.connection())) {
            return; // left over from a link that a parameter change replaced
        }
        TcpipView view = link.view();
        if (link.isShared()
                && !(event instanceof TcpEvent.Connected)
                && !link.hasPeer(event.connection())
                && event.connection().isOpen()) {
            // Joined a shared link after this connection was announced, and the replay had no room for it.
            link.addPeer(event.connection());
        }
        if (event instanceof TcpEvent.Lines lines) {
            skip(skip);
            Charset charset = link.wireCharset(); // a shared link decodes with its first DAT's encoding
            byte[] data = lines.data();
            for (int i = skip; i < lines.count(); i++) {
                int start = lines.start(i);
                int length = lines.ends()[i] - start;
                String text = new String(data, start, length, charset);
                byte[] bytes = withBytes || onReceive ? Arrays.copyOfRange(data, start, start + length) : null;
                received(lines.connection(), text, bytes);
            }
        } else if (event instanceof TcpEvent.Messages batch) {
            skip(skip);
            String[] texts = batch.texts();
            byte[][] bytes = batch.bytes();
            for (int i = skip; i < batch.count(); i++) {
                received(batch.connection(), texts[i], bytes == null ? null : bytes[i]);
            }
        } else if (event instanceof TcpEvent.Received received) {
            skip(skip);
            if (skip == 0) {
                received(received.connection(), received.text(), received.bytes());
            }
        } else if (event instanceof TcpEvent.Connected) {
            if (link.hasPeer(event.connection())) {
                return; // a shared link told this DAT about it twice (attach raced with the connection)
            }
            callbacks.invoke("onConnect", view, link.addPeer(event.connection()));
        } else if (event instanceof TcpEvent.Closed) {
            TcpPeer peer = link.removePeer(event.connection());
            if (peer != null) {
                callbacks.invoke("onClose", view, peer);
            }
        }
    }

    private void skip(int messages) {
        if (messages > 0) {
            out.skipRows(messages);
            messagesIn += messages;
            link.taken(messages);
        }
    }

    private void received(TcpConnection from, String text, byte[] bytes) {
        String peerId = from.id();
        if (bytes == null && (withBytes || onReceive)) {
            // Framed while nothing read raw bytes (the bytes column or onReceive appeared since): re-encode the text.
            bytes = text.getBytes(link.charset());
        }
        if (withBytes) {
            out.appendRow(new String[] {text, peerId, hex(bytes)}, new byte[][] {null, null, bytes});
        } else {
            out.appendRow(text, peerId);
        }
        messagesIn++;
        link.taken(1);
        if (onReceive) {
            callbacks.invoke("onReceive", link.view(), out.numRows() - 1, text, bytes, link.peer(from));
        }
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
