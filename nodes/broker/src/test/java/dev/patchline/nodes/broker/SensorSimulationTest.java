package dev.patchline.nodes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<SensorKind> ALL = List.of(SensorKind.values());

    private record Message(String topic, String json) {}

    private static List<Message> run(SensorSimulation sim, double seconds, double step, double dropout, double day) {
        List<Message> out = new ArrayList<>();
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            sim.advanceTo(
                    t, dropout, day, 1_700_000_000_000L, (s, json) -> out.add(new Message(s.topic(), json.toString())));
        }
        return out;
    }

    @Test
    void sensors_spread_over_rooms_with_topics_per_room_and_kind() {
        SensorSimulation sim = new SensorSimulation("sensors", 6, ALL, 1, 1);
        assertThat(sim.sensors())
                .extracting(SimulatedSensor::topic)
                .containsExactly(
                        "sensors/kitchen/temperature",
                        "sensors/kitchen/humidity",
                        "sensors/kitchen/motion",
                        "sensors/kitchen/accelerometer",
                        "sensors/hall/temperature",
                        "sensors/hall/humidity");
        assertThat(SensorSimulation.roomName(12)).isEqualTo("room13");
    }

    @Test
    void the_same_seed_reproduces_every_message_and_another_seed_does_not() {
        List<Message> a = run(new SensorSimulation("sensors", 8, ALL, 5, 42), 30, 1 / 60.0, 0.01, 600);
        List<Message> b = run(new SensorSimulation("sensors", 8, ALL, 5, 42), 30, 1 / 60.0, 0.01, 600);
        List<Message> c = run(new SensorSimulation("sensors", 8, ALL, 5, 43), 30, 1 / 60.0, 0.01, 600);
        assertThat(a).isNotEmpty().isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void each_sensor_samples_at_the_chosen_rate_without_dropouts() {
        SensorSimulation sim = new SensorSimulation("s", 4, ALL, 10, 7);
        List<Message> msgs = run(sim, 10, 1 / 60.0, 0, 600);
        Map<String, Integer> perTopic = new HashMap<>();
        msgs.forEach(m -> perTopic.merge(m.topic(), 1, Integer::sum));
        // 10 s at 10 Hz: 100 samples (101 when the first due time is exactly t = 0).
        assertThat(perTopic).hasSize(4).allSatisfy((topic, n) -> assertThat(n).isBetween(100, 101));
        assertThat(sim.skipped()).isZero();
    }

    @Test
    void messages_are_json_with_value_unit_sequence_and_timestamp() throws Exception {
        List<Message> msgs = run(new SensorSimulation("sensors", 4, ALL, 1, 3), 3, 0.5, 0, 600);
        for (Message m : msgs) {
            JsonNode n = JSON.readTree(m.json());
            assertThat(m.topic())
                    .isEqualTo("sensors/" + n.get("room").asText() + "/"
                            + n.get("kind").asText());
            assertThat(n.get("value").isNumber()).isTrue();
            assertThat(n.get("seq").asLong()).isPositive();
            assertThat(n.get("ts").asLong()).isEqualTo(1_700_000_000_000L);
            switch (n.get("kind").asText()) {
                case "temperature" -> assertThat(n.get("unit").asText()).isEqualTo("C");
                case "humidity" -> assertThat(n.get("unit").asText()).isEqualTo("%");
                case "motion" -> assertThat(n.get("value").asDouble()).isIn(0.0, 1.0);
                case "accelerometer" -> {
                    assertThat(n.get("unit").asText()).isEqualTo("g");
                    assertThat(n.get("z").asDouble()).isBetween(0.0, 2.0);
                }
                default -> throw new AssertionError(m);
            }
        }
    }

    @Test
    void values_stay_plausible_and_temperature_follows_the_simulated_day() throws Exception {
        // One simulated day of 600 s, sampled at 2 Hz: afternoon is warmer than the early morning.
        SensorSimulation sim = new SensorSimulation("s", 12, ALL, 2, 11);
        double morning = 0;
        double afternoon = 0;
        int nm = 0;
        int na = 0;
        boolean motionSeen = false;
        for (Message m : run(sim, 600, 0.25, 0, 600)) {
            JsonNode n = JSON.readTree(m.json());
            double v = n.get("value").asDouble();
            double dayFraction = (n.get("seq").asLong() / 2.0) / 600;
            switch (n.get("kind").asText()) {
                case "temperature" -> {
                    assertThat(v).isBetween(10.0, 32.0);
                    if (dayFraction > 0.10 && dayFraction < 0.20) {
                        morning += v;
                        nm++;
                    }
                    if (dayFraction > 0.60 && dayFraction < 0.70) {
                        afternoon += v;
                        na++;
                    }
                }
                case "humidity" -> assertThat(v).isBetween(0.0, 100.0);
                case "motion" -> motionSeen |= v == 1.0;
                default -> {}
            }
        }
        assertThat(afternoon / na).isGreaterThan(morning / nm + 2);
        assertThat(motionSeen).as("some motion during a simulated day").isTrue();
    }

    @Test
    void dropouts_silence_a_sensor_for_a_few_seconds() {
        SensorSimulation sim = new SensorSimulation("s", 1, List.of(SensorKind.TEMPERATURE), 10, 5);
        List<Double> times = new ArrayList<>();
        for (double t = 0; t <= 300; t += 0.1) {
            double now = t;
            sim.advanceTo(t, 0.05, 600, 0, (s, json) -> times.add(now));
        }
        int gaps = 0;
        for (int i = 1; i < times.size(); i++) {
            double gap = times.get(i) - times.get(i - 1);
            if (gap > 0.5) {
                gaps++;
                assertThat(gap).isBetween(2.0, 10.5);
            }
        }
        // 0.05 per second over 300 s: about 15 dropout starts, fewer because a silent sensor cannot drop out again.
        assertThat(gaps).as("occasional dropouts in 300 s").isBetween(4, 25);
        assertThat(times.size()).isLessThan(3000);
    }

    @Test
    void the_dropout_rate_is_per_second_whatever_the_sample_rate() {
        long slow = silentSamplesShare(2);
        long fast = silentSamplesShare(50);
        // Same share of silent time (in percent) at 2 Hz and at 50 Hz.
        assertThat(Math.abs(slow - fast)).isLessThanOrEqualTo(6);
        assertThat(slow).isBetween(1L, 40L);
    }

    private static long silentSamplesShare(double rate) {
        SensorSimulation sim = new SensorSimulation("s", 20, List.of(SensorKind.TEMPERATURE), rate, 9);
        int[] produced = {0};
        for (double t = 0; t <= 600; t += 0.25) {
            sim.advanceTo(t, 0.02, 600, 0, (s, json) -> produced[0]++);
        }
        double expected = 20 * rate * 600;
        return Math.round(100 * (1 - produced[0] / expected));
    }

    @Test
    void a_caller_far_behind_skips_ahead_instead_of_bursting() {
        SensorSimulation sim = new SensorSimulation("s", 2, ALL, 100, 1);
        int produced = sim.advanceTo(60, 0, 600, 0, (s, json) -> {});
        assertThat(produced).isLessThanOrEqualTo(2 * 101);
        assertThat(sim.skipped()).isGreaterThan(10_000);
    }

    @Test
    void kinds_parse_from_a_list_and_unknown_ones_are_named() {
        assertThat(SensorKind.parseList("temperature, motion"))
                .containsExactly(SensorKind.TEMPERATURE, SensorKind.MOTION);
        assertThatThrownBy(() -> SensorKind.parseList("temperature pressure"))
                .hasMessageContaining("'pressure'")
                .hasMessageContaining("accelerometer");
        assertThatThrownBy(() -> SensorKind.parseList(" ")).hasMessageContaining("no sensor kind");
    }

    @Test
    void fixed_decimals_never_use_exponent_notation() {
        StringBuilder sb = new StringBuilder();
        SimulatedSensor.appendFixed(sb, -0.0004, 3);
        sb.append(' ');
        SimulatedSensor.appendFixed(sb, 1.5, 2);
        sb.append(' ');
        SimulatedSensor.appendFixed(sb, -2.345, 3);
        sb.append(' ');
        SimulatedSensor.appendFixed(sb, 0.00001, 2);
        sb.append(' ');
        SimulatedSensor.appendFixed(sb, 1, 0);
        assertThat(sb).hasToString("0.000 1.50 -2.345 0.00 1");
    }
}
