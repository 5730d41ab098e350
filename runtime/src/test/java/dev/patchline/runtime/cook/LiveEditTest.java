package dev.patchline.runtime.cook;

import static dev.patchline.runtime.cook.Patches.cooks;
import static dev.patchline.runtime.cook.Patches.manual;
import static dev.patchline.runtime.cook.Patches.rows;
import static dev.patchline.runtime.cook.Patches.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testops.TestOps;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LiveEditTest {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** Records its lifecycle in {@link #EVENTS}. */
    static final OperatorType LIFECYCLE = OperatorType.define("testLifecycle", Family.DAT)
            .cookAlways()
            .summary("Test: records lifecycle calls.")
            .build(() -> new Operator() {
                String id;

                @Override
                public void onStart(dev.patchline.runtime.op.OperatorContext ctx) {
                    id = ctx.nodeId();
                    EVENTS.add("start " + id);
                }

                @Override
                public void cook(CookContext ctx) {
                    EVENTS.add("cook " + id);
                }

                @Override
                public void onStop(boolean removed) {
                    EVENTS.add("stop " + id + (removed ? " removed" : ""));
                }
            });

    private static Patch start(Graph g) {
        OperatorRegistry reg = TestOps.registry().with(LIFECYCLE);
        return Patch.start(g, PatchOptions.builder().manual().registry(reg).build());
    }

    @Test
    void nodes_can_be_added_rewired_and_removed_while_running() {
        EVENTS.clear();
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("sink", TestOps.SINK)
                .node("life", LIFECYCLE)
                .wire("src", "sink")
                .build();
        try (Patch p = start(g)) {
            p.step();
            p.edit(e -> {
                        e.addNode(new NodeSpec(
                                "big",
                                "testSource",
                                Map.of("rows", ParamValue.constant(9)),
                                List.of(),
                                null,
                                null,
                                null,
                                null));
                        e.setInputs("sink", List.of("big"));
                    })
                    .join();
            p.step();
            assertThat(stats(p, "sink").info()).containsEntry("rows", 9.0);
            p.edit(e -> e.removeNode("life")).join();
            p.step();
            assertThat(EVENTS).containsExactly("start life", "cook life", "stop life removed");
            p.edit(e -> e.removeNode("big")).join();
            p.step();
            assertThat(p.graph().node("sink").orElseThrow().inputs()).isEmpty();
            assertThat(p.graph().nodes()).extracting(NodeSpec::id).containsExactly("src", "sink");
        }
        assertThat(EVENTS).containsExactly("start life", "cook life", "stop life removed");
    }

    @Test
    void an_invalid_edit_is_refused_with_the_reason_and_the_patch_keeps_running() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("sink", TestOps.SINK)
                .node("val", TestOps.CONSTANT)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThatThrownBy(() ->
                            p.edit(e -> e.setInputs("sink", List.of("val"))).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(GraphException.class)
                    .hasMessage("edit: /nodes/1/inputs/0: cannot wire CHOP 'val' into DAT input 'input' of 'sink': "
                            + "wires join nodes of the same family; convert with a 'chopTo' (CHOP to DAT) node");
            assertThatThrownBy(() -> p.edit(e -> e.setParam("src", "rows", ParamValue.constant(-1)))
                            .join())
                    .cause()
                    .hasMessage("parameter 'rows' must be between 0 and 1000000, got -1");
            assertThatThrownBy(() -> p.edit(e -> e.setParam("src", "rowz", ParamValue.constant(1)))
                            .join())
                    .cause()
                    .hasMessage("node 'src' (testSource) has no parameter 'rowz'");
            assertThatThrownBy(() -> p.edit(e -> e.addNode(NodeSpec.of("src", "testSource")))
                            .join())
                    .cause()
                    .hasMessage("node 'src' already exists");
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(3))).join();
            p.step();
            assertThat(rows(p, "src")).isEqualTo(3);
        }
    }

    @Test
    void removing_a_node_an_expression_reads_turns_the_reader_into_an_error_not_a_crash() {
        Graph g = Graph.builder()
                .node("val", TestOps.CONSTANT, p -> p.set(TestOps.VALUE, 2.0))
                .node("src", TestOps.SOURCE, p -> p.expr(TestOps.ROWS, "(int) op('val').channels.value('v')"))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = manual(g)) {
            p.step();
            assertThat(rows(p, "src")).isEqualTo(2);
            p.edit(e -> e.removeNode("val")).join();
            p.step();
            assertThat(stats(p, "src").state()).isEqualTo(dev.patchline.runtime.op.NodeState.ERROR);
            assertThat(stats(p, "src").message())
                    .isEqualTo(
                            "parameter 'rows': expression src/params/rows failed at line 1: op('val'): no such node");
            assertThat(rows(p, "src")).as("keeps its last value").isEqualTo(2);
            p.edit(e -> e.addNode(new NodeSpec(
                            "val",
                            "testValue",
                            Map.of("value", ParamValue.constant(5.0)),
                            List.of(),
                            null,
                            null,
                            null,
                            null)))
                    .join();
            p.step();
            assertThat(rows(p, "src"))
                    .as("a node with the same id is picked up again")
                    .isEqualTo(5);
            assertThat(stats(p, "src").state()).isEqualTo(dev.patchline.runtime.op.NodeState.OK);
        }
    }

    /** Fails in onStart. */
    static final OperatorType BAD_START = OperatorType.define("testBadStart", Family.DAT)
            .cookAlways()
            .summary("Test: cannot start.")
            .build(() -> new Operator() {
                @Override
                public void onStart(dev.patchline.runtime.op.OperatorContext ctx) {
                    throw new IllegalStateException("port 7000 is in use; pick another port");
                }

                @Override
                public void cook(CookContext ctx) {
                    throw new AssertionError("must not cook after a failed start");
                }
            });

    @Test
    void a_node_that_cannot_start_shows_why_and_the_rest_runs() {
        Graph g = Graph.builder()
                .node("bad", BAD_START)
                .node("clock", TestOps.CLOCK)
                .node("sink", TestOps.SINK)
                .wire("clock", "sink")
                .build();
        try (Patch p = Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .registry(TestOps.registry().with(BAD_START))
                        .build())) {
            p.step(2);
            NodeStats bad = stats(p, "bad");
            assertThat(bad.state()).isEqualTo(dev.patchline.runtime.op.NodeState.ERROR);
            assertThat(bad.message()).isEqualTo("start failed: port 7000 is in use; pick another port");
            assertThat(bad.cookCount()).isZero();
            assertThat(cooks(p, "sink")).isEqualTo(2);
        }
    }

    @Test
    void a_wire_that_would_close_a_cycle_is_refused() {
        Graph g = Graph.builder()
                .node("a", TestOps.SOURCE)
                .node("b", TestOps.PASS)
                .node("c", TestOps.PASS)
                .wire("a", "b")
                .wire("b", "c")
                .build();
        try (Patch p = manual(g, "c")) {
            p.step();
            assertThatThrownBy(() -> p.edit(e -> e.setInputs("b", List.of("c"))).join())
                    .cause()
                    .hasMessage("edit: /nodes/2/inputs/0: wire from 'b' closes a cycle: b -> c -> b");
            p.step();
            assertThat(cooks(p, "c")).isEqualTo(1);
        }
    }

    @Test
    void edits_from_another_thread_apply_on_the_cook_thread_between_frames() throws Exception {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 1))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = Patch.start(
                g, PatchOptions.builder().fps(500).registry(TestOps.registry()).build())) {
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(5))).get();
            Double seen = null;
            for (int i = 0; i < 1000 && (seen == null || seen != 5.0); i++) {
                seen = stats(p, "sink").info().get("rows");
            }
            assertThat(seen).isEqualTo(5.0);
        }
    }
}
