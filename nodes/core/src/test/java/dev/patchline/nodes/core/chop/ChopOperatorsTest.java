package dev.patchline.nodes.core.chop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.patchline.nodes.core.TestPatches;
import dev.patchline.nodes.core.dat.ChopExecuteDat;
import dev.patchline.nodes.core.dat.TableDat;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChopOperatorsTest {
    private static void feed(OperatorTestRunner r, int input, String name, double v) {
        OutputChannels in = r.inputChannels(input);
        in.set(name, v);
    }

    @Test
    void math_preop_gain_add_and_range_map() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MathChop.TYPE)) {
            feed(r, 0, "a", -2);
            r.set(MathChop.PREOP, MathChop.PreOp.ABS);
            r.set(MathChop.GAIN, 3.0);
            r.set(MathChop.POSTADD, 1.0);
            r.cook();
            assertThat(r.outputChannels().value("a")).isEqualTo(7.0);
            r.set(MathChop.RANGEMAP, true);
            r.set(MathChop.FROMRANGE1, 0.0);
            r.set(MathChop.FROMRANGE2, 10.0);
            r.set(MathChop.TORANGE1, 100.0);
            r.set(MathChop.TORANGE2, 200.0);
            r.cook();
            assertThat(r.outputChannels().value("a")).isEqualTo(170.0);
            r.set(MathChop.FROMRANGE2, 0.0);
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).startsWith("parameters 'fromrange1' and 'fromrange2' are both 0.0");
        }
    }

    @Test
    void math_combines_inputs_and_channels() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MathChop.TYPE)) {
            feed(r, 0, "x", 2);
            feed(r, 0, "y", 4);
            feed(r, 1, "x", 3);
            feed(r, 1, "y", 5);
            r.set(MathChop.COMBINE, MathChop.Combine.CHOPS);
            r.set(MathChop.COMBINEOP, MathChop.CombineOp.MULTIPLY);
            r.cook();
            assertThat(r.outputChannels().value("x")).isEqualTo(6.0);
            assertThat(r.outputChannels().value("y")).isEqualTo(20.0);
            r.set(MathChop.COMBINE, MathChop.Combine.CHANNELS);
            r.set(MathChop.COMBINEOP, MathChop.CombineOp.AVERAGE);
            r.cook();
            assertThat(r.outputChannels().numChans()).isEqualTo(1);
            assertThat(r.outputChannels().value("chan1")).isEqualTo(3.5);
            r.set(MathChop.COMBINEOP, MathChop.CombineOp.MAXIMUM);
            r.cook();
            assertThat(r.outputChannels().value("chan1")).isEqualTo(5.0);
        }
    }

    @Test
    void lag_reaches_63_percent_after_one_time_constant_at_any_frame_rate() {
        for (double fps : new double[] {30, 240}) {
            try (OperatorTestRunner r = OperatorTestRunner.of(LagChop.TYPE).fps(fps)) {
                feed(r, 0, "v", 0);
                r.set(LagChop.LAGUP, 0.5);
                r.cook();
                feed(r, 0, "v", 1);
                r.cook((int) (0.5 * fps));
                assertThat(r.outputChannels().value("v")).as("fps " + fps).isCloseTo(1 - Math.exp(-1), within(1e-9));
            }
        }
    }

    @Test
    void one_euro_smooths_jitter_and_follows_fast_moves() {
        try (OperatorTestRunner r = OperatorTestRunner.of(FilterChop.TYPE).fps(100)) {
            r.set(FilterChop.MINCUTOFF, 1.0);
            r.set(FilterChop.BETA, 0.05);
            Random rnd = new Random(7);
            double maxDev = 0;
            for (int i = 0; i < 200; i++) {
                feed(r, 0, "x", 10 + (rnd.nextDouble() - 0.5)); // ±0.5 jitter around 10
                r.cook();
                if (i > 100)
                    maxDev = Math.max(maxDev, Math.abs(r.outputChannels().value("x") - 10));
            }
            assertThat(maxDev).isLessThan(0.2);
            // A ramp of 100 units/s: the adaptive cutoff keeps the lag well below the fixed low-pass's.
            double lowPassLag = 100 / (2 * Math.PI * 1.0);
            for (int i = 1; i <= 100; i++) {
                feed(r, 0, "x", 10 + i);
                r.cook();
            }
            double lag = 110 - r.outputChannels().value("x");
            assertThat(lag).isLessThan(lowPassLag / 4);
        }
    }

    @Test
    void limit_clamps_loops_and_zigzags() {
        assertThat(LimitChop.limit(LimitChop.Kind.CLAMP, 1.5, 0, 1)).isEqualTo(1.0);
        assertThat(LimitChop.limit(LimitChop.Kind.LOOP, 1.25, 0, 1)).isEqualTo(0.25);
        assertThat(LimitChop.limit(LimitChop.Kind.LOOP, -0.25, 0, 1)).isEqualTo(0.75);
        assertThat(LimitChop.limit(LimitChop.Kind.ZIGZAG, 1.25, 0, 1)).isEqualTo(0.75);
        assertThat(LimitChop.limit(LimitChop.Kind.ZIGZAG, 2.25, 0, 1)).isEqualTo(0.25);
        try (OperatorTestRunner r = OperatorTestRunner.of(LimitChop.TYPE)) {
            feed(r, 0, "v", 5);
            r.cook();
            assertThat(r.outputChannels().value("v")).isEqualTo(1.0);
            r.set(LimitChop.MIN, 2.0);
            r.cook();
            assertThat(r.message()).isEqualTo("parameter 'max' (1.0) is below 'min' (2.0); swap them");
        }
    }

    @Test
    void lfo_follows_the_clock() {
        try (OperatorTestRunner r = OperatorTestRunner.of(LfoChop.TYPE).fps(4)) {
            r.set(LfoChop.FREQUENCY, 1.0);
            List<Double> sine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                r.cook();
                sine.add(Math.round(r.outputChannels().value("chan1") * 1e9) / 1e9);
            }
            assertThat(sine).containsExactly(0.0, 1.0, 0.0, -1.0);
            r.set(LfoChop.SHAPE, LfoChop.Shape.RAMP);
            r.set(LfoChop.AMPLITUDE, 2.0);
            r.set(LfoChop.OFFSET, 10.0);
            r.cook(); // frame 5: t = 1.0 s, phase 0
            assertThat(r.outputChannels().value("chan1")).isEqualTo(8.0);
        }
    }

    @Test
    void timer_runs_cycles_and_finishes() {
        List<String> calls = new ArrayList<>();
        Object callbacks = new Object() {
            public void onStart(Object t) {
                calls.add("start");
            }

            public void onCycle(Object t, int n) {
                calls.add("cycle" + n);
            }

            public void onDone(Object t) {
                calls.add("done");
            }
        };
        try (OperatorTestRunner r =
                OperatorTestRunner.of(TimerChop.TYPE).fps(10).callbacks(CallbackSpec.object(callbacks))) {
            r.set(TimerChop.LENGTH, 0.5);
            r.set(TimerChop.CYCLE, true);
            r.set(TimerChop.CYCLELIMIT, 2);
            r.cook();
            assertThat(r.outputChannels().value("running")).isEqualTo(0.0);
            r.pulse(TimerChop.START);
            r.cook(); // starts at t = 0.1
            r.cook(3); // t = 0.4
            assertThat(r.outputChannels().value("timer_fraction")).isCloseTo(0.6, within(1e-9));
            r.cook(2); // t = 0.6: first cycle done
            assertThat(r.outputChannels().value("cycles")).isEqualTo(1.0);
            r.cook(5); // t = 1.1: second cycle done, limit reached
            assertThat(r.outputChannels().value("done")).isEqualTo(1.0);
            assertThat(r.outputChannels().value("running")).isEqualTo(0.0);
            assertThat(calls).containsExactly("start", "cycle1", "done");
        }
    }

    @Test
    void select_and_merge_channels() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectChop.TYPE)) {
            feed(r, 0, "tx", 1);
            feed(r, 0, "ty", 2);
            feed(r, 0, "rz", 3);
            r.set(SelectChop.CHANNAMES, "t*");
            r.set(SelectChop.RENAMETO, "x");
            r.cook();
            assertThat(r.outputChannels().numChans()).isEqualTo(2);
            assertThat(r.outputChannels().value("x")).isEqualTo(1.0);
            assertThat(r.outputChannels().value("ty")).isEqualTo(2.0);
        }
        try (OperatorTestRunner r = OperatorTestRunner.of(MergeChop.TYPE)) {
            feed(r, 0, "a", 1);
            feed(r, 1, "a", 2);
            feed(r, 1, "b", 3);
            r.set(MergeChop.DUPLICATE, MergeChop.Duplicates.RENAME);
            r.cook();
            assertThat(r.outputChannels().value("a")).isEqualTo(1.0);
            assertThat(r.outputChannels().value("a_2")).isEqualTo(2.0);
            assertThat(r.outputChannels().value("b")).isEqualTo(3.0);
            r.set(MergeChop.DUPLICATE, MergeChop.Duplicates.LAST);
            r.cook();
            assertThat(r.outputChannels().numChans()).isEqualTo(2);
            assertThat(r.outputChannels().value("a")).isEqualTo(2.0);
            assertThat(r.info("duplicates")).isEqualTo(1.0);
        }
    }

    /** Records CHOP Execute callbacks. */
    public static final class Recorder {
        public final List<String> calls = new ArrayList<>();

        public void onOffToOn(ChopExecuteDat.Channel c, int s, double v, double p) {
            calls.add("on " + c.name());
        }

        public void onOnToOff(ChopExecuteDat.Channel c, int s, double v, double p) {
            calls.add("off " + c.name());
        }

        public void onValueChange(ChopExecuteDat.Channel c, int s, double v, double p) {
            calls.add(c.name() + " " + p + "->" + v);
        }
    }

    @Test
    void info_chop_and_chop_execute_react_to_a_node() {
        Recorder rec = new Recorder();
        Graph g = Graph.builder()
                .node("src", TableDat.TYPE, p -> p.set(TableDat.DATA, "a\n1"))
                .node("stats", InfoChop.TYPE, p -> p.set(InfoChop.OP, "src"))
                .node(
                        "watch",
                        ChopExecuteDat.TYPE,
                        p -> p.set(ChopExecuteDat.CHOP, "stats").set(ChopExecuteDat.CHANNAMES, "rows state"))
                .callbacks("watch", CallbackSpec.object(rec))
                .build();
        try (Patch p = TestPatches.manual(g)) {
            p.step();
            assertThat(TestPatches.value(p, "stats", "rows")).isEqualTo(1.0);
            assertThat(rec.calls).isEmpty();
            p.edit(e -> e.setParam("src", "data", ParamValue.constant("a\n1\n2")))
                    .join();
            p.step();
            assertThat(rec.calls).containsExactly("rows 1.0->2.0");
            rec.calls.clear();
            p.edit(e -> e.setParam("src", "data", ParamValue.constant("a\n\"open")))
                    .join();
            p.step();
            assertThat(rec.calls).containsExactly("state 0.0->2.0", "on state");
        }
    }
}
