package dev.patchline.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testops.TestOps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GraphJson#save}: atomic replacement with one backup, a stable layout, comments kept, no secret values. */
class GraphSaveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> keys(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> folder(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Graph rows(int n) {
        return Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, n))
                .build();
    }

    @Test
    void saving_replaces_the_file_in_one_step_and_keeps_the_previous_one_as_backup(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.json");
        GraphJson.save(rows(1), TestOps.registry(), file);
        String second = new String(GraphJson.save(rows(2), TestOps.registry(), file), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        GraphJson.save(rows(3), TestOps.registry(), file);

        assertThat(GraphJson.load(file, TestOps.registry())).isEqualTo(rows(3));
        assertThat(GraphJson.backupOf(file)).isEqualTo(dir.resolve(".graph.json.backup"));
        assertThat(Files.readString(GraphJson.backupOf(file))).isEqualTo(second);
        assertThat(folder(dir)).as("no temporary file left").containsExactly(".graph.json.backup", "graph.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("the file keeps its permissions")
                .isEqualTo("rw-r-----");
    }

    @Test
    void saving_through_a_symbolic_link_replaces_the_target_and_keeps_the_link(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("graph.json");
        GraphJson.save(rows(1), TestOps.registry(), real);
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);

        GraphJson.save(rows(2), TestOps.registry(), link);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(GraphJson.load(real, TestOps.registry())).isEqualTo(rows(2));
    }

    @Test
    void a_saved_file_keeps_the_parameter_order_and_comments_in_a_fixed_key_order(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.json");
        Files.writeString(file, """
                {"nodes": [
                  {"comment": "rows for the sink", "y": 2, "x": 1, "inputs": [],
                   "params": {"prefix": "row ", "gain": 2, "rows": 3}, "type": "testSource", "id": "src"},
                  {"type": "testSink", "id": "sink", "inputs": ["src"]}],
                 "comment": "a patch", "patchline": 1}
                """);
        Graph loaded = GraphJson.load(file, TestOps.registry());

        GraphJson.save(loaded, TestOps.registry(), file);

        JsonNode root = JSON.readTree(file.toFile());
        assertThat(keys(root)).containsExactly("patchline", "comment", "nodes");
        assertThat(keys(root.at("/nodes/0"))).containsExactly("id", "type", "params", "x", "y", "comment");
        assertThat(keys(root.at("/nodes/0/params"))).as("the file's order").containsExactly("prefix", "gain", "rows");
        assertThat(root.at("/nodes/0/comment").textValue()).isEqualTo("rows for the sink");
        assertThat(root.at("/nodes/0/x").isIntegralNumber())
                .as("a whole position is written as the file had it: 1, not 1.0")
                .isTrue();
        assertThat(root.at("/comment").textValue()).isEqualTo("a patch");
        assertThat(GraphJson.load(file, TestOps.registry()))
                .as("loads back equal and valid")
                .isEqualTo(loaded);
        String once = Files.readString(file);
        GraphJson.save(GraphJson.load(file, TestOps.registry()), TestOps.registry(), file);
        assertThat(Files.readString(file)).as("saving again changes nothing").isEqualTo(once);
    }

    @Test
    void a_running_patch_saved_after_a_live_secret_edit_holds_no_secret_value(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("MQTT_PASSWORD", "from-env-secret");
        Graph g = Graph.builder()
                .node("env", TestOps.CONFIG, p -> p.env(TestOps.PASSWORD, "MQTT_PASSWORD"))
                .node("typed", TestOps.CONFIG)
                .build();
        Path file = dir.resolve("graph.json");
        try (Patch p = Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .registry(TestOps.registry())
                        .environment(env)
                        .build())) {
            p.edit(e -> e.setParam("typed", "password", ParamValue.constant("typed-in-secret")))
                    .join();

            GraphJson.save(p.graph(), TestOps.registry(), file);
        }

        String text = Files.readString(file);
        assertThat(text).doesNotContain("secret");
        JsonNode root = JSON.readTree(text);
        assertThat(root.at("/nodes/0/params/password").toString()).isEqualTo("{\"env\":\"MQTT_PASSWORD\"}");
        assertThat(root.at("/nodes/1/params").isMissingNode()).isTrue();
        assertThat(GraphJson.load(
                        file,
                        TestOps.registry(),
                        GraphValidator.Context.of(env, dir, new dev.patchline.runtime.script.GroovyBridge())))
                .isNotNull();
    }

    @Test
    void a_secret_given_as_plain_text_is_left_out_not_written() {
        Graph g = Graph.builder()
                .node("byName", TestOps.CONFIG, p -> p.set("password", ParamValue.constant("by-name-secret")))
                .build();

        String text = GraphJson.write(g, TestOps.registry());

        assertThat(text).doesNotContain("by-name-secret").doesNotContain("password");
    }
}
