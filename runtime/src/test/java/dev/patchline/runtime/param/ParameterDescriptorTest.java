package dev.patchline.runtime.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.runtime.testops.TestOps;
import org.junit.jupiter.api.Test;

class ParameterDescriptorTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void validation_names_the_parameter_and_the_expected_value() {
        assertThat(TestOps.ROWS.validate(5)).isNull();
        assertThat(TestOps.ROWS.validate(-5)).isEqualTo("parameter 'rows' must be between 0 and 1000000, got -5");
        assertThat(TestOps.ROWS.validate("5"))
                .isEqualTo("parameter 'rows' expects an integer between 0 and 1000000, got String");
        assertThatThrownBy(() -> TestOps.FORMAT.coerce("csv"))
                .hasMessage("parameter 'format' must be one of 'perline', 'raw', got 'csv'");
        assertThat(TestOps.RATE.validate(Double.NaN)).isEqualTo("parameter 'rate' must be a finite number, got NaN");
    }

    @Test
    void coercion_converts_expression_results_and_clamps_when_asked() {
        assertThat(TestOps.ROWS.coerce(3.6)).isEqualTo(4);
        assertThat(TestOps.ROWS.coerce("12")).isEqualTo(12);
        assertThat(TestOps.ACTIVE.coerce("off")).isFalse();
        assertThat(TestOps.MODE.coerce("server")).isEqualTo(TestOps.Mode.SERVER);
        assertThat(TestOps.GAIN.coerce(99)).isEqualTo(10.0);
        assertThatThrownBy(() -> TestOps.RATE.coerce(500))
                .hasMessage("parameter 'rate' must be between 0 and 100, got 500.0");
        assertThatThrownBy(() -> TestOps.ACTIVE.coerce("maybe"))
                .hasMessage("parameter 'active' expects true or false, got \"maybe\"");
    }

    @Test
    void json_round_trips_every_kind() throws Exception {
        var subs = TestOps.SUBSCRIPTIONS.fromJson(json.readTree("[{\"topic\":\"a/#\",\"qos\":2}]"));
        assertThat(subs).hasSize(1);
        assertThat(subs.get(0).get(TestOps.QOS)).isEqualTo(2);
        assertThat(TestOps.SUBSCRIPTIONS.toJson(subs).toString()).isEqualTo("[{\"topic\":\"a/#\",\"qos\":2}]");
        assertThatThrownBy(() -> TestOps.SUBSCRIPTIONS.fromJson(json.readTree("[{\"topic\":\"a\",\"qos\":3}]")))
                .hasMessage("parameter 'subscriptions' item 0: parameter 'qos' must be between 0 and 2, got 3");
        assertThat(TestOps.COLUMNS.fromJson(json.readTree("{\"t\":\"/temp\"}"))).containsEntry("t", "/temp");
        assertThat(TestOps.MODE.toJson(TestOps.Mode.CLIENT).textValue()).isEqualTo("client");
        assertThat(TestOps.GAIN.fromJson(json.readTree("3"))).isEqualTo(3.0);
        assertThatThrownBy(() -> TestOps.ROWS.fromJson(json.readTree("1e12")))
                .hasMessage("parameter 'rows' must be between 0 and 1000000, got 1.0E12");
    }

    @Test
    void descriptors_refuse_bad_definitions() {
        assertThatThrownBy(() -> ParameterDescriptor.ofInt("Max Lines"))
                .hasMessage("parameter name 'Max Lines' must match [a-z][a-z0-9_]*");
        assertThatThrownBy(() -> ParameterDescriptor.ofInt("n")
                        .range(0, 10)
                        .defaultValue(20)
                        .build())
                .hasMessage("default of parameter 'n' must be between 0 and 10, got 20");
    }

    @Test
    void secrets_never_print_their_value() {
        Secret s = Secret.fromEnv("TOKEN", "abc123");
        assertThat(s.toString()).doesNotContain("abc123");
        assertThat(Secret.of("abc123").toString()).isEqualTo("****");
        assertThat(s.reveal()).isEqualTo("abc123");
    }
}
