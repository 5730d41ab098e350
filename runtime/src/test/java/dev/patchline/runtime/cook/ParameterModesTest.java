package dev.patchline.runtime.cook;

import static dev.patchline.runtime.cook.Patches.cell;
import static dev.patchline.runtime.cook.Patches.cooks;
import static dev.patchline.runtime.cook.Patches.manual;
import static dev.patchline.runtime.cook.Patches.rows;
import static dev.patchline.runtime.cook.Patches.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.testops.Probe;
import dev.patchline.runtime.testops.TestOps;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParameterModesTest {

    @BeforeEach
    void resetProbe() {
        Probe.HITS.set(0);
    }

    @Test
    void an_expression_reads_another_node_and_follows_it_in_the_same_frame() {
        Graph g = Graph.builder()
                .node("val", TestOps.CONSTANT, p -> p.set(TestOps.VALUE, 3.0))
                .node("src", TestOps.SOURCE, p -> p.expr(TestOps.ROWS, "(int) op('val').channels.value('v') * 2"))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThat(rows(p, "src")).isEqualTo(6);
            p.edit(e -> e.setParam("val", "value", ParamValue.constant(5.0))).join();
            p.step();
            assertThat(rows(p, "src")).isEqualTo(10);
            assertThat(stats(p, "sink").info()).containsEntry("rows", 10.0);
        }
    }

    @Test
    void an_expression_is_evaluated_only_when_something_it_read_changed() {
        Graph g = Graph.builder()
                .node("val", TestOps.CONSTANT, p -> p.set(TestOps.VALUE, 1.0))
                .node("other", TestOps.CONSTANT, p -> p.set(TestOps.VALUE, 1.0))
                .node(
                        "src",
                        TestOps.SOURCE,
                        p -> p.expr(
                                TestOps.ROWS,
                                "(int) dev.patchline.runtime.testops.Probe.hit(op('val').channels.value('v'))"))
                .node("sink", TestOps.SINK)
                .node("sink2", TestOps.CHOP_SINK)
                .wire("src", "sink")
                .wire("other", "sink2")
                .build();
        try (Patch p = manual(g)) {
            p.step(5);
            assertThat(Probe.HITS.get()).isEqualTo(1);
            p.edit(e -> e.setParam("other", "value", ParamValue.constant(9.0))).join();
            p.step(3);
            assertThat(Probe.HITS.get()).as("unrelated change").isEqualTo(1);
            p.edit(e -> e.setParam("val", "value", ParamValue.constant(4.0))).join();
            p.step(3);
            assertThat(Probe.HITS.get()).isEqualTo(2);
            assertThat(rows(p, "src")).isEqualTo(4);
            assertThat(cooks(p, "src")).isEqualTo(2);
        }
    }

    @Test
    void an_expression_reading_absTime_is_re_evaluated_every_frame_but_cooks_only_on_change() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.expr(TestOps.ROWS, "absTime.frame.intdiv(3)"))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step(9);
            assertThat(rows(p, "src")).isEqualTo(3);
            // frames 1..9 give 0,0,1,1,1,2,2,2,3: four distinct values, one cook each
            assertThat(cooks(p, "src")).isEqualTo(4);
        }
    }

    @Test
    void expressions_see_me_and_touchdesigner_style_shortcuts() {
        Graph g = Graph.builder()
                .node("cfg", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 3))
                .node(
                        "src",
                        TestOps.SOURCE,
                        p -> p.expr(TestOps.ROWS, "op('cfg').numRows + op('cfg').table.numRows()")
                                .expr(TestOps.PREFIX, "me.par.rows + '-'"))
                .build();
        try (Patch p = manual(g, "src")) {
            p.step();
            assertThat(rows(p, "src")).isEqualTo(6);
            assertThat(cell(p, "src", 0, 0)).isEqualTo("6-0");
        }
    }

    @Test
    void a_bind_to_a_channel_drives_the_parameter() {
        Graph g = Graph.builder()
                .node("val", TestOps.CONSTANT, p -> p.set(TestOps.VALUE, 2.0))
                .node("src", TestOps.SOURCE, p -> p.bind(TestOps.ROWS, "val/v"))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThat(rows(p, "src")).isEqualTo(2);
            p.edit(e -> e.setParam("val", "value", ParamValue.constant(7.0))).join();
            p.step();
            assertThat(rows(p, "src")).isEqualTo(7);
        }
    }

    @Test
    void a_bind_to_a_cell_reads_row_by_name_and_column_by_header() {
        Graph g = Graph.builder()
                .node("cfg", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 4).set(TestOps.PREFIX, "3"))
                .node("src", TestOps.SOURCE, p -> p.bind(TestOps.ROWS, "cfg/31/v"))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThat(stats(p, "src").message()).isEmpty();
            // cfg rows are 30, 31, 32, 33: row named "31" column "v" holds 31
            assertThat(rows(p, "src")).isEqualTo(31);
        }
    }

    @Test
    void a_value_outside_the_range_from_an_expression_is_clamped_when_the_parameter_clamps() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.expr(TestOps.GAIN, "50"))
                .build();
        try (Patch p = manual(g, "src")) {
            p.step();
            assertThat(p.query(v -> v.node("src").getPar().get("gain")).join()).isEqualTo(10.0);
        }
    }

    @Test
    void an_expression_that_fails_puts_the_node_in_error_and_keeps_the_last_value() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            p.edit(e -> e.setParam("src", "rows", ParamValue.expr("op('nope').par.rows")))
                    .join();
            p.step();
            NodeStats s = stats(p, "src");
            assertThat(s.state()).isEqualTo(NodeState.ERROR);
            assertThat(s.message())
                    .startsWith(
                            "parameter 'rows': expression src/params/rows failed at line 1: op('nope'): no such node");
            assertThat(rows(p, "src")).isEqualTo(2);
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(1))).join();
            p.step();
            assertThat(stats(p, "src").state()).isEqualTo(NodeState.OK);
            assertThat(rows(p, "src")).isEqualTo(1);
        }
    }

    @Test
    void an_expression_that_yields_the_wrong_type_names_the_parameter() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.expr(TestOps.ROWS, "'many'"))
                .build();
        try (Patch p = manual(g, "src")) {
            p.step();
            assertThat(stats(p, "src").message())
                    .isEqualTo("parameter 'rows': parameter 'rows' expects a number, got \"many\"");
        }
    }

    @Test
    void env_values_are_read_from_the_environment_when_the_patch_starts() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.env(TestOps.ROWS, "ROW_COUNT"))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g, Map.of("ROW_COUNT", "12"))) {
            p.step();
            assertThat(rows(p, "src")).isEqualTo(12);
        }
        assertThatThrownBy(() -> manual(g, Map.of()))
                .isInstanceOf(GraphException.class)
                .hasMessage("/nodes/0/params/rows: parameter 'rows': environment variable ROW_COUNT is not set");
        assertThatThrownBy(() -> manual(g, Map.of("ROW_COUNT", "lots")))
                .isInstanceOf(GraphException.class)
                .hasMessage(
                        "/nodes/0/params/rows: parameter 'rows' expects a number, got \"lots\" (from environment variable ROW_COUNT)");
    }

    @Test
    void a_secret_from_the_environment_is_usable_but_never_shown() {
        Graph g = Graph.builder()
                .node("cfg", TestOps.CONFIG, p -> p.env(TestOps.PASSWORD, "MQTT_PASSWORD"))
                .build();
        try (Patch p = Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .registry(TestOps.registry())
                        .environment(Map.of("MQTT_PASSWORD", "hunter2"))
                        .watch("cfg")
                        .build())) {
            p.step();
            assertThat(cell(p, "cfg", 2, 1)).isEqualTo("set");
            Object secret = p.query(v -> v.node("cfg").getPar().get("password")).join();
            assertThat(secret).isInstanceOf(Secret.class);
            assertThat(((Secret) secret).reveal()).isEqualTo("hunter2");
            assertThat(secret.toString()).doesNotContain("hunter2").isEqualTo("****(env MQTT_PASSWORD)");
            assertThat(p.graph().node("cfg").orElseThrow().params())
                    .containsEntry("password", ParamValue.env("MQTT_PASSWORD"));
        }
    }

    @Test
    void a_pulse_is_seen_by_exactly_one_cook() {
        Graph g = Graph.builder().node("cfg", TestOps.CONFIG).build();
        try (Patch p = manual(g, "cfg")) {
            p.step();
            p.edit(e -> e.pulse("cfg", "clear")).join();
            p.step(3);
            assertThat(stats(p, "cfg").info()).containsEntry("clears", 1.0);
            assertThat(cooks(p, "cfg")).isEqualTo(2);
        }
    }

    @Test
    void callbacks_can_change_parameters_of_other_nodes() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 1))
                .node(
                        "in",
                        TestOps.INBOX,
                        p -> p.callbacks(
                                CallbackSpec.inline("def onReceive(dat, text) { op('src').par.rows = text as int }")))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThat(TestOps.InboxOp.last.inbox.offer("6")).isTrue();
            p.step();
            p.step();
            assertThat(rows(p, "src")).isEqualTo(6);
            assertThat(p.graph().node("src").orElseThrow().params()).containsEntry("rows", ParamValue.constant(6));
        }
    }
}
