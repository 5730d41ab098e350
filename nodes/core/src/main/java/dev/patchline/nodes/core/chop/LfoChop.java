package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;

/** LFO CHOP: a low-frequency oscillator driven by the patch clock. */
public final class LfoChop implements Operator {

    /** Wave shape. */
    public enum Shape {
        SINE,
        SQUARE,
        TRIANGLE,
        RAMP,
        PULSE;
    }

    public static final ParameterDescriptor<Shape> SHAPE = ParameterDescriptor.ofMenu("type", Shape.class)
            .label("Type")
            .help("Wave shape; all run from -1 to 1 before amplitude and offset (pulse: 1 for one frame per cycle).")
            .build();
    public static final ParameterDescriptor<Double> FREQUENCY = ParameterDescriptor.ofFloat("frequency")
            .label("Frequency")
            .defaultValue(1.0)
            .range(0, 1000)
            .help("Cycles per second.")
            .build();
    public static final ParameterDescriptor<Double> AMPLITUDE = ParameterDescriptor.ofFloat("amplitude")
            .label("Amplitude")
            .defaultValue(1.0)
            .help("Multiplies the wave.")
            .build();
    public static final ParameterDescriptor<Double> OFFSET = ParameterDescriptor.ofFloat("offset")
            .label("Offset")
            .help("Added after the amplitude.")
            .build();
    public static final ParameterDescriptor<Double> PHASE = ParameterDescriptor.ofFloat("phase")
            .label("Phase")
            .range(0, 1)
            .help("Shift of the wave in cycles (0.25 = a quarter cycle).")
            .build();
    public static final ParameterDescriptor<String> CHANNAME = ParameterDescriptor.ofString("channame")
            .label("Channel Name")
            .defaultValue("chan1")
            .help("Name of the output channel.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("lfo", Family.CHOP)
            .parameters(SHAPE, FREQUENCY, AMPLITUDE, OFFSET, PHASE, CHANNAME)
            .timeDependent()
            .doc(OperatorDoc.builder("A low-frequency oscillator.")
                    .label("LFO CHOP")
                    .details("""
                            One channel `offset + amplitude * wave(seconds * frequency + phase)` evaluated each frame \
                            from the patch clock. `sine` starts at 0 rising, `square` is 1 for the first half of the \
                            cycle and -1 after, `triangle` starts at -1, `ramp` rises from -1 to 1, `pulse` is 1 \
                            in the first frame of each cycle and 0 otherwise.""")
                    .build())
            .build(LfoChop::new);

    private double lastCycle = Double.NaN;

    @Override
    public void cook(CookContext ctx) {
        double t = ctx.seconds() * ctx.par(FREQUENCY) + ctx.par(PHASE);
        double cycle = Math.floor(t);
        double p = t - cycle;
        double w = switch (ctx.par(SHAPE)) {
            case SINE -> Math.sin(2 * Math.PI * p);
            case SQUARE -> p < 0.5 ? 1 : -1;
            case TRIANGLE -> p < 0.5 ? -1 + 4 * p : 3 - 4 * p;
            case RAMP -> -1 + 2 * p;
            case PULSE -> cycle != lastCycle ? 1 : 0;
        };
        lastCycle = cycle;
        if (ctx.par(CHANNAME).isBlank()) {
            ctx.error("parameter 'channame' is empty: give the channel a name");
            return;
        }
        OutputChannels out = ctx.outputChannels();
        ChopOut.names(out, ctx.par(CHANNAME));
        out.setNumSamples(1);
        out.set(0, 0, ctx.par(OFFSET) + ctx.par(AMPLITUDE) * w);
    }
}
