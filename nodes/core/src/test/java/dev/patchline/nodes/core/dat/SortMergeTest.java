package dev.patchline.nodes.core.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortMergeTest {
    static List<String> column(Table t, int c) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.numRows(); r++) out.add(t.cell(r, c));
        return out;
    }

    @Test
    void sorts_numerically_descending_and_stable_with_text_last() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SortDat.TYPE)) {
            r.input(0).setHeader("name", "v");
            r.input(0).appendRow("a", "2");
            r.input(0).appendRow("b", "10");
            r.input(0).appendRow("c", "x");
            r.input(0).appendRow("d", "2");
            r.set(SortDat.SORTCOL, "v");
            r.set(SortDat.TYPE_PARAM, SortDat.KeyType.NUMERIC);
            r.set(SortDat.ORDER, SortDat.Order.DESCENDING);
            r.cook();
            assertThat(column(r.output(), 0)).containsExactly("b", "a", "d", "c");
            r.set(SortDat.TYPE_PARAM, SortDat.KeyType.ALPHABETIC);
            r.set(SortDat.ORDER, SortDat.Order.ASCENDING);
            r.cook();
            assertThat(column(r.output(), 1)).containsExactly("10", "2", "2", "x");
        }
    }

    @Test
    void insertion_touches_only_rows_from_the_insertion_point() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SortDat.TYPE)) {
            r.input(0).setHeader("t");
            for (int i = 0; i < 5000; i++) r.input(0).appendRow(String.format("%06d", i * 2));
            r.cook();
            assertThat(r.info("rows_touched")).isEqualTo(5000.0);

            // A time-ordered log: new rows sort at the end, old rows leave at the head.
            r.input(0).dropHead(3);
            r.input(0).appendRow("020000");
            r.input(0).appendRow("020002");
            r.cook();
            assertThat(r.info("rows_touched")).isEqualTo(2.0);
            assertThat(r.output().numRows()).isEqualTo(4999);
            assertThat(r.output().cell(0, 0)).isEqualTo("000006");
            assertThat(r.output().cell(4998, 0)).isEqualTo("020002");

            // A key near the end rewrites only the tail behind it.
            r.input(0).appendRow("009997");
            r.cook();
            assertThat(r.info("rows_touched")).isEqualTo(4999.0 + 1 - 4996);
            assertThat(r.output().cell(4995, 0)).isEqualTo("009996");
            assertThat(r.output().cell(4996, 0)).isEqualTo("009997");
            assertThat(r.output().cell(4997, 0)).isEqualTo("009998");
        }
    }

    @Test
    void random_appends_and_drops_match_a_full_sort() {
        Random rnd = new Random(42);
        try (OperatorTestRunner r = OperatorTestRunner.of(SortDat.TYPE)) {
            r.input(0).setHeader("k", "n");
            r.set(SortDat.TYPE_PARAM, SortDat.KeyType.NUMERIC);
            List<String[]> model = new ArrayList<>();
            int serial = 0;
            for (int step = 0; step < 60; step++) {
                int drops = Math.min(model.size(), rnd.nextInt(4));
                r.input(0).dropHead(drops);
                model.subList(0, drops).clear();
                for (int i = rnd.nextInt(6); i > 0; i--) {
                    String[] row = {Integer.toString(rnd.nextInt(20)), Integer.toString(serial++)};
                    r.input(0).appendRow(row.clone());
                    model.add(row);
                }
                r.cook();
                List<String[]> expected = new ArrayList<>(model);
                expected.sort((a, b) -> Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0])));
                List<String> exp = new ArrayList<>();
                for (String[] e : expected) exp.add(e[1]);
                assertThat(column(r.output(), 1)).as("step " + step).isEqualTo(exp);
            }
        }
    }

    @Test
    void unknown_sort_column_names_the_parameter() {
        try (OperatorTestRunner r = OperatorTestRunner.of(SortDat.TYPE)) {
            r.input(0).setHeader("a");
            r.set(SortDat.SORTCOL, "zz");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message())
                    .isEqualTo("parameter 'sortcol': no column 'zz'; use a header name or an index below 1");
        }
    }

    @Test
    void merge_appends_by_column_name_and_applies_appends_of_the_last_input() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MergeDat.TYPE)) {
            r.input(0).setHeader("id", "temp");
            r.input(0).appendRow("a", "1");
            r.input(1).setHeader("temp", "hum");
            for (int i = 0; i < 1000; i++) r.input(1).appendRow(Integer.toString(i), "50");
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(3);
            assertThat(r.output().header(2)).isEqualTo("hum");
            assertThat(r.output().numRows()).isEqualTo(1001);
            assertThat(r.output().cell(1, "id")).isEqualTo("");
            assertThat(r.output().cell(1, "temp")).isEqualTo("0");
            assertThat(r.info("rows_touched")).isEqualTo(1001.0);

            r.input(1).appendRow("x", "51");
            r.cook();
            assertThat(r.info("rows_touched")).isEqualTo(1.0);
            assertThat(r.output().cell(1001, "hum")).isEqualTo("51");

            r.input(0).dropHead(1);
            r.cook();
            assertThat(r.info("rows_touched")).isEqualTo(0.0);
            assertThat(r.output().numRows()).isEqualTo(1001);

            r.input(0).appendRow("b", "2"); // lands in the middle: rebuild
            r.cook();
            assertThat(r.output().cell(0, "id")).isEqualTo("b");
            assertThat(r.info("rows_touched")).isEqualTo(1002.0);
        }
    }

    @Test
    void merge_stream_interleaves_arrivals_and_bounds_rows() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MergeDat.TYPE)) {
            r.input(0).setHeader("m");
            r.input(1).setHeader("m");
            r.set(MergeDat.HOW, MergeDat.How.STREAM);
            r.set(MergeDat.MAXLINES, 3);
            r.cook();
            r.input(0).appendRow("a1");
            r.input(1).appendRow("b1");
            r.cook();
            r.input(1).appendRow("b2");
            r.input(0).appendRow("a2");
            r.cook();
            assertThat(column(r.output(), 0)).containsExactly("b1", "a2", "b2");
            assertThat(r.info("rows_touched")).isEqualTo(2.0);
        }
    }

    @Test
    void merge_join_by_key() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MergeDat.TYPE)) {
            r.input(0).setHeader("id", "temp");
            r.input(0).appendRow("k", "21");
            r.input(0).appendRow("h", "19");
            r.input(1).setHeader("id", "name", "temp");
            r.input(1).appendRow("h", "Hall", "0");
            r.set(MergeDat.HOW, MergeDat.How.JOIN);
            r.cook();
            assertThat(r.output().numCols()).isEqualTo(4);
            assertThat(r.output().header(3)).isEqualTo("temp_2");
            assertThat(r.output().cell(1, "name")).isEqualTo("Hall");
            assertThat(r.output().cell(0, "name")).isEqualTo("");
            r.set(MergeDat.KEY, "room");
            r.cook();
            assertThat(r.message()).isEqualTo("parameter 'key': input 1 has no column 'room'");
        }
    }
}
