package dev.patchline.nodes.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph file uses the files of its own folder: relative paths start there, and a path that leads out of it is
 * refused unless its folder was allowed. Real graph files, loaded and run as {@code patchline run} does.
 */
class FilesStayInGraphFolderTest {
    private static final OperatorRegistry REGISTRY =
            OperatorRegistry.load(FilesStayInGraphFolderTest.class.getClassLoader());

    @TempDir
    Path tmp;

    private Path show;
    private Path outside;

    @BeforeEach
    void folders() throws IOException {
        show = Files.createDirectories(tmp.resolve("show"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(show.resolve("cues.csv"), "cue,action\n1,go\n");
        Files.writeString(outside.resolve("secret.csv"), "key\nhunter2\n");
    }

    @Test
    void relative_paths_resolve_against_the_graph_files_folder_not_the_working_directory() throws IOException {
        Path graph = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "cues", "type": "table", "params": {"file": "cues.csv"}},
                  {"id": "log", "type": "fileOut", "inputs": ["cues"], "params": {"file": "logs/cues.csv"}}
                ]}
                """);
        try (Patch p = start(GraphJson.load(graph, REGISTRY), options())) {
            p.step();
            assertThat(TestPatches.rows(p, "cues")).containsExactly(List.of("cue", "action"), List.of("1", "go"));
        }
        assertThat(Files.readAllLines(show.resolve("logs/cues.csv"))).containsExactly("cue,action", "1,go");
        assertThat(Path.of("logs/cues.csv")).doesNotExist();
    }

    @Test
    void loading_refuses_paths_that_leave_the_folder_naming_node_parameter_and_line() throws IOException {
        Path graph = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "peek", "type": "table", "params": {"file": "../outside/secret.csv"}},
                  {"id": "abs", "type": "text", "params": {"file": "%s"}},
                  {"id": "log", "type": "fileOut", "inputs": ["peek"], "params": {"file": "/tmp/../etc/cron.d/x"}},
                  {"id": "cb", "type": "execute", "callbacks": "../outside/cb.groovy"}
                ]}
                """.formatted(outside.resolve("secret.csv")));
        assertThatThrownBy(() -> GraphJson.load(graph, REGISTRY))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining(graph + ":2:")
                .hasMessageContaining(
                        "node 'peek' parameter 'file': '../outside/secret.csv' leaves the graph's folder " + show)
                .hasMessageContaining(graph + ":3:")
                .hasMessageContaining("node 'abs' parameter 'file': '" + outside.resolve("secret.csv")
                        + "' is outside the graph's folder")
                .hasMessageContaining(
                        "node 'log' parameter 'file': '/tmp/../etc/cron.d/x' is outside the graph's folder")
                .hasMessageContaining(
                        "/nodes/3/callbacks: callbacks file: '../outside/cb.groovy' leaves the graph's folder")
                .hasMessageContaining("--allow-path DIR");
    }

    @Test
    void an_allowed_folder_may_be_read_and_written() throws IOException {
        Path graph = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "peek", "type": "table", "params": {"file": "../outside/secret.csv"}},
                  {"id": "log", "type": "fileOut", "inputs": ["peek"], "params": {"file": "%s"}}
                ]}
                """.formatted(outside.resolve("copy.csv")));
        Graph g = GraphJson.load(graph, REGISTRY, List.of(outside));
        try (Patch p = start(g, options().allowPath(outside))) {
            p.step();
            assertThat(TestPatches.rows(p, "peek")).containsExactly(List.of("key"), List.of("hunter2"));
        }
        assertThat(Files.readAllLines(outside.resolve("copy.csv"))).containsExactly("key", "hunter2");
    }

    @Test
    void a_path_computed_at_run_time_is_refused_on_the_node_and_the_rest_of_the_graph_runs() throws IOException {
        Path graph = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "cues", "type": "table", "params": {"file": "cues.csv"}},
                  {"id": "escape", "type": "fileOut", "inputs": ["cues"], "params": {"file": {"expr": "'../outside/' + 'written.csv'"}}},
                  {"id": "peek", "type": "table", "params": {"file": {"expr": "'../outside/secret' + '.csv'"}}}
                ]}
                """);
        try (Patch p = start(GraphJson.load(graph, REGISTRY), options())) {
            p.step();
            p.step();
            assertThat(TestPatches.node(p, "escape").getState()).isEqualTo(NodeState.ERROR);
            assertThat(TestPatches.node(p, "escape").getMessage())
                    .startsWith("parameter 'file': '../outside/written.csv' leaves the graph's folder " + show)
                    .endsWith("; nothing is written");
            assertThat(TestPatches.node(p, "peek").getState()).isEqualTo(NodeState.ERROR);
            assertThat(TestPatches.node(p, "peek").getMessage())
                    .startsWith("parameter 'file': '../outside/secret.csv' leaves the graph's folder " + show);
            assertThat(TestPatches.rows(p, "peek")).doesNotContain(List.of("hunter2"));
            assertThat(TestPatches.rows(p, "cues")).containsExactly(List.of("cue", "action"), List.of("1", "go"));
        }
        assertThat(outside.resolve("written.csv")).doesNotExist();
    }

    @Test
    void a_symbolic_link_inside_the_folder_does_not_lead_out_of_it() throws IOException {
        Files.createSymbolicLink(show.resolve("data"), outside);
        Files.createSymbolicLink(show.resolve("out.csv"), outside.resolve("planted.csv"));
        Path graph = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "peek", "type": "table", "params": {"file": "data/secret.csv"}},
                  {"id": "plant", "type": "fileOut", "inputs": ["peek"], "params": {"file": "out.csv"}}
                ]}
                """);
        assertThatThrownBy(() -> GraphJson.load(graph, REGISTRY))
                .hasMessageContaining("node 'peek' parameter 'file': 'data/secret.csv' leads out of the graph's folder "
                        + show + " through a symbolic link (to " + outside.resolve("secret.csv") + ")")
                .hasMessageContaining("node 'plant' parameter 'file': 'out.csv' leads out of the graph's folder");
        assertThat(outside.resolve("planted.csv")).doesNotExist();
    }

    private PatchOptions.Builder options() {
        return PatchOptions.builder().manual().watchAll().registry(REGISTRY).baseDir(show);
    }

    private static Patch start(Graph g, PatchOptions.Builder options) {
        return Patch.start(g, options.build());
    }

    private Path graph(String json) throws IOException {
        Path f = show.resolve("graph.json");
        Files.writeString(f, json);
        return f;
    }
}
