package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.Numbers;
import dev.patchline.nodes.core.ReferencedNodes;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;

/** CHOP to DAT: channels as a table. */
public final class ChopToDat implements Operator {

    /** Table layout. */
    public enum Layout {
        @MenuLabel("A row per channel: name, then one column per sample")
        CHANPERROW,
        @MenuLabel("A column per channel (header = names), a row per sample")
        CHANPERCOL;
    }

    public static final ParameterDescriptor<String> CHOP = ParameterDescriptor.ofOperator("chop", Family.CHOP)
            .label("CHOP")
            .help("Channels to show (a CHOP id); with this set, no CHOP wire is needed.")
            .build();
    public static final ParameterDescriptor<Layout> OUTPUT = ParameterDescriptor.ofMenu("output", Layout.class)
            .label("Output")
            .help("Channels as rows or as columns.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("chopTo", Family.DAT)
            .formerIds("chopto")
            .parameters(CHOP, OUTPUT)
            .doc(OperatorDoc.builder("Channels as a table.")
                    .label("CHOP to DAT")
                    .details("""
                            Shows the channels of the CHOP named by `chop`. `chanperrow`: header `name`, `value` \
                            (or `s0`, `s1`, ... for several samples), one row per channel. `chanpercol`: header \
                            = channel names, one row per sample. While the shape stays the same only changed \
                            values are written, so downstream DATs see a cell delta.""")
                    .build())
            .build(ChopToDat::new);

    @Override
    public void cook(CookContext ctx) {
        if (ctx.par(CHOP).isEmpty()) {
            ctx.error("parameter 'chop' is empty: set it to the id of a CHOP");
            return;
        }
        Channels c = ReferencedNodes.chop(ctx, CHOP);
        if (c == null) return;
        OutputTable out = ctx.output();
        int n = c.numSamples();
        if (ctx.par(OUTPUT) == Layout.CHANPERROW) {
            String[] h = new String[n + 1];
            h[0] = "name";
            for (int s = 0; s < n; s++) h[s + 1] = n == 1 ? "value" : "s" + s;
            out.setHeader(h);
            boolean same = out.numRows() == c.numChans();
            for (int k = 0; same && k < c.numChans(); k++) same = out.cell(k, 0).equals(c.name(k));
            if (!same) {
                out.clear();
                for (int k = 0; k < c.numChans(); k++) {
                    String[] row = new String[n + 1];
                    row[0] = c.name(k);
                    for (int s = 0; s < n; s++) row[s + 1] = Numbers.format(c.value(k, s));
                    out.appendRow(row);
                }
            } else {
                for (int k = 0; k < c.numChans(); k++) {
                    for (int s = 0; s < n; s++) out.setCell(k, s + 1, Numbers.format(c.value(k, s)));
                }
            }
        } else {
            String[] h = new String[c.numChans()];
            for (int k = 0; k < h.length; k++) h[k] = c.name(k);
            out.setHeader(h);
            if (out.numRows() != n) {
                out.clear();
                for (int s = 0; s < n; s++) {
                    String[] row = new String[h.length];
                    for (int k = 0; k < h.length; k++) row[k] = Numbers.format(c.value(k, s));
                    out.appendRow(row);
                }
            } else {
                for (int s = 0; s < n; s++) {
                    for (int k = 0; k < h.length; k++) out.setCell(s, k, Numbers.format(c.value(k, s)));
                }
            }
        }
    }
}
