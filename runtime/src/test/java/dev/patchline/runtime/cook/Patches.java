package dev.patchline.runtime.cook;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.testops.TestOps;
import java.util.Map;

/** Test helpers: start graphs of test operator types on the manual clock and read their stats. */
final class Patches {
    private Patches() {}

    static Patch manual(Graph g, String... watched) {
        return Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .registry(TestOps.registry())
                        .watch(watched)
                        .build());
    }

    static Patch manual(Graph g, Map<String, String> env) {
        return Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .registry(TestOps.registry())
                        .environment(env)
                        .build());
    }

    static NodeStats stats(Patch p, String id) {
        for (NodeStats s : p.stats()) if (s.id().equals(id)) return s;
        throw new AssertionError("no node " + id);
    }

    static long cooks(Patch p, String id) {
        return stats(p, id).cookCount();
    }

    static String cell(Patch p, String id, int row, int col) {
        return p.query(v -> v.node(id).getTable().cell(row, col)).join();
    }

    static int rows(Patch p, String id) {
        return p.query(v -> v.node(id).getTable().numRows()).join();
    }
}
