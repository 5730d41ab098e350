package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;

/**
 * Lag CHOP: exponential smoothing towards the input with separate time constants for rising and
 * falling values. Frame-rate independent: the blend factor comes from the real time between cooks.
 */
public final class LagChop implements Operator {
    public static final ParameterDescriptor<Double> LAGUP = ParameterDescriptor.ofFloat("lagup")
            .label("Lag Up")
            .defaultValue(0.2)
            .range(0, 3600)
            .help("Time constant in seconds while the input is above the output; 0 follows at once.")
            .build();
    public static final ParameterDescriptor<Double> LAGDOWN = ParameterDescriptor.ofFloat("lagdown")
            .label("Lag Down")
            .defaultValue(0.2)
            .range(0, 3600)
            .help("Time constant in seconds while the input is below the output.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("lag", Family.CHOP)
            .parameters(LAGUP, LAGDOWN)
            .input(PortSpec.chop("input", "the channels to smooth"))
            .timeDependent()
            .doc(OperatorDoc.builder("Smooths channels with exponential lag.")
                    .label("Lag CHOP")
                    .details("""
                            Each frame the output moves towards the input by `1 - exp(-dt / lag)`, with `lagup` \
                            for rising and `lagdown` for falling values, where `dt` is the time since the previous \
                            frame, so the result does not depend on the frame rate. After one time constant the \
                            output has covered 63% of a step. Uses the first sample of each channel.""")
                    .build())
            .build(LagChop::new);

    private double[] state = new double[0];
    private double lastSeconds = Double.NaN;

    @Override
    public void cook(CookContext ctx) {
        Channels in = ctx.inputChannels(0);
        OutputChannels out = ctx.outputChannels();
        boolean reshaped = out.numChans() != in.numChans();
        for (int k = 0; !reshaped && k < in.numChans(); k++)
            reshaped = !out.name(k).equals(in.name(k));
        ChopOut.names(out, names(in));
        out.setNumSamples(1);
        double dt = Double.isNaN(lastSeconds) ? 0 : ctx.seconds() - lastSeconds;
        lastSeconds = ctx.seconds();
        if (reshaped || state.length != in.numChans()) {
            state = new double[in.numChans()];
            for (int k = 0; k < state.length; k++) state[k] = in.numSamples() > 0 ? in.value(k, 0) : 0;
        }
        for (int k = 0; k < state.length; k++) {
            double target = in.numSamples() > 0 ? in.value(k, 0) : 0;
            double lag = target > state[k] ? ctx.par(LAGUP) : ctx.par(LAGDOWN);
            state[k] = lag <= 0 ? target : state[k] + (target - state[k]) * (1 - Math.exp(-dt / lag));
            out.set(k, 0, state[k]);
        }
    }

    static String[] names(Channels in) {
        String[] n = new String[in.numChans()];
        for (int k = 0; k < n.length; k++) n[k] = in.name(k);
        return n;
    }
}
