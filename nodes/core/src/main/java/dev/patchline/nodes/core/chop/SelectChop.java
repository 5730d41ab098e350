package dev.patchline.nodes.core.chop;

import dev.patchline.nodes.core.Patterns;
import dev.patchline.nodes.core.ReferencedNodes;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.List;

/** Select CHOP: some channels of a CHOP, by name pattern, optionally renamed. */
public final class SelectChop implements Operator {
    public static final ParameterDescriptor<String> CHOP = ParameterDescriptor.ofOperator("chop", Family.CHOP)
            .label("CHOP")
            .help("CHOP to select from instead of the wired input.")
            .build();
    public static final ParameterDescriptor<String> CHANNAMES = ParameterDescriptor.ofString("channames")
            .label("Channel Names")
            .defaultValue("*")
            .help("Pattern of channel names (* ? [a-z], ^ excludes).")
            .build();
    public static final ParameterDescriptor<String> RENAMETO = ParameterDescriptor.ofString("renameto")
            .label("Rename To")
            .help("Space-separated new names for the selected channels, in order; empty keeps the names.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("selectChop", Family.CHOP)
            .parameters(CHOP, CHANNAMES, RENAMETO)
            .input(PortSpec.chop("input", "the channels to select from").optional())
            .doc(OperatorDoc.builder("Some channels of a CHOP, by name pattern.")
                    .label("Select CHOP")
                    .details("""
                            Keeps the channels of the input (or of `chop`) whose names match `channames`, in \
                            input order, with all their samples. `renameto` gives them new names; a name list \
                            shorter than the selection keeps the remaining names.""")
                    .port("input", "the channels to select from; optional when `chop` is set")
                    .build())
            .build(SelectChop::new);

    @Override
    public void cook(CookContext ctx) {
        Channels in;
        if (!ctx.par(CHOP).isEmpty()) {
            in = ReferencedNodes.chop(ctx, CHOP);
            if (in == null) return;
        } else if (ctx.numInputs() > 0) {
            in = ctx.inputChannels(0);
        } else {
            ctx.error("selectChop: wire an input or set parameter 'chop'");
            return;
        }
        Patterns p = Patterns.compile(ctx.par(CHANNAMES));
        String[] rename = ctx.par(RENAMETO).isBlank()
                ? new String[0]
                : ctx.par(RENAMETO).trim().split("\\s+");
        List<Integer> chosen = new ArrayList<>();
        for (int k = 0; k < in.numChans(); k++) if (p.matches(in.name(k))) chosen.add(k);
        if (rename.length > chosen.size()) {
            ctx.warning("parameter 'renameto' has " + rename.length + " names but only " + chosen.size()
                    + " channels are selected");
        }
        String[] names = new String[chosen.size()];
        for (int i = 0; i < names.length; i++) names[i] = i < rename.length ? rename[i] : in.name(chosen.get(i));
        OutputChannels out = ctx.outputChannels();
        ChopOut.names(out, names);
        out.setNumSamples(in.numSamples());
        out.setRate(in.rate());
        for (int i = 0; i < names.length; i++) {
            for (int s = 0; s < in.numSamples(); s++) out.set(i, s, in.value(chosen.get(i), s));
        }
    }
}
