package dev.patchline.nodes.core.dat;

import static dev.patchline.nodes.core.dat.SortMergeTest.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformDatsTest {
    @Test
    void transpose_swaps_rows_and_columns() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TransposeDat.TYPE)) {
            r.input(0).setHeader("name", "temp");
            r.input(0).appendRow("kitchen", "21");
            r.input(0).appendRow("hall", "19");
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(3);
            assertThat(r.output().header(2)).isEqualTo("hall");
            assertThat(r.output().numRows()).isEqualTo(1);
            assertThat(r.output().cell(0, "kitchen")).isEqualTo("21");
        }
    }

    @Test
    void convert_text_to_table_and_back() {
        try (OperatorTestRunner r = OperatorTestRunner.of(ConvertDat.TYPE)) {
            r.input(0).setHeader("text");
            r.input(0).appendRow("room;temp");
            r.input(0).appendRow("kitchen;;21");
            r.set(ConvertDat.DELIMITERS, ";");
            r.set(ConvertDat.REMOVEBLANK, true);
            r.cook();
            assertThat(r.output().header(1)).isEqualTo("temp");
            assertThat(r.output().cell(0, "temp")).isEqualTo("21");

            r.input(0).appendRow("hall;19");
            r.cook();
            assertThat(r.info("rows_converted")).isEqualTo(1.0);
            assertThat(r.output().cell(1, 1)).isEqualTo("19");

            r.set(ConvertDat.HOW, ConvertDat.How.TOTEXT);
            r.set(ConvertDat.SPACER, "|");
            r.cook();
            assertThat(column(r.output(), 0)).containsExactly("text", "room;temp", "kitchen;;21", "hall;19");
        }
    }

    @Test
    void switch_follows_index_and_applies_deltas() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SwitchDat.TYPE)) {
            r.input(0).setHeader("a");
            r.input(0).appendRow("0");
            r.input(1).setHeader("b");
            r.input(1).appendRow("1");
            r.cook();
            assertThat(r.output().header(0)).isEqualTo("a");
            r.set(SwitchDat.INDEX, 1);
            r.cook();
            assertThat(r.output().header(0)).isEqualTo("b");
            r.input(1).appendRow("2");
            r.cook();
            assertThat(r.info("rows_copied")).isEqualTo(1.0);
            assertThat(r.output().numRows()).isEqualTo(2);
            r.set(SwitchDat.INDEX, 5);
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message()).isEqualTo("parameter 'index' is 5 but only 2 inputs are wired; using 1");
        }
    }

    @Test
    void evaluate_per_cell_incrementally() {
        try (OperatorTestRunner r = OperatorTestRunner.of(EvaluateDat.TYPE)) {
            r.input(0).setHeader("room", "c");
            for (int i = 0; i < 500; i++) r.input(0).appendRow("r" + i, Integer.toString(i));
            r.set(EvaluateDat.EXPR, "me.inputCell.toDouble() * 9 / 5 + 32");
            r.set(EvaluateDat.SCOPE, "c");
            r.cook();
            assertThat(r.output().cell(0, "c")).isEqualTo("32");
            assertThat(r.output().cell(1, "c")).isEqualTo("33.8");
            assertThat(r.output().cell(1, "room")).isEqualTo("r1");
            assertThat(r.info("cells_evaluated")).isEqualTo(500.0);

            r.input(0).dropHead(10);
            r.input(0).appendRow("new", "100");
            r.input(0).setCell(0, 1, "0");
            r.cook();
            assertThat(r.info("cells_evaluated")).isEqualTo(2.0);
            assertThat(r.output().numRows()).isEqualTo(491);
            assertThat(r.output().cell(0, "c")).isEqualTo("32");
            assertThat(r.output().cell(490, "c")).isEqualTo("212");
        }
    }

    @Test
    void evaluate_row_access_and_errors() {
        try (OperatorTestRunner r = OperatorTestRunner.of(EvaluateDat.TYPE)) {
            r.input(0).setHeader("a", "b");
            r.input(0).appendRow("2", "3");
            r.set(EvaluateDat.EXPR, "me.inputRow['a'].toInteger() * me.inputRow[1].toInteger() + me.colIndex");
            r.cook();
            assertThat(r.output().cell(0, 0)).isEqualTo("6");
            assertThat(r.output().cell(0, 1)).isEqualTo("7");
            r.set(EvaluateDat.EXPR, "def x = 1\nx = = 2");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).matches("parameter 'expr' does not compile at line 2, column \\d+: .*");
            r.set(EvaluateDat.EXPR, "me.inputCell.noSuchMethod()");
            r.cook();
            assertThat(r.message()).startsWith("parameter 'expr' failed on row 0, column 0: ");
        }
    }

    @Test
    void evaluate_with_an_expression_table_repeats_its_last_row_and_column() {
        try (OperatorTestRunner r = OperatorTestRunner.of(EvaluateDat.TYPE)) {
            r.input(0).setHeader("a", "b", "c");
            r.input(0).appendRow("1", "2", "3");
            r.input(0).appendRow("4", "5", "6");
            r.set(EvaluateDat.TRUST_EXPR_INPUT, true);
            r.input(1).setHeader("e1", "e2");
            r.input(1).appendRow("", "me.inputCell.toInteger() * 10");
            r.input(1).appendRow("me.inputCell + '!'", "me.inputCell.toInteger() + 100");
            r.cook();
            assertThat(r.output().cell(0, 0)).isEqualTo("1"); // empty expression: falls back to 'expr'
            assertThat(r.output().cell(0, 2)).isEqualTo("30"); // last column repeats
            assertThat(r.output().cell(1, 0)).isEqualTo("4!");
            assertThat(r.output().cell(1, 2)).isEqualTo("106");
            r.input(1).setCell(1, 1, "me.inputCell.toInteger() +");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).startsWith("input 'expressions' row 1, column 1 does not compile at line 1");
        }
    }

    @Test
    void evaluate_does_not_run_an_expression_table_it_was_not_told_to_trust(@TempDir Path dir) {
        Path marker = dir.resolve("ran");
        try (OperatorTestRunner r = OperatorTestRunner.of(EvaluateDat.TYPE)) {
            r.input(0).setHeader("a");
            r.input(0).appendRow("1");
            r.input(1).setHeader("e");
            r.input(1).appendRow("new File('" + marker + "').text = 'x'; 'owned'");
            r.cook();
            assertThat(marker).doesNotExist();
            assertThat(r.output().cell(0, 0)).as("every cell used 'expr'").isEqualTo("1");
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).contains("'expressions' input was not run", "trustexprinput");

            r.set(EvaluateDat.TRUST_EXPR_INPUT, true);
            r.cook();
            assertThat(r.output().cell(0, 0)).isEqualTo("owned");
            assertThat(marker).exists();
        }
    }

    @Test
    void json_to_columns_parses_only_new_rows_and_reports_bad_json() {
        try (OperatorTestRunner r = OperatorTestRunner.of(JsonDat.TYPE)) {
            r.input(0).setHeader("topic", "payload");
            for (int i = 0; i < 200; i++)
                r.input(0).appendRow("t", "{\"s\":{\"temp\":" + i + "},\"tags\":[\"a\",\"b\"]}");
            Map<String, String> cols = new LinkedHashMap<>();
            cols.put("temp", "/s/temp");
            cols.put("tag", "$.tags[1]");
            cols.put("s", "s");
            r.set(JsonDat.COLUMNS, cols);
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(5);
            assertThat(r.output().cell(7, "temp")).isEqualTo("7");
            assertThat(r.output().cell(7, "tag")).isEqualTo("b");
            assertThat(r.output().cell(0, "s")).isEqualTo("{\"temp\":0}");
            assertThat(r.info("rows_parsed")).isEqualTo(200.0);

            r.input(0).appendRow("t", "{not json");
            r.input(0).appendRow("t", "{\"s\":{}}");
            r.cook();
            assertThat(r.info("rows_parsed")).isEqualTo(2.0);
            assertThat(r.info("parse_errors")).isEqualTo(1.0);
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message())
                    .startsWith(
                            "row 200: column 'payload' is not valid JSON at line 1, column 2: Unexpected character");
            assertThat(r.output().cell(201, "temp")).isEqualTo("");
        }
    }

    @Test
    void json_bad_path_names_the_column() {
        try (OperatorTestRunner r = OperatorTestRunner.of(JsonDat.TYPE)) {
            r.input(0).setHeader("payload");
            r.set(JsonDat.COLUMNS, Map.of("x", "$.a[*]"));
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message())
                    .isEqualTo(
                            "parameter 'columns', column 'x': '[*]' at position 4 of '$.a[*]' must be an index like [0] or a quoted name like ['a b']");
        }
    }

    @Test
    void json_from_table_as_lines_and_array() {
        try (OperatorTestRunner r = OperatorTestRunner.of(JsonDat.TYPE)) {
            r.input(0).setHeader("room", "temp", "on", "code");
            r.input(0).appendRow("kitchen", "21.5", "true", "007");
            r.set(JsonDat.MODE, JsonDat.Mode.TOLINES);
            r.cook();
            assertThat(r.output().cell(0, 0))
                    .isEqualTo("{\"room\":\"kitchen\",\"temp\":21.5,\"on\":true,\"code\":\"007\"}");
            r.input(0).appendRow("hall", "19", "false", "1");
            r.cook();
            assertThat(r.info("rows_parsed")).isEqualTo(1.0);
            assertThat(r.output().cell(1, 0)).isEqualTo("{\"room\":\"hall\",\"temp\":19,\"on\":false,\"code\":1}");
            r.set(JsonDat.MODE, JsonDat.Mode.TOARRAY);
            r.set(JsonDat.TYPED, false);
            r.cook();
            assertThat(r.output().numRows()).isEqualTo(1);
            assertThat(r.output().cell(0, 0)).startsWith("[{\"room\":\"kitchen\",\"temp\":\"21.5\"");
        }
    }
}
