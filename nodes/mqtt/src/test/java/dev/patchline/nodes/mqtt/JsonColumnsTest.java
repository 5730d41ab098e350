package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The streaming extraction of the {@code columns} pointers agrees with Jackson's tree on every kind of value. */
class JsonColumnsTest {

    private static String[] extract(String json, String... pointers) {
        JsonColumns columns = new JsonColumns(
                Arrays.stream(pointers).map(JsonPointer::compile).toArray(JsonPointer[]::new));
        String[] cells = new String[pointers.length + 1];
        cells[0] = "other";
        boolean ok = columns.extract(json.getBytes(StandardCharsets.UTF_8), cells, 1);
        return ok ? Arrays.copyOfRange(cells, 1, cells.length) : null;
    }

    @Test
    void scalars_keep_their_json_text_and_null_or_missing_is_empty() {
        assertThat(extract(
                        "{\"room\":\"hall\",\"value\":21.50,\"ok\":true,\"n\":null,\"i\":-3}",
                        "/value",
                        "/room",
                        "/ok",
                        "/n",
                        "/i",
                        "/missing"))
                .containsExactly("21.50", "hall", "true", "", "-3", "");
    }

    @Test
    void nested_objects_arrays_and_escaped_names_are_followed() {
        String json =
                "{\"skip\":{\"deep\":[1,2,{\"x\":1}]},\"data\":{\"temps\":[20,{\"v\":\"a\\\"b\"}]},\"a/b\":1,\"m~n\":2}";
        assertThat(extract(json, "/data/temps/1/v", "/data/temps/0", "/a~1b", "/m~0n", "/data/temps/9"))
                .containsExactly("a\"b", "20", "1", "2", "");
    }

    @Test
    void a_wanted_container_is_compact_json_and_pointers_inside_it_still_resolve() {
        String json = "{\"data\": {\"a\": [1, 2], \"b\": {\"c\": \"x\"}}}";
        assertThat(extract(json, "/data", "/data/b/c", "/data/a/1"))
                .containsExactly("{\"a\":[1,2],\"b\":{\"c\":\"x\"}}", "x", "2");
    }

    @Test
    void the_empty_pointer_is_the_whole_document() {
        assertThat(extract("[1,\"two\"]", "", "/1")).containsExactly("[1,\"two\"]", "two");
        assertThat(extract("42", "")).containsExactly("42");
    }

    @Test
    void a_payload_that_is_not_json_reports_failure_and_leaves_the_cells_empty() {
        JsonColumns columns = new JsonColumns(new JsonPointer[] {JsonPointer.compile("/a")});
        String[] cells = {"x", "stale"};
        assertThat(columns.extract("hello".getBytes(StandardCharsets.UTF_8), cells, 1))
                .isFalse();
        assertThat(cells).containsExactly("x", "");
        assertThat(columns.extract(new byte[0], cells, 1))
                .as("an empty payload")
                .isFalse();
        assertThat(columns.extract("{\"b\": [1, ".getBytes(StandardCharsets.UTF_8), cells, 1))
                .as("broken before the wanted value")
                .isFalse();
    }

    @Test
    void agrees_with_the_tree_on_a_mixed_document() throws Exception {
        String json = "{\"s\":\"t\",\"f\":1.5,\"o\":{\"k\":[true,false,null]},\"e\":[]}";
        String[] pointers = {"/s", "/f", "/o/k/0", "/o/k", "/e", "/o/k/2"};
        var tree = new ObjectMapper().readTree(json);
        String[] expected =
                Arrays.stream(pointers).map(p -> JsonColumns.text(tree.at(p))).toArray(String[]::new);
        assertThat(extract(json, pointers)).containsExactly(expected);
    }
}
