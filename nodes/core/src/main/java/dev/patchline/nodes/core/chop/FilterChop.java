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

/**
 * Filter CHOP: low-pass filtering of noisy channels, either a plain first-order low-pass or the
 * 1€ filter (Casiez, Roussel, Vogel, CHI 2012), whose cutoff rises with speed so that slow motion is
 * smooth and fast motion has little lag.
 */
public final class FilterChop implements Operator {

    /** Filter kind. */
    public enum Kind {
        @MenuLabel("1€ filter (adaptive cutoff)")
        ONEEURO,
        @MenuLabel("First-order low-pass at 'mincutoff'")
        LOWPASS;
    }

    public static final ParameterDescriptor<Kind> KIND = ParameterDescriptor.ofMenu("type", Kind.class)
            .label("Type")
            .help("The 1€ filter or a fixed low-pass.")
            .build();
    public static final ParameterDescriptor<Double> MINCUTOFF = ParameterDescriptor.ofFloat("mincutoff")
            .label("Min Cutoff")
            .defaultValue(1.0)
            .range(0.0001, 10_000)
            .help("Cutoff frequency in Hz at rest; lower is smoother but lags more.")
            .build();
    public static final ParameterDescriptor<Double> BETA = ParameterDescriptor.ofFloat("beta")
            .label("Speed Coefficient")
            .defaultValue(0.0)
            .range(0, 1000)
            .help("1€ only: how much the cutoff rises with speed; raise it to cut lag on fast moves.")
            .build();
    public static final ParameterDescriptor<Double> DCUTOFF = ParameterDescriptor.ofFloat("dcutoff")
            .label("Derivative Cutoff")
            .defaultValue(1.0)
            .range(0.0001, 10_000)
            .help("1€ only: cutoff in Hz used to smooth the speed estimate.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("filter", Family.CHOP)
            .parameters(KIND, MINCUTOFF, BETA, DCUTOFF)
            .input(PortSpec.chop("input", "the noisy channels"))
            .timeDependent()
            .doc(OperatorDoc.builder("Smooths noisy channels with the 1€ filter or a low-pass.")
                    .label("Filter CHOP")
                    .details("""
                            Runs once per frame on the first sample of each channel, with the real time since the \
                            previous frame as the sampling period. `oneeuro`: the cutoff is \
                            `mincutoff + beta * |speed|`, the speed itself low-passed at `dcutoff`. Tune by setting \
                            `beta` to 0 and lowering `mincutoff` until jitter is gone, then raising `beta` until \
                            fast moves stop lagging. `lowpass`: a fixed first-order low-pass at `mincutoff`.""")
                    .build())
            .build(FilterChop::new);

    private double[] x = new double[0];
    private double[] dx = new double[0];
    private double lastSeconds = Double.NaN;

    @Override
    public void cook(CookContext ctx) {
        Channels in = ctx.inputChannels(0);
        OutputChannels out = ctx.outputChannels();
        String[] names = LagChop.names(in);
        boolean reshaped = x.length != names.length;
        for (int k = 0; !reshaped && k < names.length; k++)
            reshaped = !out.name(k).equals(names[k]);
        ChopOut.names(out, names);
        out.setNumSamples(1);
        double dt = Double.isNaN(lastSeconds) ? 0 : ctx.seconds() - lastSeconds;
        lastSeconds = ctx.seconds();
        if (reshaped) {
            x = new double[names.length];
            dx = new double[names.length];
            for (int k = 0; k < x.length; k++) x[k] = in.numSamples() > 0 ? in.value(k, 0) : 0;
        }
        for (int k = 0; k < x.length; k++) {
            double v = in.numSamples() > 0 ? in.value(k, 0) : 0;
            if (dt > 0) {
                double cutoff = ctx.par(MINCUTOFF);
                if (ctx.par(KIND) == Kind.ONEEURO) {
                    double speed = (v - x[k]) / dt;
                    dx[k] += alpha(ctx.par(DCUTOFF), dt) * (speed - dx[k]);
                    cutoff += ctx.par(BETA) * Math.abs(dx[k]);
                }
                x[k] += alpha(cutoff, dt) * (v - x[k]);
            }
            out.set(k, 0, x[k]);
        }
    }

    /** Smoothing factor of a first-order low-pass with cutoff {@code hz} sampled every {@code dt} seconds. */
    static double alpha(double hz, double dt) {
        double tau = 1 / (2 * Math.PI * hz);
        return 1 / (1 + tau / dt);
    }
}
