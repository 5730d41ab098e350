package dev.patchline.runtime.cook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.testops.TestOps;
import org.junit.jupiter.api.Test;

/** The Java builder: a three-node graph built and run in about ten lines. */
class BuilderExampleTest {
    @Test
    void three_nodes_in_ten_lines() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 4))
                .node("pass", TestOps.PASS)
                .node("out", TestOps.SINK)
                .wire("src", "pass")
                .wire("pass", "out")
                .build();
        try (Patch patch = Patch.start(
                g, PatchOptions.builder().manual().registry(TestOps.registry()).build())) {
            patch.step();
            assertThat(patch.stats().get(2).info()).containsEntry("rows", 4.0);
        }
    }
}
