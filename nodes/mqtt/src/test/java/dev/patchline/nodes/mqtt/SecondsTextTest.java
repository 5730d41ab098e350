package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The {@code time} cell prints exactly what {@code %.3f} prints. */
class SecondsTextTest {
    @Test
    void matches_the_formatter_for_a_spread_of_values() {
        double[] values = {0, 0.0004, 0.0005, 0.001, 0.0105, 0.5, 1, 1.25, 59.9999, 12345.678, 3.1e6, -0.25, -2.0001};
        for (double v : values) {
            assertThat(MessageTable.secondsText(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.3f", v));
        }
        for (int i = 0; i < 100_000; i++) {
            double v = i * 0.0137;
            assertThat(MessageTable.secondsText(v)).isEqualTo(String.format(Locale.ROOT, "%.3f", v));
        }
    }
}
