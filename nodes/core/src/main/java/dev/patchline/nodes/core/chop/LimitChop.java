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

/** Limit CHOP: keeps values inside [min, max] by clamping, wrapping or folding. */
public final class LimitChop implements Operator {

    /** What happens to values outside the range. */
    public enum Kind {
        @MenuLabel("Off")
        OFF,
        @MenuLabel("Clamp to min and max")
        CLAMP,
        @MenuLabel("Loop (wrap around)")
        LOOP,
        @MenuLabel("Zigzag (fold back)")
        ZIGZAG;
    }

    public static final ParameterDescriptor<Kind> KIND = ParameterDescriptor.ofMenu("type", Kind.class)
            .label("Type")
            .defaultValue(Kind.CLAMP)
            .help("Clamp, wrap or fold values outside [min, max].")
            .build();
    public static final ParameterDescriptor<Double> MIN = ParameterDescriptor.ofFloat("min")
            .label("Minimum")
            .help("Lower limit.")
            .build();
    public static final ParameterDescriptor<Double> MAX = ParameterDescriptor.ofFloat("max")
            .label("Maximum")
            .defaultValue(1.0)
            .help("Upper limit; must not be below 'min'.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("limit", Family.CHOP)
            .parameters(KIND, MIN, MAX)
            .input(PortSpec.chop("input", "the channels to limit"))
            .doc(OperatorDoc.builder("Keeps channel values inside a range.")
                    .label("Limit CHOP")
                    .details("""
                            `clamp` cuts values at `min` and `max`; `loop` wraps them around (1.25 in [0, 1] \
                            becomes 0.25); `zigzag` folds them back (1.25 becomes 0.75). Every sample of every \
                            channel is limited.""")
                    .build())
            .build(LimitChop::new);

    @Override
    public void cook(CookContext ctx) {
        double lo = ctx.par(MIN);
        double hi = ctx.par(MAX);
        if (hi < lo) {
            ctx.error("parameter 'max' (" + hi + ") is below 'min' (" + lo + "); swap them");
            return;
        }
        Channels in = ctx.inputChannels(0);
        OutputChannels out = ctx.outputChannels();
        ChopOut.shapeLike(in, out);
        Kind kind = ctx.par(KIND);
        for (int k = 0; k < in.numChans(); k++) {
            for (int s = 0; s < in.numSamples(); s++) out.set(k, s, limit(kind, in.value(k, s), lo, hi));
        }
    }

    static double limit(Kind kind, double v, double lo, double hi) {
        double span = hi - lo;
        return switch (kind) {
            case OFF -> v;
            case CLAMP -> Math.max(lo, Math.min(hi, v));
            case LOOP -> span == 0 ? lo : lo + floorMod(v - lo, span);
            case ZIGZAG -> {
                if (span == 0) yield lo;
                double m = floorMod(v - lo, 2 * span);
                yield lo + (m <= span ? m : 2 * span - m);
            }
        };
    }

    private static double floorMod(double a, double m) {
        double r = a % m;
        return r < 0 ? r + m : r;
    }
}
