package dev.patchline.nodes.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EscapesTest {

    @Test
    void turns_escapes_into_bytes() {
        assertThat(Escapes.unescape("\\r\\n", "p")).containsExactly('\r', '\n');
        assertThat(Escapes.unescape("a\\0b\\t\\\\", "p")).containsExactly('a', 0, 'b', '\t', '\\');
        assertThat(Escapes.unescape("\\x04\\xFf", "p")).containsExactly(4, 0xFF);
        assertThat(Escapes.unescape("END", "p")).containsExactly('E', 'N', 'D');
        assertThat(Escapes.unescape("é😀", "p")).isEqualTo("é😀".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bad_escapes_name_the_parameter_and_position() {
        assertThatThrownBy(() -> Escapes.unescape("ab\\", "delimiter"))
                .hasMessageContaining("parameter 'delimiter'")
                .hasMessageContaining("lone backslash")
                .hasMessageContaining("at character 2");
        assertThatThrownBy(() -> Escapes.unescape("\\x4", "delimiter")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> Escapes.unescape("\\xZZ", "delimiter")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> Escapes.unescape("\\q", "inputseparator")).hasMessageContaining("unknown escape \\q");
    }
}
