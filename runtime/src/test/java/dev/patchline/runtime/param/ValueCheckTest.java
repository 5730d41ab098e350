package dev.patchline.runtime.param;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** An operator's own value check runs after type and range, gets the graph folder, and its message names the parameter. */
class ValueCheckTest {
    private static final ParameterDescriptor<String> HOST = ParameterDescriptor.ofString("host")
            .defaultValue("a")
            .validator(ValueCheck.of(v -> v.contains(" ") ? "'" + v + "' has a space; remove it" : null))
            .build();
    private static final ParameterDescriptor<Integer> PORT = ParameterDescriptor.ofInt("port")
            .range(1, 10)
            .defaultValue(1)
            .validator(ValueCheck.of(v -> v % 2 == 0 ? "even ports are taken; use an odd one" : null))
            .build();
    private static final ParameterDescriptor<String> FILE = ParameterDescriptor.ofString("file")
            .validator((v, dir) -> "resolves to " + (dir == null ? Path.of(v) : dir.resolve(v)))
            .build();

    @Test
    void the_check_names_the_parameter_and_runs_only_on_values_of_the_right_type_and_range() {
        assertThat(HOST.validate("a b", null)).isEqualTo("parameter 'host': 'a b' has a space; remove it");
        assertThat(HOST.validate("ab", null)).isNull();
        assertThat(PORT.validate(4, null)).isEqualTo("parameter 'port': even ports are taken; use an odd one");
        assertThat(PORT.validate(12, null)).isEqualTo("parameter 'port' must be between 1 and 10, got 12");
        assertThat(PORT.validate("x", null)).startsWith("parameter 'port' expects an integer");
    }

    @Test
    void the_plain_validate_leaves_the_check_out_and_the_check_sees_the_base_folder() {
        assertThat(HOST.validate("a b")).isNull();
        assertThat(HOST.hasValueCheck()).isTrue();
        assertThat(FILE.validate("x.pem", Path.of("/graphs"))).isEqualTo("parameter 'file': resolves to /graphs/x.pem");
    }

    @Test
    void a_check_that_throws_is_reported_not_thrown() {
        ParameterDescriptor<String> broken = ParameterDescriptor.ofString("broken")
                .validator(ValueCheck.of(v -> {
                    throw new IllegalStateException("boom");
                }))
                .build();
        assertThat(broken.validate("v", null))
                .startsWith("parameter 'broken': cannot be checked:")
                .contains("boom");
    }
}
