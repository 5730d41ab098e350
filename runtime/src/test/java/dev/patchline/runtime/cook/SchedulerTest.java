package dev.patchline.runtime.cook;

import static dev.patchline.runtime.cook.Patches.cooks;
import static dev.patchline.runtime.cook.Patches.manual;
import static dev.patchline.runtime.cook.Patches.rows;
import static dev.patchline.runtime.cook.Patches.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testops.TestOps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static Graph chainWithBranch() {
        return Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 3))
                .node("pass", TestOps.PASS)
                .node("sink", TestOps.SINK)
                .node("other", TestOps.SOURCE)
                .node("otherSink", TestOps.SINK)
                .wire("src", "pass")
                .wire("pass", "sink")
                .wire("other", "otherSink")
                .build();
    }

    @Test
    void every_needed_node_cooks_on_the_first_frame_and_then_only_with_a_reason() {
        try (Patch p = manual(chainWithBranch())) {
            p.step();
            assertThat(p.stats()).extracting(NodeStats::cookCount).containsExactly(1L, 1L, 1L, 1L, 1L);
            p.step(5);
            assertThat(p.stats()).extracting(NodeStats::cookCount).containsExactly(1L, 1L, 1L, 1L, 1L);
        }
    }

    @Test
    void a_parameter_change_cooks_the_node_and_everything_downstream_in_the_same_frame() {
        try (Patch p = manual(chainWithBranch())) {
            p.step();
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(5))).join();
            p.step();
            assertThat(cooks(p, "src")).isEqualTo(2);
            assertThat(cooks(p, "pass")).isEqualTo(2);
            assertThat(cooks(p, "sink")).isEqualTo(2);
            assertThat(stats(p, "sink").info()).containsEntry("rows", 5.0);
            assertThat(cooks(p, "other")).as("unrelated branch").isEqualTo(1);
            assertThat(cooks(p, "otherSink")).as("unrelated branch").isEqualTo(1);
        }
    }

    @Test
    void unchanged_output_does_not_cook_downstream() {
        Graph g = Graph.builder()
                .node("val", TestOps.CONSTANT, p -> p.set(TestOps.VALUE, 2.0))
                .node("out", TestOps.CHOP_SINK)
                .wire("val", "out")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            // A parameter edit that leaves the value as it was is not a change at all.
            p.edit(e -> e.setParam("val", "value", ParamValue.constant(2.0))).join();
            p.step();
            assertThat(cooks(p, "val")).isEqualTo(1);
            // Pulse-like forced cook: the expression is re-evaluated to the same value.
            p.edit(e -> e.setParam("val", "value", ParamValue.expr("1.0 + 1.0")))
                    .join();
            p.step();
            assertThat(cooks(p, "val")).as("mode change is a reason").isEqualTo(2);
            assertThat(cooks(p, "out"))
                    .as("same channel values: no new version downstream")
                    .isEqualTo(1);
        }
    }

    @Test
    void nodes_that_no_root_needs_do_not_cook_until_watched() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("pass", TestOps.PASS)
                .wire("src", "pass")
                .build();
        try (Patch p = manual(g)) {
            p.step(3);
            assertThat(cooks(p, "src")).isZero();
            assertThat(cooks(p, "pass")).isZero();
            p.edit(e -> e.watch("pass")).join();
            p.step();
            assertThat(cooks(p, "src")).isEqualTo(1);
            assertThat(cooks(p, "pass")).isEqualTo(1);
            assertThat(rows(p, "pass")).isEqualTo(2);
            p.edit(e -> e.unwatch("pass")).join();
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(4))).join();
            p.step();
            assertThat(cooks(p, "src")).as("unwatched again: changes wait").isEqualTo(1);
            p.edit(e -> e.watch("pass")).join();
            p.step();
            assertThat(rows(p, "pass")).as("catches up when needed again").isEqualTo(4);
        }
    }

    @Test
    void time_dependent_nodes_cook_every_frame_and_their_consumers_follow() {
        Graph g = Graph.builder()
                .node("clock", TestOps.CLOCK)
                .node("sink", TestOps.SINK)
                .wire("clock", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step(10);
            assertThat(cooks(p, "clock")).isEqualTo(10);
            assertThat(cooks(p, "sink")).isEqualTo(10);
            assertThat(Patches.cell(p, "clock", 0, 0)).isEqualTo("10");
        }
    }

    @Test
    void the_manual_clock_is_deterministic() {
        List<List<Long>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Graph g = Graph.builder()
                    .node("clock", TestOps.CLOCK)
                    .node("src", TestOps.SOURCE, p -> p.expr(TestOps.ROWS, "(int) (absTime.seconds * 10) % 4"))
                    .node("sink", TestOps.SINK)
                    .wire("src", "sink")
                    .build();
            try (Patch p = Patch.start(
                    g,
                    PatchOptions.builder()
                            .manual()
                            .fps(20)
                            .registry(TestOps.registry())
                            .watch("clock")
                            .build())) {
                List<Long> trace = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    p.step();
                    trace.add(cooks(p, "src"));
                    trace.add(stats(p, "sink").info().get("rows").longValue());
                }
                runs.add(trace);
                assertThat(p.frame()).isEqualTo(12);
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        // seconds = (frame - 1) / fps: rows follow (int)(s * 10) % 4 = 0,0,1,1,2,2,3,3,0,0,1,1
        List<Long> rowsTrace = new ArrayList<>();
        for (int i = 1; i < runs.get(0).size(); i += 2)
            rowsTrace.add(runs.get(0).get(i));
        assertThat(rowsTrace).containsExactly(0L, 0L, 1L, 1L, 2L, 2L, 3L, 3L, 0L, 0L, 1L, 1L);
    }

    @Test
    void a_throwing_node_shows_its_error_and_the_rest_keeps_cooking() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("boom", TestOps.BOOM, p -> p.set(TestOps.FAIL, true))
                .node("sink1", TestOps.SINK)
                .node("clock", TestOps.CLOCK)
                .node("sink2", TestOps.SINK)
                .wire("src", "boom")
                .wire("boom", "sink1")
                .wire("clock", "sink2")
                .build();
        try (Patch p = manual(g)) {
            p.step(3);
            NodeStats boom = stats(p, "boom");
            assertThat(boom.state()).isEqualTo(NodeState.ERROR);
            assertThat(boom.message()).isEqualTo("boom at frame 1");
            assertThat(boom.lastError()).isEqualTo("boom at frame 1");
            assertThat(cooks(p, "sink2")).isEqualTo(3);
            p.edit(e -> e.setParam("boom", "fail", ParamValue.constant(false))).join();
            p.step();
            assertThat(stats(p, "boom").state()).isEqualTo(NodeState.OK);
            assertThat(stats(p, "boom").message()).isEmpty();
            assertThat(stats(p, "sink1").info()).containsEntry("rows", 2.0);
        }
    }

    @Test
    void an_operator_reference_makes_the_reader_follow_its_target() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("ref", TestOps.REF, p -> p.set(TestOps.TARGET, "src"))
                .node("sink", TestOps.SINK)
                .wire("ref", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThat(Patches.cell(p, "ref", 0, 0)).isEqualTo("2");
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(7))).join();
            p.step();
            assertThat(Patches.cell(p, "ref", 0, 0))
                    .as("same frame: the reference orders src before ref")
                    .isEqualTo("7");
        }
    }

    @Test
    void stats_count_rows_added() {
        try (Patch p = manual(chainWithBranch())) {
            p.step();
            assertThat(stats(p, "src").rowsAdded()).isEqualTo(3);
            assertThat(stats(p, "src").type()).isEqualTo("testSource");
            assertThat(stats(p, "src").cookNanos()).isPositive();
        }
    }
}
