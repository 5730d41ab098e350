package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ListCodec;
import dev.patchline.runtime.param.ListItem;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Constant CHOP: named channels with constant values. */
public final class ConstantChop implements Operator {
    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_:./-]*");

    public static final ParameterDescriptor<String> NAME = ParameterDescriptor.ofString("name")
            .label("Name")
            .defaultValue("chan1")
            .help("Channel name (letters, digits, _ : . / -).")
            .build();
    public static final ParameterDescriptor<Double> VALUE = ParameterDescriptor.ofFloat("value")
            .label("Value")
            .help("Channel value.")
            .build();
    public static final ParameterDescriptor<List<ListItem>> CHANNELS = ParameterDescriptor.ofList(
                    "channels", ListCodec.items(NAME, VALUE))
            .label("Channels")
            .help("The channels, e.g. [{\"name\": \"gain\", \"value\": 0.5}].")
            .build();

    public static final OperatorType TYPE = OperatorType.define("constant", Family.CHOP)
            .parameters(CHANNELS)
            .doc(OperatorDoc.builder("Named channels with constant values.")
                    .label("Constant CHOP")
                    .details("""
                            One single-sample channel per entry of `channels`. Use expressions or binds on the \
                            list to drive values from elsewhere; unchanged values do not make downstream nodes cook.""")
                    .port("output", "one channel per entry, one sample each")
                    .build())
            .build(ConstantChop::new);

    /** {@return a channel entry for the {@code channels} list, for Java-built graphs and tests} */
    public static ListItem channel(String name, double value) {
        return ListItem.builder().set(NAME, name).set(VALUE, value).build();
    }

    @Override
    public void cook(CookContext ctx) {
        List<ListItem> list = ctx.par(CHANNELS);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String n = list.get(i).get(NAME);
            if (!CHANNEL_NAME.matcher(n).matches()) {
                ctx.error("parameter 'channels' item " + i + ": channel name '" + n
                        + "' must start with a letter or _ and contain only letters, digits, _ : . / -");
                return;
            }
            if (!seen.add(n)) {
                ctx.error("parameter 'channels' item " + i + ": channel '" + n + "' is listed twice");
                return;
            }
        }
        OutputChannels out = ctx.outputChannels();
        boolean sameNames = out.numChans() == list.size();
        for (int i = 0; sameNames && i < list.size(); i++)
            sameNames = out.name(i).equals(list.get(i).get(NAME));
        if (!sameNames) out.clear();
        out.setNumSamples(1);
        for (int i = 0; i < list.size(); i++)
            out.set(list.get(i).get(NAME), list.get(i).get(VALUE));
    }
}
