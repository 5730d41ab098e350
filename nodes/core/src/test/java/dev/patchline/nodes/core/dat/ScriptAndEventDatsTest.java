package dev.patchline.nodes.core.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.nodes.core.TestPatches;
import dev.patchline.nodes.core.chop.ConstantChop;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptAndEventDatsTest {
    @Test
    void script_builds_its_table_from_inputs() {
        try (OperatorTestRunner r = OperatorTestRunner.of(ScriptDat.TYPE)) {
            r.input(0).setHeader("room", "c");
            r.input(0).appendRow("kitchen", "20");
            r.set(ScriptDat.SCRIPT, """
                    def onCook(scriptOp) {
                        scriptOp.clear()
                        scriptOp.setHeader('room', 'f')
                        def t = scriptOp.inputs[0]
                        for (r in 0..<t.numRows()) scriptOp.appendRow(t.cell(r, 0), t.cell(r, 1).toDouble() * 9 / 5 + 32)
                    }
                    """);
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.OK);
            assertThat(r.output().cell(0, "f")).isEqualTo("68");
            r.input(0).appendRow("hall", "10");
            r.cook();
            assertThat(r.output().cell(1, "f")).isEqualTo("50");
        }
    }

    @Test
    void script_compile_error_shows_line_and_column_and_runtime_error_the_line() {
        try (OperatorTestRunner r = OperatorTestRunner.of(ScriptDat.TYPE)) {
            r.set(ScriptDat.SCRIPT, "def onCook(scriptOp) {\n  scriptOp.clear(\n}\n");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).matches("parameter 'script' does not compile at line 2, column \\d+: .*");
            r.set(
                    ScriptDat.SCRIPT,
                    "def onCook(scriptOp) {\n  scriptOp.appendRow(1)\n  throw new IllegalStateException('boom')\n}\n");
            r.cook();
            assertThat(r.message()).contains("onCook failed", "line 3", "boom");
        }
    }

    @Test
    void script_from_node_callbacks() {
        try (OperatorTestRunner r = OperatorTestRunner.of(ScriptDat.TYPE)) {
            r.callbacks(
                    CallbackSpec.inline("def onCook(op) { op.clear(); op.setHeader('f'); op.appendRow(op.frame) }"));
            r.set(ScriptDat.COOKALWAYS, true);
            r.cook(3);
            assertThat(r.output().cell(0, 0)).isEqualTo("3");
        }
    }

    /** Collects callback calls; public methods are the callbacks. */
    public static final class Recorder {
        public final List<String> calls = new ArrayList<>();

        public void onTableChange(Object dat) {
            calls.add("table");
        }

        public void onRowChange(Object dat, List<Integer> rows) {
            calls.add("rows" + rows);
        }

        public void onCellChange(Object dat, List<List<Integer>> cells) {
            calls.add("cells" + cells);
        }

        public void onSizeChange(Object dat) {
            calls.add("size");
        }

        public void onStart() {
            calls.add("start");
        }

        public void onFrameStart(long frame) {
            calls.add("fs" + frame);
        }

        public void onFrameEnd(long frame) {
            calls.add("fe" + frame);
        }

        public void onExit() {
            calls.add("exit");
        }
    }

    @Test
    void datexec_reports_row_cell_and_size_changes() {
        Recorder rec = new Recorder();
        Graph g = Graph.builder()
                .node(
                        "src",
                        ScriptDat.TYPE,
                        p -> p.set(ScriptDat.COOKALWAYS, true).set(ScriptDat.SCRIPT, """
                        def onCook(op) {
                            if (op.frame == 1) { op.setHeader('a', 'b'); op.appendRow(1, 2) }
                            if (op.frame == 2) op.appendRow(3, 4)
                            if (op.frame == 3) op.setCell(0, 1, 'x')
                        }
                        """))
                .node("watch", DatExecuteDat.TYPE, p -> p.set(DatExecuteDat.DAT, "src"))
                .callbacks("watch", CallbackSpec.object(rec))
                .build();
        try (Patch p = TestPatches.manual(g)) {
            p.step();
            assertThat(rec.calls).isEmpty();
            p.step();
            assertThat(rec.calls).containsExactly("table", "rows[1]", "size");
            rec.calls.clear();
            p.step();
            assertThat(rec.calls).containsExactly("table", "rows[0]", "cells[[0, 1]]");
            rec.calls.clear();
            p.step();
            assertThat(rec.calls).isEmpty();
        }
    }

    @Test
    void execute_runs_start_frame_and_exit_callbacks_in_order() {
        Recorder rec = new Recorder();
        OperatorTestRunner r = OperatorTestRunner.of(ExecuteDat.TYPE);
        r.callbacks(CallbackSpec.object(rec));
        r.cook(2);
        r.close();
        assertThat(rec.calls).containsExactly("start", "fs1", "fe1", "fs2", "fe2", "exit");
    }

    @Test
    void chopto_shows_channels_and_updates_cells() {
        Graph g = Graph.builder()
                .node(
                        "k",
                        ConstantChop.TYPE,
                        p -> p.set(
                                ConstantChop.CHANNELS,
                                List.of(ConstantChop.channel("gain", 0.5), ConstantChop.channel("speed", 2))))
                .node("t", ChopToDat.TYPE, p -> p.set(ChopToDat.CHOP, "k"))
                .build();
        try (Patch p = TestPatches.manual(g)) {
            p.step();
            assertThat(TestPatches.rows(p, "t"))
                    .containsExactly(List.of("name", "value"), List.of("gain", "0.5"), List.of("speed", "2"));
            p.edit(e -> e.setParam(
                            "k",
                            "channels",
                            ParamValue.constant(
                                    List.of(ConstantChop.channel("gain", 1), ConstantChop.channel("speed", 2)))))
                    .join();
            p.step();
            assertThat(TestPatches.rows(p, "t").get(1)).containsExactly("gain", "1");
            long changed = p.query(v -> (long) v.node("t").getTable().delta().changedCells())
                    .join();
            assertThat(changed).isEqualTo(1);
        }
    }
}
