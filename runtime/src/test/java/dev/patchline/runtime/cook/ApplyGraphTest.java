package dev.patchline.runtime.cook;

import static dev.patchline.runtime.cook.Patches.cooks;
import static dev.patchline.runtime.cook.Patches.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorContext;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.testops.TestOps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Patch#apply}: a whole target graph applied as the difference to the running one. */
class ApplyGraphTest {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    static final ParameterDescriptor<Integer> STEP =
            ParameterDescriptor.ofInt("step").defaultValue(1).range(0, 100).build();

    /**
     * Keeps state that a rebuild would lose: a running total, increased by {@code step} at every frame and written to
     * its table. Records its lifecycle in {@link #EVENTS}.
     */
    static final OperatorType COUNTER = OperatorType.define("testCounter", Family.DAT)
            .parameters(STEP)
            .input(PortSpec.dat("input", "ignored").optional())
            .cookAlways()
            .timeDependent()
            .summary("Test: a running total, kept across cooks.")
            .build(() -> new Operator() {
                String id;
                long total;

                @Override
                public void onStart(OperatorContext ctx) {
                    id = ctx.nodeId();
                    EVENTS.add("start " + id);
                }

                @Override
                public void cook(CookContext ctx) {
                    total += ctx.par(STEP);
                    var out = ctx.output();
                    if (out.numCols() == 0) {
                        out.setHeader("total");
                        out.appendRow("0");
                    }
                    out.setCell(0, 0, Long.toString(total));
                }

                @Override
                public void onStop(boolean removed) {
                    EVENTS.add("stop " + id + (removed ? " removed" : ""));
                }
            });

    private static final OperatorRegistry REGISTRY = TestOps.registry().with(COUNTER);

    @BeforeEach
    void clearEvents() {
        EVENTS.clear();
    }

    private static Patch start(Graph g) {
        return Patch.start(g, PatchOptions.builder().manual().registry(REGISTRY).build());
    }

    private static Graph base() {
        return Graph.builder()
                .node("count", COUNTER, p -> p.set(STEP, 1))
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
    }

    private static String total(Patch p, String id) {
        return p.query(v -> v.node(id).getTable().cell(0, 0)).join();
    }

    private static NodeView handle(Patch p, String id) {
        return p.query(v -> v.node(id)).join();
    }

    private static NodeSpec node(Graph g, String id) {
        return g.node(id).orElseThrow();
    }

