package dev.patchline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ExternalToolsTest {
    private static final String MISSING = "patchline-no-such-tool";

    private static UnaryOperator<String> env(Map<String, String> variables) {
        return variables::get;
    }

    @Test
    void a_present_tool_is_found_in_the_usual_directories() {
        Path sh = ExternalTools.presentOrRequired("sh", "it is part of every Linux", null, null, env(Map.of()));
        assertThat(sh).isExecutable().hasFileName("sh");
    }

    @Test
    void the_override_variable_names_the_executable_first() {
        Path sh = ExternalTools.locate("sh", "SH_TOOL", env(Map.of()));
        Path viaVariable = ExternalTools.locate(MISSING, "SH_TOOL", env(Map.of("SH_TOOL", sh.toString())));
        assertThat(viaVariable).isEqualTo(sh);
    }

    @Test
    void a_missing_tool_skips_the_test_when_nothing_requires_it() {
        assertThatThrownBy(() -> ExternalTools.presentOrRequired(
                        MISSING, "apt-get install it", null, "REQUIRE_IT", env(Map.of("PATH", "/nonexistent"))))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(MISSING + " not installed")
                .hasMessageContaining("REQUIRE_IT or REQUIRE_TOOLS=1 to fail instead");
    }

    @Test
    void a_missing_tool_fails_the_test_when_require_tools_is_set() {
        assertThatThrownBy(() -> ExternalTools.presentOrRequired(
                        MISSING, "apt-get install it", null, null, env(Map.of("REQUIRE_TOOLS", "1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MISSING + " is required (REQUIRE_TOOLS is set)")
                .hasMessageContaining("install it: apt-get install it");
    }

    @Test
    void a_missing_tool_fails_the_test_when_its_own_switch_is_set() {
        assertThatThrownBy(() -> ExternalTools.presentOrRequired(
                        MISSING, "apt-get install it", "IT_PATH", "REQUIRE_IT", env(Map.of("REQUIRE_IT", "1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MISSING + " is required (REQUIRE_IT is set)")
                .hasMessageContaining("$IT_PATH");
    }
}
