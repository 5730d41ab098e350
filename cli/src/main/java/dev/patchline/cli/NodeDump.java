package dev.patchline.cli;

import dev.patchline.runtime.cook.PatchView;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeView;
import java.util.ArrayList;
import java.util.List;

/** Renders a node's output as CSV for {@code run --dump}: a DAT's table, or a CHOP's channels as name,value rows. */
final class NodeDump {
    private NodeDump() {}

    /** Runs on the cook thread (inside {@code Patch.query}). */
    static String csv(PatchView view, String nodeId) {
        NodeView node = view.node(nodeId);
        if (node == null) {
            throw new CliException("--dump: no node '" + nodeId + "' in the graph");
        }
        StringBuilder b = new StringBuilder();
        Table t = node.getTable();
        if (t != null) {
            List<String> header = new ArrayList<>();
            for (int c = 0; c < t.numCols(); c++) {
                header.add(t.header(c));
            }
            if (!header.isEmpty()) {
                line(b, header);
            }
            for (int r = 0; r < t.numRows(); r++) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < t.rowLength(r); c++) {
                    row.add(t.cell(r, c));
                }
                line(b, row);
            }
            return b.toString();
        }
        Channels ch = node.getChannels();
        b.append("name,value\r\n");
        for (int i = 0; ch != null && i < ch.numChans(); i++) {
            line(b, List.of(ch.name(i), ch.numSamples() == 0 ? "" : Double.toString(ch.value(i, 0))));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(cells.get(i)));
        }
        b.append("\r\n");
    }

    /** RFC 4180 quoting. */
    private static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
