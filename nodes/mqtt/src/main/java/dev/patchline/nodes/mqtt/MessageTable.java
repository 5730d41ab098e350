package dev.patchline.nodes.mqtt;

import static dev.patchline.nodes.mqtt.MqttClientDat.BYTES;
import static dev.patchline.nodes.mqtt.MqttClientDat.CLAMP;
import static dev.patchline.nodes.mqtt.MqttClientDat.CLEAR;
import static dev.patchline.nodes.mqtt.MqttClientDat.COLUMNS;
import static dev.patchline.nodes.mqtt.MqttClientDat.FORMAT;
import static dev.patchline.nodes.mqtt.MqttClientDat.MAXBYTES;
import static dev.patchline.nodes.mqtt.MqttClientDat.MAXLINES;
import static dev.patchline.nodes.mqtt.MqttClientDat.PROPERTIES;
import static dev.patchline.nodes.mqtt.MqttClientDat.TIMESTAMP;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.NodeView;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The MQTT Client DAT's output table: its layout (columns from the parameters), the bound in rows and bytes, and the
 * received messages turned into rows, each handed to {@code onMessage} after its row is appended. Cook thread only.
 */
final class MessageTable {
    /** The hard bound on rows when 'clamp' is off. */
    static final int UNCLAMPED_ROWS = 1_000_000;
    /** Messages turned into rows per cook at most; the rest waits for the next frame. */
    static final int MAX_ROWS_PER_COOK = 50_000;

    private final RowBytes rowBytes = new RowBytes();
    private final JsonNode[] parsed = new JsonNode[2];
    private RowFormat rows;
    private long received;
    private String timeText = "";

    /**
     * Sets the header when the columns' parameters changed (dropping rows of the old layout), and the bounds; empties
     * the table on the {@code clear} pulse or when {@code clear} is true.
     */
    void layout(CookContext ctx, boolean clear) {
        OutputTable out = ctx.output();
        if (rows == null
                || ctx.parChanged(FORMAT)
                || ctx.parChanged(COLUMNS)
                || ctx.parChanged(BYTES)
                || ctx.parChanged(TIMESTAMP)
                || ctx.parChanged(PROPERTIES)) {
            long jsonErrors = jsonErrors();
            rows = new RowFormat(
                    ctx.par(FORMAT), ctx.par(TIMESTAMP), ctx.par(BYTES), ctx.par(PROPERTIES), ctx.par(COLUMNS));
            rows.jsonErrors = jsonErrors;
            String[] header = rows.header();
            boolean changed = out.numCols() != header.length;
            for (int c = 0; !changed && c < header.length; c++) changed = !header[c].equals(out.header(c));
            if (changed) {
                out.clear(); // old rows have the old layout
                out.setHeader(header);
            }
        }
        out.setMaxRows(ctx.par(CLAMP) ? ctx.par(MAXLINES) : UNCLAMPED_ROWS);
        if (clear || ctx.pulsed(CLEAR)) out.clear();
        rowBytes.keepNewest(out.numRows());
        dropRowsBeyond(out, ctx.par(MAXBYTES));
    }

    /**
     * Takes the messages waiting now (at most {@link #MAX_ROWS_PER_COOK}): each one reaches {@code onMessage} and
     * counts in {@code received}, but only those that will still be in the table at the end of this cook become rows.
     * When more than {@code maxlines} messages arrived since the last cook, the older ones would be appended and
     * dropped again in this same cook, never seen by anyone: making their rows (payload decoding, JSON columns) is
     * skipped. Each row is appended before its own {@code onMessage} runs, so the callback finds its message's row.
     *
     * @return how many payloads of this cook were not JSON where JSON was expected
     */
    long receive(CookContext ctx, Callbacks callbacks, MessageRing ring, NodeView view) {
        OutputTable out = ctx.output();
        Callbacks.Function onMessage = callbacks.function("onMessage");
        timeText = secondsText(ctx.seconds());
        int waiting = Math.min(ring.size(), MAX_ROWS_PER_COOK);
        int bound = out.maxRows();
        int firstRow = bound == 0 ? 0 : Math.max(0, waiting - bound);
        // The messages before firstRow would be pushed out by the ones after them in this same cook: no row is built
        // for them, but the table's sequence numbers and delta end as if they had been appended one by one.
        if (firstRow > 0) {
            out.skipRows(firstRow);
            rowBytes.keepNewest(out.numRows());
        }
        long maxBytes = ctx.par(MAXBYTES);
        int taken = 0;
        long jsonErrorsBefore = rows.jsonErrors;
        while (taken < waiting) {
            InboundMessage m = ring.poll();
            if (m == null) break;
            boolean row = taken++ >= firstRow;
            if (!row && onMessage == null) continue;
            parsed[0] = null;
            parsed[1] = null;
            String payload = rows.payloadText(m, parsed);
            if (row) appendRow(out, rows.row(m, timeText, payload, parsed), rows.rawCells(m), maxBytes);
            if (onMessage != null) {
                onMessage.invoke(view, m.getTopic(), payload, m.getQos(), m.isRetained(), m.isDup(), m);
            }
        }
        ring.wakeProducer();
        received += taken;
        if (ring.size() > 0) ctx.requestCookNextFrame();
        return rows.jsonErrors - jsonErrorsBefore;
    }

    /** {@return the messages taken from the ring since the node started} */
    long received() {
        return received;
    }

    /** {@return the payloads that were not JSON where JSON was expected, since the node started} */
    long jsonErrors() {
        return rows == null ? 0 : rows.jsonErrors;
    }

    /** Appends a row and drops the oldest rows while the table holds more than {@code maxBytes}. */
    private void appendRow(OutputTable out, String[] cells, byte[][] raw, long maxBytes) {
        out.appendRow(cells, raw);
        rowBytes.keepNewest(out.numRows() - 1); // the table may have dropped its oldest row for 'maxlines'
        rowBytes.appended(RowBytes.of(cells, raw));
        dropRowsBeyond(out, maxBytes);
    }

    private void dropRowsBeyond(OutputTable out, long maxBytes) {
        while (rowBytes.total() > maxBytes && out.numRows() > 1) {
            out.dropHead(1);
            rowBytes.keepNewest(out.numRows());
        }
    }

    /**
     * The {@code time} cell: patch seconds with 3 decimals, exactly as {@code %.3f} prints them (half-up on the
     * shortest decimal form of the double) but without a Formatter and its locale look-ups on every cook.
     */
    static String secondsText(double seconds) {
        return new BigDecimal(Double.toString(seconds))
                .setScale(3, RoundingMode.HALF_UP)
                .toPlainString();
    }
}
