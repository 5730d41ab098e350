package dev.patchline.nodes.core.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableDatTest {
    @TempDir
    Path dir;

    @Test
    void inline_csv_with_header() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TableDat.TYPE)) {
            r.set(TableDat.DATA, "name,temp\nkitchen,21\n\nhall,\"19,5\"\n");
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(2);
            assertThat(r.output().header(1)).isEqualTo("temp");
            assertThat(r.output().numRows()).isEqualTo(2);
            assertThat(r.output().cell(1, "temp")).isEqualTo("19,5");
            r.cook();
            assertThat(r.cookCount()).isEqualTo(1);
        }
    }

    @Test
    void without_header_columns_are_named_by_index() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TableDat.TYPE)) {
            r.set(TableDat.DATA, "a,b\nc");
            r.set(TableDat.FIRSTROWHEADER, false);
            r.cook();
            assertThat(r.output().header(0)).isEqualTo("c0");
            assertThat(r.output().numRows()).isEqualTo(2);
            assertThat(r.output().cell(1, 1)).isEqualTo("");
        }
    }

    @Test
    void loads_a_tsv_file_and_reloads_when_it_changes() throws Exception {
        Path f = dir.resolve("rooms.tsv");
        Files.writeString(f, "room\ttemp\nkitchen\t21\n");
        try (OperatorTestRunner r = OperatorTestRunner.of(TableDat.TYPE)) {
            r.set(TableDat.FILE, f.toString());
            r.cook();
            assertThat(r.output().cell(0, "temp")).isEqualTo("21");
            Files.writeString(f, "room\ttemp\nkitchen\t22\nhall\t18\n");
            r.cookUntil(() -> r.output().numRows() == 2, Duration.ofSeconds(10), "the two rows of the edited file");
            assertThat(r.output().cell(0, "temp")).isEqualTo("22");
            assertThat(r.info("loads")).isEqualTo(2.0);
        }
    }

    @Test
    void missing_file_is_an_error_on_the_node_and_loads_when_it_appears() throws Exception {
        Path f = dir.resolve("later.csv");
        try (OperatorTestRunner r = OperatorTestRunner.of(TableDat.TYPE)) {
            r.set(TableDat.FILE, f.toString());
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message())
                    .contains("parameter 'file'", f.toAbsolutePath().toString(), "does not exist");
            Files.writeString(f, "a,b\n1,2\n");
            r.cookUntil(() -> r.state() == NodeState.OK, Duration.ofSeconds(10), "state OK");
            assertThat(r.output().cell(0, "b")).isEqualTo("2");
        }
    }

    @Test
    void bad_quoting_is_reported_with_the_line() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TableDat.TYPE)) {
            r.set(TableDat.DATA, "a,b\n\"open,1\n");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).isEqualTo("parameter 'data': quoted field opened on line 2 is never closed");
        }
    }
}
