package dev.patchline.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.testops.TestOps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A renamed operator type keeps its graphs loading under the former id, with a warning naming the new id. */
class FormerOperatorIdsTest {
    private static final OperatorType RENAMED = OperatorType.define("renamedOp", Family.DAT)
            .formerIds("renamedop")
            .summary("Test: an operator whose id changed.")
            .build(() -> ctx -> {});
    private static final OperatorRegistry REGISTRY = OperatorRegistry.of(RENAMED, TestOps.SOURCE);
    private static final GraphValidator.Context CONTEXT = GraphValidator.Context.of(Map.of(), null, null);

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void captureLog() {
        stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(stderr);
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_graph_with_the_former_id_loads_as_the_current_type_with_one_warning_line() {
        Graph g = GraphJson.read("""
                {"patchline": 1, "nodes": [{"id": "a", "type": "renamedop"}]}
                """, "old.json", REGISTRY, CONTEXT);

        assertThat(g.nodes().get(0).type()).isEqualTo("renamedOp");
        assertThat(logged().lines().filter(l -> l.contains("deprecated")))
                .singleElement()
                .asString()
                .contains("/nodes/0/type", "'renamedop'", "use 'renamedOp'");
        assertThat(GraphJson.write(g, REGISTRY)).contains("\"renamedOp\"").doesNotContain("\"renamedop\"");
    }

    @Test
    void a_graph_built_in_code_with_the_former_id_validates_with_the_warning() {
        Graph g = Graph.builder().node("a", "renamedop", p -> {}).build();

        assertThat(GraphValidator.validate(g, REGISTRY, CONTEXT)).isEmpty();
        assertThat(REGISTRY.find("renamedop")).containsSame(RENAMED);
        assertThat(logged()).contains("operator type 'renamedop' is deprecated, use 'renamedOp'");
    }

    @Test
    void the_current_id_loads_without_a_warning() {
        GraphJson.read("""
                {"patchline": 1, "nodes": [{"id": "a", "type": "renamedOp"}]}
                """, "new.json", REGISTRY, CONTEXT);

        assertThat(logged()).doesNotContain("deprecated");
        assertThat(REGISTRY.renamedTo("renamedOp")).isEmpty();
    }
}
