package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;

/** Helpers for writing CHOP outputs without needless new versions. Cook thread only. */
final class ChopOut {
    private ChopOut() {}

    /** Makes {@code out} have exactly the channels of {@code in} (names, sample count and rate), keeping values when the names match. */
    static void shapeLike(Channels in, OutputChannels out) {
        boolean same = out.numChans() == in.numChans();
        for (int k = 0; same && k < in.numChans(); k++) same = out.name(k).equals(in.name(k));
        if (!same) {
            out.clear();
            for (int k = 0; k < in.numChans(); k++) out.channel(in.name(k));
        }
        out.setNumSamples(in.numSamples());
        out.setRate(in.rate());
    }

    /** Makes {@code out} have exactly the channels {@code names}, keeping values when they match. */
    static void names(OutputChannels out, String... names) {
        boolean same = out.numChans() == names.length;
        for (int k = 0; same && k < names.length; k++) same = out.name(k).equals(names[k]);
        if (!same) {
            out.clear();
            for (String n : names) out.channel(n);
        }
    }
}