    private static Graph replace(Graph g, NodeSpec changed) {
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : g.nodes()) nodes.add(n.id().equals(changed.id()) ? changed : n);
        return new Graph(nodes, g.comment());
    }

    @Test
    void unchanged_nodes_keep_running_untouched_and_a_parameter_change_applies_in_place() {
        try (Patch p = start(base())) {
            p.step(3);
            assertThat(total(p, "count")).isEqualTo("3");
            NodeView countBefore = handle(p, "count");
            NodeView srcBefore = handle(p, "src");
            long sinkCooks = cooks(p, "sink");

            Graph target = replace(p.graph(), node(p.graph(), "count").withParam("step", ParamValue.constant(10)));
            GraphChange change = p.apply(target, EditSource.STUDIO).join();
            p.step();

            assertThat(change.diff().changed()).extracting(c -> c.id()).containsExactly("count");
            assertThat(total(p, "count"))
                    .as("the total goes on from 3: same operator, new step")
                    .isEqualTo("13");
            assertThat(handle(p, "count")).isSameAs(countBefore);
            assertThat(handle(p, "src")).isSameAs(srcBefore);
            assertThat(cooks(p, "sink"))
                    .as("nothing the sink sees changed: no cook")
                    .isEqualTo(sinkCooks);
            assertThat(EVENTS).as("nothing stopped or started").containsExactly("start count");
            assertThat(p.graph()).isEqualTo(target);
        }
    }

    @Test
    void moving_and_commenting_change_the_model_only() {
        try (Patch p = start(base())) {
            p.step();
            long srcCooks = cooks(p, "src");
            NodeSpec src = node(p.graph(), "src");
            NodeSpec moved = new NodeSpec(
                    src.id(),
                    src.type(),
                    src.params(),
                    src.inputs(),
                    src.callbacks(),
                    120.0,
                    40.0,
                    "rows for the sink");
            Graph target = new Graph(replace(p.graph(), moved).nodes(), "the whole patch");

            GraphChange change = p.apply(target, EditSource.STUDIO).join();
            p.step(2);

            assertThat(change.diff().changed()).singleElement().matches(c -> c.editorOnly());
            assertThat(cooks(p, "src"))
                    .as("no reason to cook: nothing it sees changed")
                    .isEqualTo(srcCooks);
            assertThat(p.graph()).isEqualTo(target);
            assertThat(EVENTS).containsExactly("start count");

            p.edit(e -> {
                        e.move("count", 5.0, 6.0);
                        e.comment("count", "counts");
                    })
                    .join();
            assertThat(node(p.graph(), "count").x()).isEqualTo(5.0);
            assertThat(node(p.graph(), "count").comment()).isEqualTo("counts");
            assertThat(EVENTS).containsExactly("start count");
        }
    }

    @Test
    void an_invalid_target_changes_nothing_and_lists_every_problem() {
        try (Patch p = start(base())) {
            p.step();
            Graph before = p.graph();
            Graph target = before.toBuilder()
                    .node(NodeSpec.of("typo", "testSourse"))
                    .remove("src")
                    .build();

            assertThatThrownBy(() -> p.apply(target, EditSource.STUDIO).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(GraphException.class)
                    .satisfies(e -> assertThat(((GraphException) e).problems())
                            .extracting(GraphProblem::toString)
                            .containsExactly(
                                    "/nodes/1/inputs/0: unknown input node 'src'",
                                    "/nodes/2/type: unknown operator type 'testSourse'; did you mean 'testSource'?"));
            assertThat(p.graph()).isEqualTo(before);
            assertThat(p.revision()).isZero();
            assertThat(EVENTS).containsExactly("start count");
        }
    }

    @Test
    void a_renamed_node_is_rebuilt_and_the_nodes_wired_to_it_follow() {
        Graph g = Graph.builder()
                .node("up", COUNTER)
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 4))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build();
        try (Patch p = start(g)) {
            p.step();
            Graph target = Graph.builder()
                    .node("up2", COUNTER)
                    .node("src", TestOps.SOURCE, n -> n.set(TestOps.ROWS, 4))
                    .node("sink", TestOps.SINK)
                    .wire("src", "sink")
                    .build();
            NodeView sink = handle(p, "sink");

            GraphChange change = p.apply(target, EditSource.DISK).join();
            p.step();

            assertThat(change.diff().removed()).extracting(NodeSpec::id).containsExactly("up");
            assertThat(change.diff().added()).extracting(NodeSpec::id).containsExactly("up2");
            assertThat(EVENTS).containsExactly("start up", "stop up removed", "start up2");
            assertThat(handle(p, "sink")).isSameAs(sink);
            assertThat(p.graph()).isEqualTo(target);
        }
        Graph renamedUpstream = Graph.builder()
                .node("source", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 4))
                .node("sink", TestOps.SINK)
                .wire("source", "sink")
                .build();
        try (Patch p = start(Graph.builder()
                .node("src", TestOps.SOURCE, n -> n.set(TestOps.ROWS, 4))
                .node("sink", TestOps.SINK)
                .wire("src", "sink")
                .build())) {
            p.step();
            p.apply(renamedUpstream, EditSource.STUDIO).join();
            p.step();
            assertThat(stats(p, "sink").info()).containsEntry("rows", 4.0);
            assertThat(p.graph()).isEqualTo(renamedUpstream);
        }
    }

    @Test
    void a_node_whose_type_changed_is_rebuilt_and_keeps_the_wires_of_the_target() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 2))
                .node("mid", TestOps.PASS)
                .node("sink", TestOps.SINK)
                .wire("src", "mid")
                .wire("mid", "sink")
                .build();
        try (Patch p = start(g)) {
            p.step();
            NodeView sink = handle(p, "sink");
            Graph target = replace(
                    g, new NodeSpec("mid", "testBoom", java.util.Map.of(), List.of("src"), null, null, null, null));

            GraphChange change = p.apply(target, EditSource.STUDIO).join();
            p.step();

            assertThat(change.diff().rebuilt()).extracting(NodeSpec::id).containsExactly("mid");
            assertThat(stats(p, "mid").type()).isEqualTo("testBoom");
            assertThat(handle(p, "sink")).isSameAs(sink);
            assertThat(p.graph().node("sink").orElseThrow().inputs()).containsExactly("mid");
            assertThat(stats(p, "sink").info()).containsEntry("rows", 2.0);
        }
    }

    @Test
    void reversing_a_wire_applies_without_passing_through_a_cycle() {
        Graph g = Graph.builder()
                .node("a", TestOps.BOOM)
                .node("b", TestOps.BOOM)
                .node("sink", TestOps.SINK)
                .wire("a", "b")
                .wire("b", "sink")
                .build();
        Graph reversed = Graph.builder()
                .node("a", TestOps.BOOM, n -> n.inputs("b"))
                .node("b", TestOps.BOOM)
                .node("sink", TestOps.SINK, n -> n.inputs("a"))
                .build();
        try (Patch p = start(g)) {
            p.step();
            p.apply(reversed, EditSource.STUDIO).join();
            p.step();
            assertThat(p.graph()).isEqualTo(reversed);
        }
    }

    @Test
    void every_change_bumps_the_revision_and_tells_the_listeners_with_its_source() throws Exception {
        try (Patch p = start(base())) {
            List<GraphChange> heard = new CopyOnWriteArrayList<>();
            AutoCloseable subscription = p.onGraphChange(heard::add);

            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(3))).join();
            Graph target = replace(p.graph(), node(p.graph(), "count").withParam("step", ParamValue.constant(2)));
            GraphChange applied = p.apply(target, EditSource.STUDIO).join();
            GraphChange same = p.apply(target, EditSource.DISK).join();
            p.edit(e -> e.watch("src")).join(); // not a change of the graph

            assertThat(heard).extracting(GraphChange::revision).containsExactly(1L, 2L);
            assertThat(heard).extracting(GraphChange::source).containsExactly(EditSource.API, EditSource.STUDIO);
            assertThat(heard.get(0).graph().node("src").orElseThrow().params())
                    .containsEntry("rows", ParamValue.constant(3));
            assertThat(heard.get(1)).isEqualTo(applied);
            assertThat(same.revision()).as("an empty difference is no change").isEqualTo(2);
            assertThat(same.diff().isEmpty()).isTrue();
            assertThat(p.revision()).isEqualTo(2);
            assertThat(p.revisionedGraph()).isEqualTo(new RevisionedGraph(2, target));

            subscription.close();
            p.edit(e -> e.comment("src", "quiet")).join();
            assertThat(p.revision()).isEqualTo(3);
            assertThat(heard).hasSize(2);
        }
    }

    @Test
    void a_target_made_on_an_older_revision_is_refused_as_stale() {
        try (Patch p = start(base())) {
            RevisionedGraph seen = p.revisionedGraph();
            p.edit(e -> e.setParam("src", "rows", ParamValue.constant(3))).join();
            Graph target = replace(seen.graph(), node(seen.graph(), "count").withParam("step", ParamValue.constant(2)));

            assertThatThrownBy(() ->
                            p.apply(target, EditSource.STUDIO, seen.revision()).join())
                    .cause()
                    .isInstanceOf(StaleRevisionException.class)
                    .hasMessage("the edit was made on revision 0 of the graph, but it is at revision 1 now; "
                            + "read the graph again and redo the edit");
            assertThat(node(p.graph(), "src").params()).containsEntry("rows", ParamValue.constant(3));
            assertThat(node(p.graph(), "count").params()).containsEntry("step", ParamValue.constant(1));
        }
    }

    @Test
    void a_stopped_patch_applies_nothing() {
        Patch p = start(base());
        p.close();
        Graph target = base().toBuilder().remove("count").build();

        assertThatThrownBy(() -> p.apply(target, EditSource.API).join())
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("patch patch has stopped; nothing applied");
        assertThat(EVENTS).containsExactly("start count", "stop count");
    }
}
