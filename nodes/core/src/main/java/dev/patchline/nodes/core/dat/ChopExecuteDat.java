package dev.patchline.nodes.core.dat;

import dev.patchline.nodes.core.Patterns;
import dev.patchline.nodes.core.ReferencedNodes;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.Arrays;

/** CHOP Execute DAT: callbacks when channels of a CHOP change, turn on or turn off. */
public final class ChopExecuteDat implements Operator {
    public static final ParameterDescriptor<String> CHOP = ParameterDescriptor.ofOperator("chop", Family.CHOP)
            .label("CHOP")
            .help("Id of the CHOP to watch.")
            .build();
    public static final ParameterDescriptor<String> CHANNAMES = ParameterDescriptor.ofString("channames")
            .label("Channels")
            .defaultValue("*")
            .help("Pattern of channel names to watch (* ? [a-z], ^ excludes).")
            .build();
    public static final ParameterDescriptor<Boolean> ACTIVE = ParameterDescriptor.ofToggle("active")
            .label("Active")
            .defaultValue(true)
            .help("Run the callbacks.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("chopExecute", Family.DAT)
            .formerIds("chopexec")
            .parameters(CHOP, CHANNAMES, ACTIVE)
            .cookAlways()
            .doc(OperatorDoc.builder("Runs callbacks when channels change, turn on or turn off.")
                    .label("CHOP Execute DAT")
                    .details("""
                            Watches the first sample of the matching channels of `chop`. A channel is on when \
                            its value is not 0. `channel` has `name`, `index` and `owner` (the CHOP id); `prev` is \
                            the value at the previous change. Nothing fires for the values present when the node \
                            starts. `whileOn` / `whileOff` run every frame while defined (they keep the node \
                            cooking each frame). The output table stays empty.""")
                    .callback(
                            "onOffToOn", "A channel went from 0 to non-zero.", "channel", "sampleIndex", "val", "prev")
                    .callback(
                            "whileOn",
                            "Every frame while a channel is non-zero.",
                            "channel",
                            "sampleIndex",
                            "val",
                            "prev")
                    .callback(
                            "onOnToOff", "A channel went from non-zero to 0.", "channel", "sampleIndex", "val", "prev")
                    .callback("whileOff", "Every frame while a channel is 0.", "channel", "sampleIndex", "val", "prev")
                    .callback("onValueChange", "A channel's value changed.", "channel", "sampleIndex", "val", "prev")
                    .build())
            .build(ChopExecuteDat::new);

    /**
     * The {@code channel} argument of the callbacks.
     *
     * @param name  channel name
     * @param index channel index in the CHOP
     * @param owner id of the CHOP
     */
    public record Channel(String name, int index, String owner) {
        /** {@return the name, for Groovy property access {@code channel.name}} */
        public String getName() {
            return name;
        }

        /** {@return the index} */
        public int getIndex() {
            return index;
        }

        /** {@return the CHOP id} */
        public String getOwner() {
            return owner;
        }
    }

    private String[] names = new String[0];
    private double[] prev = new double[0];

    @Override
    public void cook(CookContext ctx) {
        if (ctx.par(CHOP).isEmpty()) {
            ctx.error("parameter 'chop' is empty: set it to the id of the CHOP to watch");
            return;
        }
        NodeView v = ReferencedNodes.chopNode(ctx, CHOP);
        if (v == null) return;
        Channels c = v.getChannels();
        Callbacks cb = ctx.callbacks();
        if (cb == Callbacks.NONE)
            ctx.warning("no callbacks attached: add onOffToOn(channel, sampleIndex, val, prev) and friends");
        Patterns p = Patterns.compile(ctx.par(CHANNAMES));
        boolean whiles = cb.has("whileOn") || cb.has("whileOff");
        String[] now = new String[c.numChans()];
        for (int k = 0; k < now.length; k++) now[k] = c.name(k);
        if (!Arrays.equals(now, names)) {
            // New or renamed channels: take their values as the starting point, fire nothing.
            double[] fresh = new double[now.length];
            for (int k = 0; k < now.length; k++) {
                int old = indexOf(names, now[k]);
                fresh[k] = old >= 0 ? prev[old] : value(c, k);
            }
            names = now;
            prev = fresh;
        }
        for (int k = 0; k < names.length; k++) {
            if (!p.matches(names[k])) continue;
            double val = value(c, k);
            double before = prev[k];
            if (ctx.par(ACTIVE)) {
                Channel ch = null;
                if (Double.compare(val, before) != 0) {
                    ch = new Channel(names[k], k, v.getId());
                    cb.invoke("onValueChange", ch, 0, val, before);
                    if (before == 0 && val != 0) cb.invoke("onOffToOn", ch, 0, val, before);
                    if (before != 0 && val == 0) cb.invoke("onOnToOff", ch, 0, val, before);
                }
                if (whiles) {
                    if (ch == null) ch = new Channel(names[k], k, v.getId());
                    cb.invoke(val != 0 ? "whileOn" : "whileOff", ch, 0, val, before);
                }
            }
            prev[k] = val;
        }
        if (whiles && ctx.par(ACTIVE)) ctx.requestCookNextFrame();
    }

    private static double value(Channels c, int k) {
        return c.numSamples() == 0 ? 0 : c.value(k, 0);
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) if (a[i].equals(s)) return i;
        return -1;
    }
}
