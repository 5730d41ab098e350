package dev.patchline.nodes.core.dat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectDatTest {
    private static void rooms(OperatorTestRunner r) {
        r.input(0).setHeader("room", "temp", "hum");
        r.input(0).appendRow("kitchen", "21", "40");
        r.input(0).appendRow("hall", "19", "45");
        r.input(0).appendRow("attic", "27", "30");
        r.input(0).appendRow("cellar", "12", "80");
    }

    private static String col(Table t, int c) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < t.numRows(); r++) b.append(r == 0 ? "" : ",").append(t.cell(r, c));
        return b.toString();
    }

    @Test
    void rows_by_name_range_and_columns_by_pattern() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYNAME);
            r.set(SelectDat.ROWNAMESTART, "hall");
            r.set(SelectDat.ROWNAMEEND, "attic");
            r.set(SelectDat.EXTRACTCOLS, Extract.BYNAMES);
            r.set(SelectDat.COLNAMES, "room t*");
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(2);
            assertThat(r.output().header(1)).isEqualTo("temp");
            assertThat(col(r.output(), 0)).isEqualTo("hall,attic");
        }
    }

    @Test
    void rows_by_index_range_and_columns_by_index() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYINDEX);
            r.set(SelectDat.ROWINDEXSTART, 1);
            r.set(SelectDat.ROWINDEXEND, 2);
            r.set(SelectDat.EXTRACTCOLS, Extract.BYINDEX);
            r.set(SelectDat.COLINDEXSTART, 1);
            r.cook();
            assertThat(r.output().header(0)).isEqualTo("temp");
            assertThat(r.output().numCols()).isEqualTo(2);
            assertThat(col(r.output(), 0)).isEqualTo("19,27");
        }
    }

    @Test
    void rows_from_name_to_index_and_index_to_name() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYNAMEINDEX);
            r.set(SelectDat.ROWNAMESTART, "hall");
            r.set(SelectDat.ROWINDEXEND, 3);
            r.cook();
            assertThat(col(r.output(), 0)).isEqualTo("hall,attic,cellar");
            r.set(SelectDat.EXTRACTROWS, Extract.BYINDEXNAME);
            r.set(SelectDat.ROWINDEXSTART, 0);
            r.set(SelectDat.ROWNAMEEND, "hall");
            r.cook();
            assertThat(col(r.output(), 0)).isEqualTo("kitchen,hall");
        }
    }

    @Test
    void rows_by_name_pattern_in_another_column() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYNAMES);
            r.set(SelectDat.FROMCOL, "hum");
            r.set(SelectDat.ROWNAMES, "4* ^45");
            r.cook();
            assertThat(col(r.output(), 0)).isEqualTo("kitchen");
        }
    }

    @Test
    void rows_by_expression_with_input_row() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYEXPR);
            r.set(SelectDat.ROWEXPR, "me.inputRow['temp'].toDouble() > 20 && me.inputCell != 'attic'");
            r.cook();
            assertThat(col(r.output(), 0)).isEqualTo("kitchen");
        }
    }

    @Test
    void expression_cooks_incrementally_on_appends_and_head_drops() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            r.input(0).setHeader("id", "temp");
            for (int i = 0; i < 10_000; i++) r.input(0).appendRow("m" + i, Integer.toString(i % 40));
            r.set(SelectDat.EXTRACTROWS, Extract.BYEXPR);
            r.set(SelectDat.ROWEXPR, "me.inputRow[1].toInteger() >= 30");
            r.cook();
            assertThat(r.info("rows_examined")).isEqualTo(10_000.0);
            assertThat(r.output().numRows()).isEqualTo(2_500);

            // A FIFO step: 5 rows leave the head (m0..m4: temps 0..4, none selected), 5 arrive.
            r.input(0).dropHead(5);
            for (int i = 0; i < 5; i++) r.input(0).appendRow("n" + i, "35");
            r.cook();
            assertThat(r.info("rows_examined")).isEqualTo(5.0);
            assertThat(r.output().numRows()).isEqualTo(2_505);

            // Drop 40 more rows: 10 of them (temps 30..39) were selected and leave the output's head.
            r.input(0).dropHead(40);
            r.cook();
            assertThat(r.info("rows_examined")).isEqualTo(0.0);
            assertThat(r.output().numRows()).isEqualTo(2_495);
            assertThat(r.output().cell(0, 0)).isEqualTo("m70");
            assertThat(r.output().cell(2_494, 0)).isEqualTo("n4");
        }
    }

    @Test
    void cell_edits_update_selected_rows_in_place_and_rescan_only_when_selection_changes() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            r.input(0).setHeader("id", "temp");
            for (int i = 0; i < 1000; i++) r.input(0).appendRow("m" + i, i % 2 == 0 ? "30" : "10");
            r.set(SelectDat.EXTRACTROWS, Extract.BYEXPR);
            r.set(SelectDat.ROWEXPR, "me.inputRow['temp'].toInteger() >= 20");
            r.cook();
            assertThat(r.output().numRows()).isEqualTo(500);

            r.input(0).setCell(500, 1, "31"); // m500 stays selected: updated in place
            r.cook();
            assertThat(r.info("rows_examined")).isEqualTo(1.0);
            assertThat(r.output().cell(250, "temp")).isEqualTo("31");

            r.input(0).setCell(501, 1, "25"); // m501 enters the selection: rescan
            r.cook();
            assertThat(r.info("rows_examined")).isEqualTo(1000.0);
            assertThat(r.output().numRows()).isEqualTo(501);
            assertThat(r.output().cell(251, "id")).isEqualTo("m501");
        }
    }

    static Stream<Arguments> bad_row_expressions() {
        return Stream.of(
                arguments(
                        "does not compile: the message shows line and column",
                        "me.inputRow['temp'] >>> )",
                        "parameter 'rowexpr' does not compile at line 1, column "),
                arguments(
                        "fails at run time: the message names the row",
                        "me.inputRow['room'].toDouble() > 1",
                        "parameter 'rowexpr' failed on row 0: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad_row_expressions")
    void a_bad_row_expression_is_an_error_on_the_node(String what, String expression, String messageStart) {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYEXPR);
            r.set(SelectDat.ROWEXPR, expression);
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).startsWith(messageStart);
        }
    }

    @Test
    void missing_name_range_start_is_a_warning() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.EXTRACTROWS, Extract.BYNAME);
            r.set(SelectDat.ROWNAMESTART, "garage");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message()).isEqualTo("parameter 'rownamestart': no row named 'garage' in column 0");
            assertThat(r.output().numRows()).isZero();
        }
    }

    @Test
    void dat_parameter_reads_another_table() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SelectDat.TYPE)) {
            rooms(r);
            r.set(SelectDat.DAT, "in0");
            r.set(SelectDat.EXTRACTCOLS, Extract.BYNAME);
            r.set(SelectDat.COLNAMESTART, "temp");
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(2);
            assertThat(r.output().numRows()).isEqualTo(4);
        }
    }
}
