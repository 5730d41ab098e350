package dev.patchline.nodes.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphValidator;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.script.GroovyBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core operators used from a JSON graph file, as users write them: parse, validate, run, save, reload. */
class JsonGraphTest {
    @TempDir
    Path dir;

    private final OperatorRegistry registry = OperatorRegistry.load(getClass().getClassLoader());

    private Graph read(String json) {
        return GraphJson.read(
                json, "test.json", registry, GraphValidator.Context.of(Map.of(), dir, new GroovyBridge()));
    }

    @Test
    void a_sensor_pipeline_from_json_runs_and_round_trips() throws Exception {
        Path log = dir.resolve("warm.jsonl");
        String json = """
                {
                  "patchline": 1,
                  "nodes": [
                    { "id": "raw", "type": "table",
                      "params": { "data": "topic,payload\\nkitchen,\\"{\\"\\"t\\"\\"\\": 21}\\"\\nattic,\\"{\\"\\"t\\"\\"\\": 27}\\"" } },
                    { "id": "parsed", "type": "json", "inputs": ["raw"], "params": { "columns": { "temp": "/t" } } },
                    { "id": "warm", "type": "select", "inputs": ["parsed"],
                      "params": { "extractrows": "byexpr", "rowexpr": "me.inputRow['temp'].toDouble() > 25",
                                  "extractcols": "bynames", "colnames": "topic temp" } },
                    { "id": "temps", "type": "datTo", "inputs": ["parsed"], "params": { "colnames": "temp" } },
                    { "id": "f", "type": "math", "inputs": ["temps"], "params": { "gain": 2, "postadd": 1 } },
                    { "id": "view", "type": "chopTo", "params": { "chop": "f", "output": "chanpercol" } },
                    { "id": "out", "type": "fileOut", "inputs": ["warm"], "params": { "file": "%s", "format": "jsonl" } }
                  ]
                }
                """.formatted(log.toString().replace("\\", "\\\\"));
        Graph g = read(json);
        try (Patch p = Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .watchAll()
                        .registry(registry)
                        .baseDir(dir)
                        .build())) {
            p.step();
            assertThat(TestPatches.rows(p, "warm")).containsExactly(List.of("topic", "temp"), List.of("attic", "27"));
            assertThat(TestPatches.rows(p, "view")).containsExactly(List.of("temp"), List.of("43"), List.of("55"));
        }
        assertThat(Files.readAllLines(log)).containsExactly("{\"topic\":\"attic\",\"temp\":\"27\"}");
        Graph again = read(GraphJson.write(g, registry));
        assertThat(again).isEqualTo(g);
    }

    @Test
    void bad_menu_value_and_range_are_reported_with_their_location() {
        String json = """
                {
                  "patchline": 1,
                  "nodes": [
                    { "id": "t", "type": "table", "params": { "data": "a" } },
                    { "id": "s", "type": "select", "inputs": ["t"], "params": { "extractrows": "bynumber" } },
                    { "id": "o", "type": "fileOut", "inputs": ["t"], "params": { "maxfiles": 0 } }
                  ]
                }
                """;
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining(
                        "test.json:5:65: /nodes/1/params/extractrows: parameter 'extractrows' must be one of 'all', 'byname', "
                                + "'byindex', 'bynameindex', 'byindexname', 'bynames', 'byexpr', got 'bynumber'")
                .hasMessageContaining(
                        "test.json:6:66: /nodes/2/params/maxfiles: parameter 'maxfiles' must be between 1 and 1000, got 0");
    }
}
