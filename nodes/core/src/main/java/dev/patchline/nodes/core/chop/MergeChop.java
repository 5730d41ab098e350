package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.MenuLabel;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merge CHOP: the channels of several CHOPs in one. */
public final class MergeChop implements Operator {

    /** What happens when two inputs have a channel of the same name. */
    public enum Duplicates {
        @MenuLabel("Keep the first input's channel")
        FIRST,
        @MenuLabel("Keep the last input's channel")
        LAST,
        @MenuLabel("Keep both; later ones get a suffix _2, _3 ...")
        RENAME;
    }

    public static final ParameterDescriptor<Duplicates> DUPLICATE = ParameterDescriptor.ofMenu(
                    "duplicate", Duplicates.class)
            .label("Duplicate Names")
            .help("Which channel wins when names clash.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("mergeChop", Family.CHOP)
            .parameters(DUPLICATE)
            .input(PortSpec.chop("inputs", "the CHOPs to merge").asRepeating())
            .doc(OperatorDoc.builder("The channels of several CHOPs in one.")
                    .label("Merge CHOP")
                    .details("""
                            Lists every input's channels in input order. The sample count is the largest of the \
                            inputs; shorter channels repeat their last sample. The rate is input 1's.""")
                    .build())
            .build(MergeChop::new);

    @Override
    public void cook(CookContext ctx) {
        Map<String, int[]> picks = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        int samples = 0;
        for (int i = 0; i < ctx.numInputs(); i++) {
            Channels in = ctx.inputChannels(i);
            samples = Math.max(samples, in.numSamples());
            for (int k = 0; k < in.numChans(); k++) {
                String name = in.name(k);
                if (picks.containsKey(name)) {
                    clashes.add(name);
                    switch (ctx.par(DUPLICATE)) {
                        case FIRST -> {
                            continue;
                        }
                        case LAST -> picks.put(name, new int[] {i, k});
                        case RENAME -> {
                            int n = 2;
                            while (picks.containsKey(name + "_" + n)) n++;
                            picks.put(name + "_" + n, new int[] {i, k});
                        }
                    }
                } else {
                    picks.put(name, new int[] {i, k});
                }
            }
        }
        OutputChannels out = ctx.outputChannels();
        ChopOut.names(out, picks.keySet().toArray(new String[0]));
        out.setNumSamples(samples);
        if (ctx.numInputs() > 0) out.setRate(ctx.inputChannels(0).rate());
        int c = 0;
        for (int[] src : picks.values()) {
            Channels in = ctx.inputChannels(src[0]);
            for (int s = 0; s < samples; s++) {
                int from = Math.min(s, in.numSamples() - 1);
                out.set(c, s, from < 0 ? 0 : in.value(src[1], from));
            }
            c++;
        }
        ctx.info("duplicates", clashes.size());
    }
}
