package dev.patchline.nodes.core.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.nodes.core.TestPatches;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParamValue;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextNullInfoTest {
    @TempDir
    Path dir;

    @Test
    void text_has_one_row_per_line() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TextDat.TYPE)) {
            r.set(TextDat.TEXT, "first\r\nsecond\n\nfourth");
            r.cook();
            assertThat(r.output().header(0)).isEqualTo("text");
            assertThat(r.output().numRows()).isEqualTo(4);
            assertThat(r.output().cell(3, 0)).isEqualTo("fourth");
            assertThat(r.output().cell(2, 0)).isEqualTo("");
        }
    }

    @Test
    void text_file_reloads_and_missing_file_keeps_last_text() throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "one\n");
        try (OperatorTestRunner r = OperatorTestRunner.of(TextDat.TYPE)) {
            r.set(TextDat.FILE, f.toString());
            r.cook();
            assertThat(r.output().cell(0, 0)).isEqualTo("one");
            Files.delete(f);
            r.cookUntil(() -> r.state() == NodeState.ERROR, Duration.ofSeconds(10), "state ERROR");
            assertThat(r.message()).contains("parameter 'file'", "does not exist");
            assertThat(r.output().cell(0, 0)).isEqualTo("one");
        }
    }

    @Test
    void null_applies_appends_drops_and_cell_changes_incrementally() {
        try (OperatorTestRunner r = OperatorTestRunner.of(NullDat.TYPE)) {
            r.input(0).setHeader("v");
            for (int i = 0; i < 1000; i++) r.input(0).appendRow("r" + i);
            r.cook();
            assertThat(r.output().numRows()).isEqualTo(1000);
            assertThat(r.info("rows_copied")).isEqualTo(1000.0);

            r.input(0).dropHead(2);
            r.input(0).appendRow("new");
            r.input(0).setCell(0, 0, "changed");
            r.cook();
            assertThat(r.info("rows_copied")).isEqualTo(2.0);
            assertThat(r.output().numRows()).isEqualTo(999);
            assertThat(r.output().cell(0, 0)).isEqualTo("changed");
            assertThat(r.output().cell(998, 0)).isEqualTo("new");
        }
    }

    @Test
    void info_describes_another_node_and_follows_its_changes() {
        Graph g = Graph.builder()
                .node("src", TableDat.TYPE, p -> p.set(TableDat.DATA, "a,b\n1,2"))
                .node("about", InfoDat.TYPE, p -> p.set(InfoDat.OP, "src"))
                .build();
        try (Patch p = TestPatches.manual(g)) {
            p.step();
            assertThat(value(p, "family")).isEqualTo("dat");
            assertThat(value(p, "type")).isEqualTo("table");
            assertThat(value(p, "rows")).isEqualTo("1");
            assertThat(value(p, "cols")).isEqualTo("2");
            assertThat(value(p, "state")).isEqualTo("ok");
            assertThat(value(p, "loads")).isEqualTo("1");
            p.edit(e -> e.setParam("src", "data", ParamValue.constant("a,b\n1,2\n3,4")))
                    .join();
            p.step();
            assertThat(value(p, "rows")).isEqualTo("2");
            assertThat(value(p, "loads")).isEqualTo("2");
        }
    }

    @Test
    void info_without_target_names_the_parameter() {
        try (OperatorTestRunner r = OperatorTestRunner.of(InfoDat.TYPE)) {
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).isEqualTo("parameter 'op' is empty: set it to the id of the node to describe");
        }
    }

    static String value(Patch p, String name) {
        for (List<String> row : TestPatches.rows(p, "about")) if (row.get(0).equals(name)) return row.get(1);
        throw new AssertionError("no row " + name);
    }
}
