package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSelectDatTest {

    private static List<String> topics(Table t) {
        List<String> list = new ArrayList<>();
        for (int r = 0; r < t.numRows(); r++) list.add(t.cell(r, "topic"));
        return list;
    }

    @Test
    void keeps_rows_matching_the_filter_by_mqtt_rules() {
        try (OperatorTestRunner r =
                OperatorTestRunner.of(TopicSelectDat.TYPE).set(TopicSelectDat.FILTER, "sensors/+/temp")) {
            OutputTable in = r.input(0);
            in.setHeader("topic", "payload");
            in.appendRow("sensors/kitchen/temp", "21");
            in.appendRow("sensors/kitchen/humidity", "40");
            in.appendRow("sensors/hall/temp", "19");
            in.appendRow("sensors/temp", "0");
            r.cook();
            assertThat(topics(r.output())).containsExactly("sensors/kitchen/temp", "sensors/hall/temp");
            assertThat(r.output().cell(1, "payload")).isEqualTo("19");
            assertThat(r.info("kept")).isEqualTo(2.0);

            r.set(TopicSelectDat.FILTER, "#");
            r.input(0).appendRow("$SYS/uptime", "5");
            r.cook();
            assertThat(topics(r.output()))
                    .as("# does not match $ topics (MQTT-4.7.2-1)")
                    .hasSize(4)
                    .doesNotContain("$SYS/uptime");

            r.set(TopicSelectDat.INVERT, true);
            r.cook();
            assertThat(topics(r.output())).containsExactly("$SYS/uptime");
        }
    }

    @Test
    void follows_a_bounded_log_incrementally() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TopicSelectDat.TYPE).set(TopicSelectDat.FILTER, "a/#")) {
            OutputTable in = r.input(0);
            in.setHeader("topic", "payload");
            in.setMaxRows(3);
            in.appendRow("a/1", "1");
            in.appendRow("b/1", "2");
            r.cook();
            assertThat(topics(r.output())).containsExactly("a/1");
            long version = r.output().version();

            r.input(0).appendRow("a/2", "3"); // r.input(0) tells the runner the feed changed
            r.input(0).appendRow("a/3", "4"); // drops a/1 and b/1 from the input's head
            r.cook();
            assertThat(topics(r.output())).containsExactly("a/2", "a/3");
            assertThat(r.output().delta().continuesFrom(version))
                    .as("an incremental delta, not a rebuild")
                    .isTrue();
            assertThat(r.output().delta().appended()).isEqualTo(2);
            assertThat(r.output().delta().droppedHead()).isEqualTo(1);
        }
    }

    @Test
    void an_invalid_filter_or_missing_column_is_an_error_naming_the_parameter() {
        // A constant bad filter is refused when the graph loads (MqttClientDatValidationTest); a computed one is seen
        // by the node at cook time.
        try (OperatorTestRunner r =
                OperatorTestRunner.of(TopicSelectDat.TYPE).expr(TopicSelectDat.FILTER, "'a/#' + '/b'")) {
            r.input(0).setHeader("topic");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message())
                    .startsWith("parameter 'filter':")
                    .endsWith("write a filter like sensors/+/temp or sensors/#");

            r.set(TopicSelectDat.FILTER, "a/+");
            r.set(TopicSelectDat.COLUMN, "name");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).startsWith("parameter 'column': the input has no column 'name'");
        }
    }
}
