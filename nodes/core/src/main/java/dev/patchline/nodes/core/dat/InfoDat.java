package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.Numbers;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Info DAT: another node's state, size and info channels as a name/value table. */
public final class InfoDat implements Operator {
    public static final ParameterDescriptor<String> OP = ParameterDescriptor.ofOperator("op", null)
            .label("Operator")
            .help("Id of the node to describe (any family).")
            .build();

    public static final OperatorType TYPE = OperatorType.define("info", Family.DAT)
            .parameters(OP)
            .doc(OperatorDoc.builder("Another node's state, size and info channels as a table.")
                    .label("Info DAT")
                    .details("""
                            Rows `id`, `type`, `family`, `state`, `message`, `cook_count`, then `rows` and `cols` \
                            of a DAT or `chans`, `samples` and `rate` of a CHOP, then every info channel the node \
                            reports (for example an MQTT client's `messages_pending` or `dropped`). Cooks again \
                            whenever the described node's output, state or info changes; values that did not \
                            change keep their cells, so downstream nodes see a small delta.""")
                    .port("output", "columns `name`, `value`")
                    .build())
            .build(InfoDat::new);

    @Override
    public void cook(CookContext ctx) {
        String id = ctx.par(OP);
        if (id.isEmpty()) {
            ctx.error("parameter 'op' is empty: set it to the id of the node to describe");
            return;
        }
        NodeView v = ctx.op(OP);
        if (v == null) {
            ctx.error("parameter 'op': no node '" + id + "' in this graph");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", v.getId()});
        rows.add(new String[] {"type", v.getType().id()});
        rows.add(new String[] {"family", v.getFamily().jsonName()});
        rows.add(new String[] {"state", v.getState().name().toLowerCase(Locale.ROOT)});
        rows.add(new String[] {"message", v.getMessage()});
        rows.add(new String[] {"cook_count", Long.toString(v.getCookCount())});
        Table t = v.getTable();
        if (t != null) {
            rows.add(new String[] {"rows", Integer.toString(t.numRows())});
            rows.add(new String[] {"cols", Integer.toString(t.numCols())});
        }
        Channels c = v.getChannels();
        if (c != null) {
            rows.add(new String[] {"chans", Integer.toString(c.numChans())});
            rows.add(new String[] {"samples", Integer.toString(c.numSamples())});
            rows.add(new String[] {"rate", Numbers.format(c.rate())});
        }
        for (Map.Entry<String, Double> e : v.getInfo().entrySet()) {
            rows.add(new String[] {e.getKey(), Numbers.format(e.getValue())});
        }
        write(ctx.output(), rows);
    }

    /** Updates values in place when the row names are unchanged, else rebuilds. */
    static void write(OutputTable out, List<String[]> rows) {
        out.setHeader("name", "value");
        boolean same = out.numRows() == rows.size();
        for (int r = 0; same && r < rows.size(); r++) same = out.cell(r, 0).equals(rows.get(r)[0]);
        if (same) {
            for (int r = 0; r < rows.size(); r++) out.setCell(r, 1, rows.get(r)[1]);
            return;
        }
        out.clear();
        for (String[] row : rows) out.appendRow(row);
    }
}
