package dev.patchline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.Graph;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SensorsToTableSampleTest {

    @Test
    void json_and_java_build_equal_graphs() {
        assertThat(SensorsToTableSample.graph()).isEqualTo(SampleTesting.load("sensors-to-table/graph.json"));
    }

    @Test
    void sensor_messages_become_rows_with_json_columns_and_temperatures_are_selected() {
        int port = SampleTesting.freePort();
        Graph g = SampleTesting.load("sensors-to-table/graph.json");
        g = SampleTesting.withParam(g, "broker", "port", port);
        g = SampleTesting.withParam(g, "sensors", "netaddress", "tcp://127.0.0.1:" + port);
        try (Patch patch = SampleTesting.start(g)) {
            SampleTesting.awaitTable(patch, "sensors", Duration.ofSeconds(90), t -> t.numRows() >= 16);
            Table sensors = SampleTesting.table(patch, "sensors");
            int room = sensors.col("room");
            int kind = sensors.col("kind");
            int topic = sensors.col("topic");
            assertThat(room).isNotNegative();
            for (int r = 0; r < sensors.numRows(); r++) {
                assertThat(sensors.cell(r, topic))
                        .isEqualTo("sensors/" + sensors.cell(r, room) + "/" + sensors.cell(r, kind));
            }
            SampleTesting.awaitTable(patch, "temperatures", Duration.ofSeconds(30), t -> t.numRows() >= 2);
            Table temps = SampleTesting.table(patch, "temperatures");
            assertThat(temps.header(0)).isEqualTo("room");
            assertThat(temps.header(1)).isEqualTo("value");
            for (int r = 0; r < temps.numRows(); r++) {
                assertThat(temps.cell(r, 0)).isIn("kitchen", "hall");
                assertThat(Double.parseDouble(temps.cell(r, 1))).isBetween(10.0, 32.0);
            }
        }
    }
}
