package dev.patchline.runtime.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.cook.EditSource;
import dev.patchline.runtime.cook.NodeStats;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphProblem;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testops.TestOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GraphFileWatcher} with real files and a running patch. */
class GraphFileWatcherTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static String graph(int rows) {
        return """
                {
                  "patchline": 1,
                  "nodes": [
                    {"id": "src", "type": "testSource", "params": {"rows": %d}},
                    {"id": "sink", "type": "testSink", "inputs": ["src"]}
                  ]
                }
                """.formatted(rows);
    }

    private static Patch start(Path file) {
        return Patch.start(
                GraphJson.load(file, TestOps.registry()),
                PatchOptions.builder()
                        .fps(200)
                        .registry(TestOps.registry())
                        .baseDir(file.getParent())
                        .build());
    }

    private static GraphFileWatcher watch(Patch p, Path file, List<ReloadEvent> events) throws Exception {
        return GraphFileWatcher.builder(p, file)
                .registry(TestOps.registry())
                .onReload(events::add)
                .start();
    }

    private static double sinkRows(Patch p) {
        for (NodeStats s : p.stats()) if (s.id().equals("sink")) return s.info().getOrDefault("rows", -1.0);
        throw new AssertionError("no sink");
    }

    @Test
    void a_parameter_edited_in_the_file_changes_the_running_node(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("graph.json"), graph(2));
        List<ReloadEvent> events = new CopyOnWriteArrayList<>();
        try (Patch p = start(file);
                GraphFileWatcher w = watch(p, file, events)) {
            await().atMost(LIMIT).until(() -> sinkRows(p) == 2.0);
            NodeView sink = p.query(v -> v.node("sink")).join();

            Files.writeString(file, graph(5));

            await().atMost(LIMIT).until(() -> sinkRows(p) == 5.0);
            await().atMost(LIMIT).until(() -> !events.isEmpty());
            assertThat(events).singleElement().isInstanceOfSatisfying(ReloadEvent.Applied.class, a -> {
                assertThat(a.change().source()).isEqualTo(EditSource.DISK);
                assertThat(a.change().diff().summary()).isEqualTo("1 changed");
                assertThat(a.change().revision()).isEqualTo(1);
            });
            assertThat(p.query(v -> v.node("sink")).join())
                    .as("the sink was not rebuilt")
                    .isSameAs(sink);
            assertThat(w.fileRevision()).isEqualTo(1);
        }
    }

    @Test
    void an_invalid_or_empty_file_changes_nothing_and_reports_the_problems_with_line_and_column(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("graph.json"), graph(2));
        List<ReloadEvent> events = new CopyOnWriteArrayList<>();
        try (Patch p = start(file);
                GraphFileWatcher w = watch(p, file, events)) {
            var before = p.graph();

            Files.writeString(file, graph(-1).replace("testSink", "testSinc"));
            await().atMost(LIMIT).until(() -> events.size() == 1);
            Files.writeString(file, "");
            await().atMost(LIMIT).until(() -> events.size() == 2);
            Files.writeString(file, "{\"patchline\": 1, \"nodes\": [");
            await().atMost(LIMIT).until(() -> events.size() == 3);

            assertThat(events).allMatch(e -> e instanceof ReloadEvent.Rejected);
            assertThat(((ReloadEvent.Rejected) events.get(0)).problems().problems())
                    .extracting(GraphProblem::toString)
                    .containsExactly(
                            "4:52: /nodes/0/params/rows: parameter 'rows' must be between 0 and 1000000, got -1",
                            "5:20: /nodes/1/type: unknown operator type 'testSinc'; did you mean 'testSink'?");
            assertThat(((ReloadEvent.Rejected) events.get(0)).problems().getMessage())
                    .startsWith(file + ":4:52: /nodes/0/params/rows: ");
            assertThat(((ReloadEvent.Rejected) events.get(1)).problems().getMessage())
                    .isEqualTo(
                            file + ":1:1: (root): the file is empty; a graph is {\"patchline\": 1, \"nodes\": [...]}");
            assertThat(((ReloadEvent.Rejected) events.get(2)).problems().problems())
                    .singleElement()
                    .satisfies(problem -> assertThat(problem.line()).isEqualTo(1));
            assertThat(p.graph()).isEqualTo(before);
            assertThat(p.revision()).isZero();
            assertThat(sinkRows(p)).isEqualTo(2.0);

            Files.writeString(file, graph(3));
            await().atMost(LIMIT).until(() -> sinkRows(p) == 3.0);
        }
    }

    @Test
    void the_watchers_own_save_does_not_come_back_as_a_reload(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("graph.json"), graph(2));
        List<ReloadEvent> events = new CopyOnWriteArrayList<>();
        try (Patch p = start(file);
                GraphFileWatcher w = watch(p, file, events)) {
            p.edit(EditSource.STUDIO, e -> e.setParam("src", "rows", ParamValue.constant(4)))
                    .join();
            assertThat(w.fileRevision()).isZero();

            assertThat(w.save()).isEqualTo(1);
            assertThat(w.fileRevision()).isEqualTo(1);
            assertThat(GraphJson.load(file, TestOps.registry())).isEqualTo(p.graph());
            // No event says "the watcher looked at the save and skipped it": give it the debounce and then some.
            await().during(Duration.ofMillis(600)).atMost(LIMIT).until(events::isEmpty);
            Files.writeString(file, Files.readString(file).replace("\"rows\": 4", "\"rows\": 6"));

            await().atMost(LIMIT).until(() -> sinkRows(p) == 6.0);
            await().atMost(LIMIT).until(() -> !events.isEmpty());
            assertThat(events)
                    .as("only the outside edit, not the save")
                    .singleElement()
                    .isInstanceOfSatisfying(
                            ReloadEvent.Applied.class,
                            a -> assertThat(a.change().revision()).isEqualTo(2));
        }
    }

    @Test
    void a_changed_callbacks_file_is_reloaded_for_the_nodes_that_use_it(@TempDir Path dir) throws Exception {
        Path callbacks =
                Files.writeString(dir.resolve("in.groovy"), "def onReceive(dat, text) { dat.par.maxlines = 5 }\n");
        Path file = Files.writeString(dir.resolve("graph.json"), """
                {"patchline": 1, "nodes": [{"id": "in", "type": "testInbox", "callbacks": "in.groovy"}]}
                """);
        List<ReloadEvent> events = new CopyOnWriteArrayList<>();
        TestOps.InboxOp.last = null;
        try (Patch p = start(file);
                GraphFileWatcher w = watch(p, file, events)) {
            await().atMost(LIMIT).until(() -> TestOps.InboxOp.last != null);
            var inbox = TestOps.InboxOp.last.inbox;
            inbox.offer("a");
            await().atMost(LIMIT).until(() -> maxlines(p) == 5);

            Files.writeString(callbacks, "def onReceive(dat, text) { dat.par.maxlines = 7 }\n");
            await().atMost(LIMIT).until(() -> !events.isEmpty());
            inbox.offer("b");

            await().atMost(LIMIT).until(() -> maxlines(p) == 7);
            assertThat(events)
                    .singleElement()
                    .isEqualTo(new ReloadEvent.CallbacksReloaded(callbacks.toAbsolutePath(), List.of("in")));

            Files.writeString(callbacks, "def onReceive(dat, text) { dat.par.maxlines = \n");
            await().atMost(LIMIT).until(() -> events.size() == 2);
            assertThat(events.get(1)).isInstanceOf(ReloadEvent.Rejected.class);
            assertThat(((ReloadEvent.Rejected) events.get(1)).problems().getMessage())
                    .contains("/nodes/0/callbacks");
            inbox.offer("c");
            await().atMost(LIMIT)
                    .until(() -> p.query(v -> v.node("in").getTable().numRows()).join() == 3);
            assertThat(maxlines(p)).as("the previous callbacks keep running").isEqualTo(7);
        }
    }

    private static int maxlines(Patch p) {
        return (Integer) p.query(v -> v.node("in").getPar().get("maxlines")).join();
    }

    @Test
    void a_patch_on_the_manual_clock_is_refused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("graph.json"), graph(2));
        try (Patch p = Patch.start(
                GraphJson.load(file, TestOps.registry()),
                PatchOptions.builder().manual().registry(TestOps.registry()).build())) {
            assertThatThrownBy(() -> GraphFileWatcher.builder(p, file))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("hot reload needs a patch with its own cook thread");
        }
    }

    @Test
    void a_change_the_patch_cannot_take_is_reported_and_watching_goes_on(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("graph.json"), graph(2));
        List<ReloadEvent> events = new CopyOnWriteArrayList<>();
        Patch p = start(file);
        try (GraphFileWatcher w = watch(p, file, events)) {
            p.close();

            Files.writeString(file, graph(3));
            await().atMost(LIMIT).until(() -> events.size() == 1);
            Files.writeString(file, graph(4));
            await().atMost(LIMIT).until(() -> events.size() == 2);

            assertThat(events)
                    .containsExactly(
                            new ReloadEvent.Failed(file, "patch patch has stopped; nothing applied"),
                            new ReloadEvent.Failed(file, "patch patch has stopped; nothing applied"));
        }
    }
}
