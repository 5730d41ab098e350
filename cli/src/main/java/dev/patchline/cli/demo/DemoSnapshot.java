package dev.patchline.cli.demo;

import dev.patchline.runtime.cook.PatchView;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo view shows, copied out of the graph on the cook thread (inside {@code Patch.query}) so the
 * view never touches live tables from another thread.
 */
record DemoSnapshot(
        Map<String, NodeLine> nodes,
        List<String> header,
        List<List<String>> latestRows,
        Map<String, Double> smoothed,
        long atNanos) {

    static final int ROWS_SHOWN = 6;

    /** One node's state and info channels. */
    record NodeLine(String id, String type, NodeState state, String message, Map<String, Double> info) {
        double info(String name) {
            Double v = info.get(name);
            return v == null ? 0 : v;
        }
    }

    static DemoSnapshot take(PatchView view) {
        Map<String, NodeLine> nodes = new LinkedHashMap<>();
        for (String id : view.nodeIds()) {
            NodeView n = view.node(id);
            nodes.put(id, new NodeLine(id, n.getType().id(), n.getState(), n.getMessage(), Map.copyOf(n.getInfo())));
        }
        List<String> header = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Table t = view.node(DemoGraph.SENSORS).getTable();
        if (t != null) {
            int[] cols = {t.col("topic"), t.col("value"), t.col("payload")};
            for (int c : cols) {
                if (c >= 0) {
                    header.add(t.header(c));
                }
            }
            for (int r = Math.max(0, t.numRows() - ROWS_SHOWN); r < t.numRows(); r++) {
                List<String> row = new ArrayList<>();
                for (int c : cols) {
                    if (c >= 0) {
                        row.add(t.cell(r, c));
                    }
                }
                rows.add(row);
            }
        }
        Map<String, Double> smoothed = new LinkedHashMap<>();
        Channels ch = view.node(DemoGraph.SMOOTH).getChannels();
        for (int i = 0; ch != null && i < ch.numChans(); i++) {
            smoothed.put(ch.name(i), ch.numSamples() == 0 ? Double.NaN : ch.value(i, 0));
        }
        return new DemoSnapshot(nodes, header, rows, smoothed, System.nanoTime());
    }
}
