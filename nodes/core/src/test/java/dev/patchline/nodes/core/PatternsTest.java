package dev.patchline.nodes.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternsTest {
    @Test
    void wildcards_classes_and_exclusions() {
        Patterns p = Patterns.compile("temp* hum? ^temp_raw");
        assertThat(List.of("temp", "temp1", "humA", "temp_raw", "hum", "x").stream()
                        .filter(p::matches))
                .containsExactly("temp", "temp1", "humA");
        assertThat(Patterns.compile("c[0-2]").matches("c1")).isTrue();
        assertThat(Patterns.compile("c[0-2]").matches("c3")).isFalse();
    }

    @Test
    void only_exclusions_select_everything_else_and_blank_selects_nothing() {
        assertThat(Patterns.compile("^a").matches("b")).isTrue();
        assertThat(Patterns.compile("^a").matches("a")).isFalse();
        assertThat(Patterns.compile("  ").matches("a")).isFalse();
    }

    @Test
    void regex_characters_are_literal() {
        assertThat(Patterns.compile("a.b").matches("a.b")).isTrue();
        assertThat(Patterns.compile("a.b").matches("axb")).isFalse();
    }
}
