package dev.patchline.studio;

import dev.patchline.runtime.cook.PatchView;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
import dev.patchline.runtime.op.NodeView;
import java.util.HashMap;
import java.util.Map;

/**
 * The body of the one query a tick sends to the cook thread: for every node some connection watches or taps, copy
 * what changed since the last tick, and nothing more. It runs on the cook thread, so it only copies (bounded: at
 * most {@link #MAX_ROWS} rows per node); encoding happens later on the connections' event loops.
 */
final class Collector {
    /** The most rows copied per node and tick: the largest {@code watch} view. */
    static final int MAX_ROWS = 200;

    /** A connection needs the node's last rows (a new watch, or one that fell behind). */
    static final long NEED_RESET = Long.MIN_VALUE;
    /** A connection needs only the node's position (a new tap: messages start from now). */
    static final long NEED_POSITION = -1;

    private Collector() {}

    /**
     * Copies the nodes in {@code needs} whose output changed since {@code known} (id to version), or that a connection
     * needs from scratch. {@code needs} maps a node to the lowest sequence number any connection still needs, or to
     * {@link #NEED_RESET} or {@link #NEED_POSITION}. Cook thread only.
     */
    static Map<String, NodeData> collect(PatchView view, Map<String, Long> needs, Map<String, Long> known) {
        Map<String, NodeData> out = new HashMap<>();
        for (Map.Entry<String, Long> e : needs.entrySet()) {
            NodeView node = view.node(e.getKey());
            if (node == null) continue;
            long need = e.getValue();
            Table t = node.getTable();
            if (t != null) {
                Long seen = known.get(e.getKey());
                if (seen != null && seen == t.version() && need >= 0) continue;
                out.put(e.getKey(), table(e.getKey(), t, need, seen));
                continue;
            }
            Channels c = node.getChannels();
            if (c != null) {
                Long seen = known.get(e.getKey());
                if (seen != null && seen == c.version() && need >= 0) continue;
                out.put(e.getKey(), channels(e.getKey(), c, view.frame()));
            }
        }
        return out;
    }

    private static NodeData.TableData table(String id, Table t, long need, Long seen) {
        int cols = t.numCols();
        String[] header = new String[cols];
        for (int c = 0; c < cols; c++) header[c] = t.header(c);
        long first = t.firstRowSeq();
        int n = t.numRows();
        long end = first + n;
        long from = need == NEED_POSITION ? end : Math.max(first, end - MAX_ROWS);
        if (need >= 0) from = Math.max(from, Math.min(need, end));
        String[][] rows = new String[(int) (end - from)][];
        for (int i = 0; i < rows.length; i++) {
            int row = (int) (from - first) + i;
            String[] r = new String[t.rowLength(row)];
            for (int c = 0; c < r.length; c++) r[c] = t.cell(row, c);
            rows[i] = r;
        }
        // The delta tells only what the last cook did. A rebuilt table gets new sequence numbers (connections then
        // reset on their own); cells changed in place keep theirs and must be sent again.
        TableDelta d = t.delta();
        boolean cellsChanged = seen != null && seen != t.version() && (d.reset() || d.changedCells() > 0);
        return new NodeData.TableData(id, t.version(), header, first, n, from, rows, cellsChanged);
    }

    private static NodeData.ChannelData channels(String id, Channels c, long frame) {
        int n = c.numChans();
        String[] names = new String[n];
        double[] values = new double[n];
        int last = c.numSamples() - 1;
        for (int i = 0; i < n; i++) {
            names[i] = c.name(i);
            values[i] = last < 0 ? Double.NaN : c.value(i, last);
        }
        return new NodeData.ChannelData(id, c.version(), names, values, frame);
    }
}
