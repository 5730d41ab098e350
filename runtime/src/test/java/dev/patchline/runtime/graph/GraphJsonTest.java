package dev.patchline.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.param.ListItem;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.param.Secret;
import dev.patchline.runtime.script.GroovyBridge;
import dev.patchline.runtime.testops.TestOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphJsonTest {
    private static final GraphValidator.Context CONTEXT =
            GraphValidator.Context.of(Map.of("MQTT_PASSWORD", "pw", "ROWS", "4"), null, new GroovyBridge());

    /** A graph that uses every parameter mode and kind, callbacks, positions and comments. */
    static Graph everything() {
        return Graph.builder()
                .comment("round trip")
                .node(
                        "src",
                        TestOps.SOURCE,
                        p -> p.set(TestOps.ROWS, 3)
                                .set(TestOps.PREFIX, "row ")
                                .set(TestOps.GAIN, 2.5)
                                .position(10, 20)
                                .comment("the source"))
                .node("val", TestOps.CONSTANT, p -> p.expr(TestOps.VALUE, "absTime.frame * 2"))
                .node("pass", TestOps.PASS, p -> p.callbacks(CallbackSpec.inline("def onCook(dat) { }")))
                .node(
                        "cfg",
                        TestOps.CONFIG,
                        p -> p.set(TestOps.MODE, TestOps.Mode.SERVER)
                                .set(TestOps.FORMAT, TestOps.Format.RAW)
                                .env(TestOps.PASSWORD, "MQTT_PASSWORD")
                                .set(
                                        TestOps.SUBSCRIPTIONS,
                                        List.of(
                                                ListItem.builder()
                                                        .set(TestOps.TOPIC, "sensors/#")
                                                        .set(TestOps.QOS, 1)
                                                        .build(),
                                                ListItem.builder()
                                                        .set(TestOps.TOPIC, "alarms")
                                                        .build()))
                                .set(TestOps.COLUMNS, Map.of("temp", "/temp"))
                                .bind(TestOps.RATE, "val/v")
                                .env(TestOps.ROWS, "ROWS")
                                .set(TestOps.ACTIVE, false))
                .node("ref", TestOps.REF, p -> p.set(TestOps.TARGET, "src"))
                .node("sink", TestOps.SINK)
                .wire("src", "pass")
                .wire("pass", "sink")
                .build();
    }

    @Test
    void a_graph_saved_and_loaded_again_is_equal_to_the_original() {
        Graph g = everything();
        String json = GraphJson.write(g, TestOps.registry());
        Graph back = GraphJson.read(json, "saved.json", TestOps.registry(), CONTEXT);
        assertThat(back).isEqualTo(g);
        assertThat(back.hashCode()).isEqualTo(g.hashCode());
        assertThat(GraphJson.write(back, TestOps.registry())).isEqualTo(json);
    }

    @Test
    void the_written_file_reads_like_the_documented_format() throws Exception {
        JsonNode root = new ObjectMapper().readTree(GraphJson.write(everything(), TestOps.registry()));
        assertThat(root.get("patchline").intValue()).isEqualTo(1);
        JsonNode src = root.get("nodes").get(0);
        assertThat(src.get("params").toString()).isEqualTo("{\"rows\":3,\"prefix\":\"row \",\"gain\":2.5}");
        assertThat(src.get("x").doubleValue()).isEqualTo(10.0);
        JsonNode cfg = root.get("nodes").get(3).get("params");
        assertThat(cfg.get("mode").textValue()).isEqualTo("server");
        assertThat(cfg.get("password").toString()).isEqualTo("{\"env\":\"MQTT_PASSWORD\"}");
        assertThat(cfg.get("subscriptions").toString())
                .isEqualTo("[{\"topic\":\"sensors/#\",\"qos\":1},{\"topic\":\"alarms\"}]");
        assertThat(cfg.get("rate").toString()).isEqualTo("{\"bind\":\"val/v\"}");
        assertThat(root.get("nodes").get(1).get("params").get("value").toString())
                .isEqualTo("{\"expr\":\"absTime.frame * 2\"}");
        assertThat(root.get("nodes").get(2).get("callbacks").toString())
                .isEqualTo("{\"inline\":\"def onCook(dat) { }\"}");
        assertThat(root.get("nodes").get(5).get("inputs").toString()).isEqualTo("[\"pass\"]");
    }

    @Test
    void secret_values_are_never_written() {
        Graph g = Graph.builder()
                .node("a", TestOps.CONFIG, p -> p.set(TestOps.PASSWORD, Secret.of("hunter2")))
                .node("b", TestOps.CONFIG, p -> p.set(TestOps.PASSWORD, Secret.fromEnv("MQTT_PASSWORD", "hunter3")))
                .build();
        String json = GraphJson.write(g, TestOps.registry());
        assertThat(json).doesNotContain("hunter2").doesNotContain("hunter3");
        Graph back = GraphJson.read(json, null, TestOps.registry(), CONTEXT);
        assertThat(back.node("a").orElseThrow().params()).doesNotContainKey("password");
        assertThat(back.node("b").orElseThrow().params()).containsEntry("password", ParamValue.env("MQTT_PASSWORD"));
    }

    @Test
    void load_resolves_callback_files_next_to_the_graph(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("callbacks"));
        Files.writeString(dir.resolve("callbacks/in.groovy"), "def onReceive(dat, text) { }\n");
        Graph g = Graph.builder()
                .node("in", TestOps.INBOX, p -> p.callbacks(CallbackSpec.file("callbacks/in.groovy")))
                .build();
        Path file = dir.resolve("graph.json");
        GraphJson.save(g, TestOps.registry(), file);
        assertThat(GraphJson.load(file, TestOps.registry())).isEqualTo(g);
    }

    @Test
    void a_missing_file_is_one_clear_problem(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                GraphException.class, () -> GraphJson.load(file, TestOps.registry()))
                        .getMessage())
                .isEqualTo(file + ": (root): file not found");
    }

    @Test
    void the_schema_lists_every_type_and_its_parameters() {
        JsonNode s = GraphSchema.generate(TestOps.registry());
        assertThat(s.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(s.at("/$defs/node/properties/type/enum").toString()).contains("\"testSource\"", "\"testConfig\"");
        JsonNode rows = s.at("/$defs/params_testSource/properties/rows/anyOf/0");
        assertThat(rows.get("type").textValue()).isEqualTo("integer");
        assertThat(rows.get("minimum").intValue()).isZero();
        assertThat(rows.get("maximum").intValue()).isEqualTo(1_000_000);
        assertThat(rows.get("default").intValue()).isEqualTo(1);
        assertThat(s.at("/$defs/params_testConfig/properties/mode/anyOf/0/enum").toString())
                .isEqualTo("[\"client\",\"server\"]");
        assertThat(s.at("/$defs/params_testConfig/properties/password/$ref").textValue())
                .isEqualTo("#/$defs/env");
        assertThat(s.at("/$defs/params_testConfig/properties/clear").isMissingNode())
                .as("pulses have no value")
                .isTrue();
        assertThat(s.at("/$defs/params_testConfig/properties/subscriptions/anyOf/0/items/properties")
                        .toString())
                .contains("\"topic\"", "\"qos\"");
    }

    @Test
    void service_loader_finds_operator_types_on_the_classpath() {
        OperatorRegistry r = OperatorRegistry.load();
        assertThat(r.find("testSource")).isPresent();
        assertThat(r.find("testPass")).isPresent();
        assertThat(r.find("testValue").orElseThrow().family()).isEqualTo(dev.patchline.runtime.op.Family.CHOP);
        assertThat(r.suggest("testSorce")).containsExactly("testSource");
    }
}
