package dev.patchline.nodes.core.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.nodes.core.Csv;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOutDatTest {
    @TempDir
    Path dir;

    @Test
    void appends_only_new_rows_as_csv_with_header() throws Exception {
        Path f = dir.resolve("logs/out.csv");
        try (OperatorTestRunner r = OperatorTestRunner.of(FileOutDat.TYPE)) {
            r.input(0).setHeader("topic", "payload");
            r.input(0).setMaxRows(100);
            for (int i = 0; i < 100; i++) r.input(0).appendRow("t" + i, "v,\"" + i + "\"");
            r.set(FileOutDat.FILE, f.toString());
            r.cook();
            assertThat(r.info("rows_written")).isEqualTo(100.0);
            r.input(0).appendRow("t100", "last");
            r.cook();
            assertThat(r.info("rows_written")).isEqualTo(1.0);
            assertThat(r.output().numRows()).isEqualTo(100);
        }
        List<String[]> rows = Csv.parse(Files.readString(f), ',');
        assertThat(rows).hasSize(102);
        assertThat(rows.get(0)).containsExactly("topic", "payload");
        assertThat(rows.get(2)).containsExactly("t1", "v,\"1\"");
        assertThat(rows.get(101)).containsExactly("t100", "last");
    }

    @Test
    void json_lines_with_rotation_by_size() throws Exception {
        Path f = dir.resolve("out.jsonl");
        try (OperatorTestRunner r = OperatorTestRunner.of(FileOutDat.TYPE)) {
            r.input(0).setHeader("n");
            r.set(FileOutDat.FILE, f.toString());
            r.set(FileOutDat.FORMAT, FileOutDat.Format.JSONL);
            r.set(FileOutDat.MAXBYTES, 40);
            r.set(FileOutDat.MAXFILES, 2);
            r.cook();
            for (int i = 0; i < 10; i++) {
                r.input(0).appendRow(Integer.toString(i)); // {"n":"i"}\n = 10 bytes
                r.cook();
            }
            assertThat(r.info("total_rows")).isEqualTo(10.0);
            assertThat(r.info("rotations")).isEqualTo(2.0);
        }
        assertThat(Files.readAllLines(f)).containsExactly("{\"n\":\"8\"}", "{\"n\":\"9\"}");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl.1")))
                .hasSize(4)
                .first()
                .isEqualTo("{\"n\":\"4\"}");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl.2")))
                .hasSize(4)
                .first()
                .isEqualTo("{\"n\":\"0\"}");
        assertThat(Files.exists(dir.resolve("out.jsonl.3"))).isFalse();
    }

    @Test
    void unwritable_file_is_an_error_and_the_node_retries() throws Exception {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        try (OperatorTestRunner r = OperatorTestRunner.of(FileOutDat.TYPE)) {
            r.input(0).setHeader("n");
            r.input(0).appendRow("1");
            r.set(FileOutDat.FILE, blocker.resolve("out.csv").toString());
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message())
                    .startsWith("parameter 'file': cannot write "
                            + blocker.resolve("out.csv").toAbsolutePath());
            r.set(FileOutDat.FILE, dir.resolve("ok.csv").toString());
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.OK);
            assertThat(Files.readAllLines(dir.resolve("ok.csv"))).containsExactly("n", "1");
        }
    }
}
