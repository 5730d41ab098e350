package dev.patchline.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputTableTest {

    @Test
    void appended_rows_are_published_with_a_delta_on_commit() {
        OutputTable t = new OutputTable();
        t.setHeader("topic", "payload");
        t.appendRow("a", "1");
        assertThat(t.version()).isZero();
        assertThat(t.commit()).isTrue();
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.delta().reset()).as("header set").isTrue();
        t.appendRow("b", "2");
        t.appendRow("c", "3");
        assertThat(t.commit()).isTrue();
        TableDelta d = t.delta();
        assertThat(d.continuesFrom(1)).isTrue();
        assertThat(d.appended()).isEqualTo(2);
        assertThat(d.droppedHead()).isZero();
        assertThat(t.cell(2, "payload")).isEqualTo("3");
        assertThat(t.commit()).as("nothing changed").isFalse();
        assertThat(t.version()).isEqualTo(2);
    }

    @Test
    void max_rows_makes_a_fifo_that_drops_the_oldest_rows() {
        OutputTable t = new OutputTable();
        t.setHeader("n");
        t.setMaxRows(3);
        for (int i = 0; i < 10; i++) t.appendRow(Integer.toString(i));
        t.commit();
        assertThat(t.numRows()).isEqualTo(3);
        assertThat(t.cell(0, 0)).isEqualTo("7");
        assertThat(t.cell(2, 0)).isEqualTo("9");
        assertThat(t.firstRowSeq()).isEqualTo(7);
        t.appendRow("10");
        t.commit();
        assertThat(t.delta().appended()).isEqualTo(1);
        assertThat(t.delta().droppedHead()).isEqualTo(1);
        assertThat(t.cell(0, 0)).isEqualTo("8");
        t.setMaxRows(1);
        t.commit();
        assertThat(t.numRows()).isEqualTo(1);
        assertThat(t.cell(0, 0)).isEqualTo("10");
        assertThat(t.delta().droppedHead()).isEqualTo(2);
    }

    @Test
    void rows_appended_and_dropped_within_one_cook_are_not_reported_as_both() {
        OutputTable t = new OutputTable();
        t.setMaxRows(2);
        t.appendRow("a");
        t.appendRow("b");
        t.commit();
        for (int i = 0; i < 5; i++) t.appendRow("x" + i);
        t.commit();
        // the two old rows were dropped; of the five new ones only the last two survive
        assertThat(t.delta().droppedHead()).isEqualTo(2);
        assertThat(t.delta().appended()).isEqualTo(2);
        assertThat(t.cell(0, 0)).isEqualTo("x3");
    }

    @Test
    void skipped_rows_end_like_rows_appended_and_pushed_out_in_the_same_cook() {
        // Reference: every row appended one by one. Skipping: a row is skipped whenever at least maxRows rows
        // follow it in the same cook. Table and delta must agree after every cook.
        Random random = new Random(7);
        for (int maxRows : new int[] {1, 3, 100}) {
            OutputTable ref = new OutputTable();
            OutputTable fast = new OutputTable();
            ref.setMaxRows(maxRows);
            fast.setMaxRows(maxRows);
            int next = 0;
            for (int cook = 0; cook < 200; cook++) {
                int rows = random.nextInt(3 * maxRows + 2);
                int skippable = Math.max(0, rows - maxRows);
                for (int i = 0; i < rows; i++) ref.appendRow(Integer.toString(next + i));
                fast.skipRows(skippable);
                for (int i = skippable; i < rows; i++) fast.appendRow(Integer.toString(next + i));
                next += rows;
                assertThat(fast.commit()).as("cook %d changed", cook).isEqualTo(ref.commit());
                assertThat(fast.version()).isEqualTo(ref.version());
                assertThat(fast.firstRowSeq()).isEqualTo(ref.firstRowSeq());
                assertThat(fast.numRows()).isEqualTo(ref.numRows());
                for (int r = 0; r < ref.numRows(); r++)
                    assertThat(fast.cell(r, 0)).isEqualTo(ref.cell(r, 0));
                assertThat(fast.delta().appended())
                        .as("appended, cook %d", cook)
                        .isEqualTo(ref.delta().appended());
                assertThat(fast.delta().droppedHead())
                        .as("dropped, cook %d", cook)
                        .isEqualTo(ref.delta().droppedHead());
                assertThat(fast.delta().reset()).isEqualTo(ref.delta().reset());
            }
        }
    }

    @Test
    void skipping_rows_drops_the_current_ones_and_moves_the_sequence_on() {
        OutputTable t = new OutputTable();
        t.setMaxRows(2);
        t.appendRow("a");
        t.appendRow("b");
        t.commit();
        t.skipRows(1_000);
        t.appendRow("y");
        t.appendRow("z");
        assertThat(t.commit()).isTrue();
        assertThat(t.firstRowSeq()).isEqualTo(1_002);
        assertThat(t.cell(0, 0)).isEqualTo("y");
        assertThat(t.delta().droppedHead()).isEqualTo(2);
        assertThat(t.delta().appended()).isEqualTo(2);
        assertThat(t.delta().continuesFrom(1)).isTrue();
        t.skipRows(0);
        assertThat(t.commit()).as("skipping nothing changes nothing").isFalse();
        assertThatThrownBy(() -> t.skipRows(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void the_ring_grows_without_losing_order() {
        OutputTable t = new OutputTable();
        t.setMaxRows(0);
        for (int i = 0; i < 1000; i++) {
            t.appendRow(Integer.toString(i));
            if (i % 7 == 0) t.dropHead(1);
        }
        long first = t.firstRowSeq();
        for (int r = 0; r < t.numRows(); r++) assertThat(t.cell(r, 0)).isEqualTo(Long.toString(first + r));
    }

    @Test
    void cell_changes_are_listed_by_row_sequence() {
        OutputTable t = new OutputTable();
        t.setHeader("a", "b");
        t.appendRow("1", "2");
        t.appendRow("3");
        t.commit();
        t.setCell(1, 1, "4");
        t.setCell(0, 0, "1"); // same value: no change
        assertThat(t.commit()).isTrue();
        assertThat(t.delta().changedCells()).isEqualTo(1);
        assertThat(t.delta().changedRowSeq(0)).isEqualTo(1);
        assertThat(t.delta().changedCol(0)).isEqualTo(1);
        assertThat(t.cell(1, "b")).isEqualTo("4");
        assertThat(t.cell(0, "missing")).isEmpty();
    }

    @Test
    void raw_bytes_are_kept_per_cell() {
        OutputTable t = new OutputTable();
        t.appendRow("text");
        t.appendRow(new String[] {"topic", "payload"}, new byte[][] {null, {1, 2, 3}});
        assertThat(t.bytes(0, 0)).isNull();
        assertThat(t.bytes(1, 0)).isNull();
        assertThat(t.bytes(1, 1)).containsExactly(1, 2, 3);
    }

    @Test
    void bad_indexes_say_what_is_there() {
        OutputTable t = new OutputTable();
        t.appendRow("a");
        assertThatThrownBy(() -> t.cell(3, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("row 3 of 1 rows");
        assertThatThrownBy(() -> t.setMaxRows(-1)).hasMessage("maxRows must be >= 0, got -1");
    }

    @Test
    void channels_change_version_only_when_values_change() {
        OutputChannels c = new OutputChannels();
        c.set("x", 1.0);
        assertThat(c.commit()).isTrue();
        c.set("x", 1.0);
        assertThat(c.commit()).isFalse();
        c.set("x", 2.0);
        assertThat(c.commit()).isTrue();
        assertThat(c.value("x")).isEqualTo(2.0);
        assertThat(c.value("y")).isNaN();
        c.setNumSamples(3);
        c.set(0, 2, 5.0);
        assertThat(c.value(0, 2)).isEqualTo(5.0);
        assertThat(c.numSamples()).isEqualTo(3);
    }
}
