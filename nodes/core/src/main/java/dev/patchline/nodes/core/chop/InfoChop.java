package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
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
import java.util.Map;

/** Info CHOP: another node's state, size and info channels as channels. */
public final class InfoChop implements Operator {
    public static final ParameterDescriptor<String> OP = ParameterDescriptor.ofOperator("op", null)
            .label("Operator")
            .help("Id of the node to measure (any family).")
            .build();

    public static final OperatorType TYPE = OperatorType.define("infoChop", Family.CHOP)
            .parameters(OP)
            .doc(OperatorDoc.builder("Another node's state, size and info channels as channels.")
                    .label("Info CHOP")
                    .details("""
                            Channels `state` (0 ok, 1 warning, 2 error), `cook_count`, then `rows`/`cols` of a DAT \
                            or `chans`/`samples` of a CHOP, then every info channel the node reports (for example \
                            `messages_pending`, `dropped`). Feed it to a CHOP Execute DAT to react to errors or \
                            drops, or bind parameters to it.""")
                    .build())
            .build(InfoChop::new);

    @Override
    public void cook(CookContext ctx) {
        if (ctx.par(OP).isEmpty()) {
            ctx.error("parameter 'op' is empty: set it to the id of the node to measure");
            return;
        }
        NodeView v = ctx.op(OP);
        if (v == null) {
            ctx.error("parameter 'op': no node '" + ctx.par(OP) + "' in this graph");
            return;
        }
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        names.add("state");
        values.add((double) v.getState().ordinal());
        names.add("cook_count");
        values.add((double) v.getCookCount());
        Table t = v.getTable();
        if (t != null) {
            names.add("rows");
            values.add((double) t.numRows());
            names.add("cols");
            values.add((double) t.numCols());
        }
        Channels c = v.getChannels();
        if (c != null) {
            names.add("chans");
            values.add((double) c.numChans());
            names.add("samples");
            values.add((double) c.numSamples());
        }
        for (Map.Entry<String, Double> e : v.getInfo().entrySet()) {
            if (names.contains(e.getKey())) continue;
            names.add(e.getKey());
            values.add(e.getValue());
        }
        OutputChannels out = ctx.outputChannels();
        ChopOut.names(out, names.toArray(new String[0]));
        out.setNumSamples(1);
        for (int i = 0; i < values.size(); i++) out.set(i, 0, values.get(i));
    }
}
