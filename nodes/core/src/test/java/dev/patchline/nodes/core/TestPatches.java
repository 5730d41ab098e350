package dev.patchline.nodes.core;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.OperatorRegistry;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for graphs of several core operators on the manual clock. */
public final class TestPatches {
    private TestPatches() {}

    /** {@return a started patch of {@code g} on the manual clock, every node watched} */
    public static Patch manual(Graph g) {
        return Patch.start(
                g,
                PatchOptions.builder()
                        .manual()
                        .watchAll()
                        .registry(OperatorRegistry.load(TestPatches.class.getClassLoader()))
                        .build());
    }

    /** {@return node {@code id}'s table as rows of cells, header first} */
    public static List<List<String>> rows(Patch p, String id) {
        return p.query(v -> {
                    var t = v.node(id).getTable();
                    List<List<String>> out = new ArrayList<>();
                    List<String> h = new ArrayList<>();
                    for (int c = 0; c < t.numCols(); c++) h.add(t.header(c));
                    out.add(h);
                    for (int r = 0; r < t.numRows(); r++) {
                        List<String> row = new ArrayList<>();
                        for (int c = 0; c < t.rowLength(r); c++) row.add(t.cell(r, c));
                        out.add(row);
                    }
                    return out;
                })
                .join();
    }

    /** {@return the first sample of channel {@code chan} of node {@code id}} */
    public static double value(Patch p, String id, String chan) {
        return p.query(v -> {
                    Channels c = v.node(id).getChannels();
                    return c.value(chan);
                })
                .join();
    }

    /** {@return a view of node {@code id} (read it on this thread only with the manual clock)} */
    public static NodeView node(Patch p, String id) {
        return p.query(v -> v.node(id)).join();
    }
}
