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

/** Math CHOP: combine channels or inputs, then an operation, gain, offset and a range map. */
public final class MathChop implements Operator {

    /** Operation applied to each value before gain. */
    public enum PreOp {
        OFF,
        NEGATE,
        ABS,
        SQUARE,
        SQRT,
        INVERSE;
    }

    /** What is combined. */
    public enum Combine {
        @MenuLabel("Nothing: every channel of every input passes on its own")
        OFF,
        @MenuLabel("Channels with the same index across inputs")
        CHOPS,
        @MenuLabel("All channels into one channel 'chan1'")
        CHANNELS;
    }

    /** How combined values are merged. */
    public enum CombineOp {
        ADD,
        SUBTRACT,
        MULTIPLY,
        AVERAGE,
        MINIMUM,
        MAXIMUM;
    }

    public static final ParameterDescriptor<Combine> COMBINE = ParameterDescriptor.ofMenu("combine", Combine.class)
            .label("Combine")
            .help("Combine same-index channels of all inputs, or all channels into one, first.")
            .build();
    public static final ParameterDescriptor<CombineOp> COMBINEOP = ParameterDescriptor.ofMenu(
                    "combineop", CombineOp.class)
            .label("Combine Operation")
            .help("How combined values merge.")
            .build();
    public static final ParameterDescriptor<PreOp> PREOP = ParameterDescriptor.ofMenu("preop", PreOp.class)
            .label("Channel Pre OP")
            .help("Applied to each value before gain (sqrt of a negative and 1/0 give 0).")
            .build();
    public static final ParameterDescriptor<Double> GAIN = ParameterDescriptor.ofFloat("gain")
            .label("Multiply")
            .defaultValue(1.0)
            .help("Multiplies every value.")
            .build();
    public static final ParameterDescriptor<Double> POSTADD = ParameterDescriptor.ofFloat("postadd")
            .label("Post-Add")
            .help("Added after multiplying.")
            .build();
    public static final ParameterDescriptor<Boolean> RANGEMAP = ParameterDescriptor.ofToggle("rangemap")
            .label("Range Map")
            .help("Map values linearly from [fromrange1, fromrange2] to [torange1, torange2] (last step).")
            .build();
    public static final ParameterDescriptor<Double> FROMRANGE1 = ParameterDescriptor.ofFloat("fromrange1")
            .label("From Range Low")
            .help("Input value that maps to torange1.")
            .build();
    public static final ParameterDescriptor<Double> FROMRANGE2 = ParameterDescriptor.ofFloat("fromrange2")
            .label("From Range High")
            .defaultValue(1.0)
            .help("Input value that maps to torange2.")
            .build();
    public static final ParameterDescriptor<Double> TORANGE1 = ParameterDescriptor.ofFloat("torange1")
            .label("To Range Low")
            .help("Output for fromrange1.")
            .build();
    public static final ParameterDescriptor<Double> TORANGE2 = ParameterDescriptor.ofFloat("torange2")
            .label("To Range High")
            .defaultValue(1.0)
            .help("Output for fromrange2.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("math", Family.CHOP)
            .parameters(COMBINE, COMBINEOP, PREOP, GAIN, POSTADD, RANGEMAP, FROMRANGE1, FROMRANGE2, TORANGE1, TORANGE2)
            .input(PortSpec.chop("inputs", "channels to compute on").asRepeating())
            .doc(OperatorDoc.builder("Arithmetic on channels: combine, pre-op, multiply, add, range map.")
                    .label("Math CHOP")
                    .details("""
                            Steps, in order: `combine` (same-index channels across inputs, or every channel into \
                            `chan1`, using `combineop`), `preop`, `* gain`, `+ postadd`, then the optional range \
                            map. Works sample by sample; with several inputs the shortest sample count wins.""")
                    .build())
            .build(MathChop::new);

    @Override
    public void cook(CookContext ctx) {
        if (ctx.par(RANGEMAP) && ctx.par(FROMRANGE1).equals(ctx.par(FROMRANGE2))) {
            ctx.error("parameters 'fromrange1' and 'fromrange2' are both " + ctx.par(FROMRANGE1)
                    + ": the range map needs two different values");
            return;
        }
        OutputChannels out = ctx.outputChannels();
        int n = ctx.numInputs();
        Channels first = ctx.inputChannels(0);
        int samples = first.numSamples();
        for (int i = 1; i < n; i++)
            samples = Math.min(samples, ctx.inputChannels(i).numSamples());
        switch (ctx.par(COMBINE)) {
            case OFF -> {
                int total = 0;
                for (int i = 0; i < n; i++) total += ctx.inputChannels(i).numChans();
                String[] names = new String[total];
                int k = 0;
                for (int i = 0; i < n; i++)
                    for (int c = 0; c < ctx.inputChannels(i).numChans(); c++)
                        names[k++] = ctx.inputChannels(i).name(c);
                ChopOut.names(out, names);
                out.setNumSamples(samples);
                k = 0;
                for (int i = 0; i < n; i++) {
                    Channels in = ctx.inputChannels(i);
                    for (int c = 0; c < in.numChans(); c++, k++) {
                        for (int s = 0; s < samples; s++) out.set(k, s, post(ctx, in.value(c, s)));
                    }
                }
            }
            case CHOPS -> {
                int chans = first.numChans();
                for (int i = 1; i < n; i++)
                    chans = Math.min(chans, ctx.inputChannels(i).numChans());
                String[] names = new String[chans];
                for (int c = 0; c < chans; c++) names[c] = first.name(c);
                ChopOut.names(out, names);
                out.setNumSamples(samples);
                for (int c = 0; c < chans; c++) {
                    for (int s = 0; s < samples; s++) {
                        double acc = first.value(c, s);
                        for (int i = 1; i < n; i++)
                            acc = combine(
                                    ctx.par(COMBINEOP),
                                    acc,
                                    ctx.inputChannels(i).value(c, s));
                        if (ctx.par(COMBINEOP) == CombineOp.AVERAGE) acc = averageOf(ctx, c, s);
                        out.set(c, s, post(ctx, acc));
                    }
                }
            }
            case CHANNELS -> {
                ChopOut.names(out, "chan1");
                out.setNumSamples(samples);
                for (int s = 0; s < samples; s++) {
                    double acc = Double.NaN;
                    int count = 0;
                    for (int i = 0; i < n; i++) {
                        Channels in = ctx.inputChannels(i);
                        for (int c = 0; c < in.numChans(); c++) {
                            double v = in.value(c, s);
                            acc = count == 0 ? v : combine(ctx.par(COMBINEOP), acc, v);
                            count++;
                        }
                    }
                    if (ctx.par(COMBINEOP) == CombineOp.AVERAGE && count > 0) {
                        double sum = 0;
                        for (int i = 0; i < n; i++)
                            for (int c = 0; c < ctx.inputChannels(i).numChans(); c++)
                                sum += ctx.inputChannels(i).value(c, s);
                        acc = sum / count;
                    }
                    out.set(0, s, count == 0 ? 0 : post(ctx, acc));
                }
            }
        }
        out.setRate(first.rate());
    }

    private static double averageOf(CookContext ctx, int c, int s) {
        double sum = 0;
        for (int i = 0; i < ctx.numInputs(); i++) sum += ctx.inputChannels(i).value(c, s);
        return sum / ctx.numInputs();
    }

    private static double combine(CombineOp op, double a, double b) {
        return switch (op) {
            case ADD, AVERAGE -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case MINIMUM -> Math.min(a, b);
            case MAXIMUM -> Math.max(a, b);
        };
    }

    private static double post(CookContext ctx, double v) {
        v = switch (ctx.par(PREOP)) {
            case OFF -> v;
            case NEGATE -> -v;
            case ABS -> Math.abs(v);
            case SQUARE -> v * v;
            case SQRT -> v < 0 ? 0 : Math.sqrt(v);
            case INVERSE -> v == 0 ? 0 : 1 / v;
        };
        v = v * ctx.par(GAIN) + ctx.par(POSTADD);
        if (ctx.par(RANGEMAP)) {
            double f1 = ctx.par(FROMRANGE1);
            double f2 = ctx.par(FROMRANGE2);
            v = ctx.par(TORANGE1) + (v - f1) / (f2 - f1) * (ctx.par(TORANGE2) - ctx.par(TORANGE1));
        }
        return v;
    }
}
