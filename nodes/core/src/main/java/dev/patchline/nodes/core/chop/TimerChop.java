package dev.patchline.nodes.core.chop;

import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParameterDescriptor;

/** Timer CHOP: times a segment of given length after a start pulse, optionally cycling. */
public final class TimerChop implements Operator {
    public static final ParameterDescriptor<Double> LENGTH = ParameterDescriptor.ofFloat("length")
            .label("Length")
            .defaultValue(1.0)
            .range(0.001, 1e9)
            .help("Seconds from start to done.")
            .build();
    public static final ParameterDescriptor<Boolean> START = ParameterDescriptor.ofPulse("start")
            .label("Start")
            .help("Starts (or restarts) the timer.")
            .build();
    public static final ParameterDescriptor<Boolean> STOP = ParameterDescriptor.ofPulse("stop")
            .label("Stop")
            .help("Stops the timer where it is.")
            .build();
    public static final ParameterDescriptor<Boolean> AUTOSTART = ParameterDescriptor.ofToggle("autostart")
            .label("Start at Launch")
            .help("Start on the first frame without a pulse.")
            .build();
    public static final ParameterDescriptor<Boolean> CYCLE = ParameterDescriptor.ofToggle("cycle")
            .label("Cycle")
            .help("Start over when the length is reached instead of stopping.")
            .build();
    public static final ParameterDescriptor<Integer> CYCLELIMIT = ParameterDescriptor.ofInt("cyclelimit")
            .label("Cycle Limit")
            .range(0, Integer.MAX_VALUE)
            .help("With 'cycle': stop after this many cycles; 0 cycles forever.")
            .build();

    public static final OperatorType TYPE = OperatorType.define("timer", Family.CHOP)
            .parameters(LENGTH, START, STOP, AUTOSTART, CYCLE, CYCLELIMIT)
            .timeDependent()
            .doc(OperatorDoc.builder("Times a segment after a start pulse.")
                    .label("Timer CHOP")
                    .details("""
                            Channels: `running` (1 while timing), `timer_fraction` (0 to 1 through the segment), \
                            `timer_seconds`, `done` (1 once finished), `cycles` (completed cycles). Pulse `start` \
                            to begin. With `cycle` the segment repeats, up to `cyclelimit` times. Time comes from \
                            the patch clock, so it is exact on the manual clock.""")
                    .callback("onStart", "The timer started.", "timerOp")
                    .callback("onCycle", "A cycle ended and the next begins.", "timerOp", "cycles")
                    .callback("onDone", "The timer finished.", "timerOp")
                    .build())
            .build(TimerChop::new);

    private boolean running;
    private boolean done;
    private double startedAt;
    private int cycles;

    @Override
    public void cook(CookContext ctx) {
        double now = ctx.seconds();
        double length = ctx.par(LENGTH);
        var cb = ctx.callbacks();
        if (ctx.pulsed(START) || ctx.firstCook() && ctx.par(AUTOSTART)) {
            running = true;
            done = false;
            cycles = 0;
            startedAt = now;
            cb.invoke("onStart", ctx.me());
        }
        if (ctx.pulsed(STOP)) running = false;
        double elapsed = running ? now - startedAt : 0;
        while (running && elapsed >= length) {
            cycles++;
            boolean more = ctx.par(CYCLE) && (ctx.par(CYCLELIMIT) == 0 || cycles < ctx.par(CYCLELIMIT));
            if (more) {
                startedAt += length;
                elapsed -= length;
                cb.invoke("onCycle", ctx.me(), cycles);
            } else {
                running = false;
                done = true;
                elapsed = length;
                cb.invoke("onDone", ctx.me());
            }
        }
        OutputChannels out = ctx.outputChannels();
        ChopOut.names(out, "running", "timer_fraction", "timer_seconds", "done", "cycles");
        out.setNumSamples(1);
        out.set(0, 0, running ? 1 : 0);
        out.set(1, 0, done ? 1 : running ? elapsed / length : 0);
        out.set(2, 0, done ? length : elapsed);
        out.set(3, 0, done ? 1 : 0);
        out.set(4, 0, cycles);
    }
}
