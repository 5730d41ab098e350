package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.testops.TestOps;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void chain_cooks_once_then_idles() {
        Graph g = Graph.builder()
                .node("src", TestOps.SOURCE, p -> p.set(TestOps.ROWS, 3))
                .node("pass", TestOps.PASS)
                .node("sink", TestOps.SINK)
                .wire("src", "pass").wire("pass", "sink")
                .build();
        try (Patch patch = Patch.start(g, PatchOptions.builder().manual().registry(TestOps.registry()).build())) {
            patch.step();
            patch.step();
            var stats = patch.stats();
            assertThat(stats).extracting(NodeStats::cookCount).containsExactly(1L, 1L, 1L);
            assertThat(stats.get(2).info()).containsEntry("rows", 3.0);
        }
    }
}
