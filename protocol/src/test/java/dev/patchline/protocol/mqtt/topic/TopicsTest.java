package dev.patchline.protocol.mqtt.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "/",
                "//",
                "a/b/c",
                "/a",
                "a/",
                "$SYS/uptime",
                "sport/tennis/player1",
                " ",
                "über/温度",
                "a\uD83D\uDE00b"
            })
    void acceptsValidNames(String name) {
        Topics.validateName(name);
        assertThat(Topics.isValidName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "#",
                "+",
                "a/#",
                "a/+/b",
                "sport/tennis/#",
                "+/+",
                "/+",
                "+/",
                "//#",
                "$SYS/#",
                "a//b",
                "$share/g/a/#",
                "$share/group1/+",
                "$share/g/#"
            })
    void acceptsValidFilters(String filter) {
        Topics.validateFilter(filter);
        assertThat(Topics.isValidFilter(filter)).isTrue();
    }

    @Test
    void rejectsWildcardsInNamesWithIndex() {
        assertThatThrownBy(() -> Topics.validateName("a/+/c"))
                .isInstanceOfSatisfying(InvalidTopicException.class, e -> {
                    assertThat(e.statement()).isEqualTo("MQTT-3.3.2-2");
                    assertThat(e.index()).isEqualTo(2);
                })
                .hasMessageContaining("index 2")
                .hasMessageContaining("only allowed in subscription filters");
        assertThat(Topics.isValidName("sport/#")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a#", "a/#/b", "#/a", "a/b#", "##", "a/##"})
    void rejectsMisplacedMultiLevelWildcard(String filter) {
        assertThatThrownBy(() -> Topics.validateFilter(filter))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-4.7.1-1"))
                .hasMessageContaining("'#' must be the last character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "+a", "a/b+/c", "++", "a/+b"})
    void rejectsPlusInsideALevel(String filter) {
        assertThatThrownBy(() -> Topics.validateFilter(filter))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-4.7.1-2"))
                .hasMessageContaining("must occupy a whole level");
    }

    @Test
    void rejectsEmptyNullCharAndLoneSurrogates() {
        assertThatThrownBy(() -> Topics.validateName(""))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-4.7.3-1"));
        assertThatThrownBy(() -> Topics.validateFilter(null)).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> Topics.validateName("a\0b")).isInstanceOfSatisfying(InvalidTopicException.class, e -> {
            assertThat(e.statement()).isEqualTo("MQTT-4.7.3-2");
            assertThat(e.index()).isEqualTo(1);
            assertThat(e.getMessage()).contains("a\\0b");
        });
        assertThatThrownBy(() -> Topics.validateName("a\uD800"))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-1.5.4-1"));
        assertThatThrownBy(() -> Topics.validateFilter("\uDC00/#"))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class, e -> assertThat(e.index()).isZero());
    }

    @Test
    void limitsTheEncodedLengthNotTheCharCount() {
        String ascii = "a".repeat(65_535);
        Topics.validateName(ascii);
        assertThatThrownBy(() -> Topics.validateName(ascii + "b"))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-4.7.3-3"));
        // 'é' takes two bytes of UTF-8: 32,768 of them are 65,536 bytes although only 32,768 chars.
        String twoByte = "é".repeat(32_768);
        assertThatThrownBy(() -> Topics.validateName(twoByte))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.getMessage()).contains("65536 bytes"));
        Topics.validateName("é".repeat(32_767));
    }

    @Test
    void matchesOneFilterAgainstOneTopic() {
        assertThat(Topics.matches("sport/#", "sport")).isTrue();
        assertThat(Topics.matches("sport/#", "sport/tennis/x")).isTrue();
        assertThat(Topics.matches("sport/+", "sport")).isFalse();
        assertThat(Topics.matches("sport/+", "sport/")).isTrue();
        assertThat(Topics.matches("+/+", "/")).isTrue();
        assertThat(Topics.matches("#", "$SYS/x")).isFalse();
        assertThat(Topics.matches("$SYS/#", "$SYS")).isTrue();
        assertThat(Topics.matches("$share/g/a/+", "a/b")).isTrue();
        assertThat(Topics.matches("a/b", "a/b/c")).isFalse();
        assertThat(Topics.matches("a/b/c", "a/b")).isFalse();
        assertThat(Topics.matches("a/b", "a/bc")).isFalse();
    }

    @Test
    void parsesSharedSubscriptions() {
        TopicFilter shared = TopicFilter.parse("$share/workers/jobs/+/done");
        assertThat(shared.isShared()).isTrue();
        assertThat(shared.shareGroup()).isEqualTo("workers");
        assertThat(shared.matchFilter()).isEqualTo("jobs/+/done");
        assertThat(shared.hasWildcard()).isTrue();

        TopicFilter plain = TopicFilter.parse("jobs/1");
        assertThat(plain.isShared()).isFalse();
        assertThat(plain.matchFilter()).isEqualTo("jobs/1");
        assertThat(plain.hasWildcard()).isFalse();
        // "$shared" is not the share prefix: an ordinary filter that starts with '$'.
        assertThat(TopicFilter.parse("$shared/x").isShared()).isFalse();
    }

    @Test
    void rejectsBadShareNames() {
        assertThatThrownBy(() -> TopicFilter.parse("$share//a"))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-4.8.2-1"));
        assertThatThrownBy(() -> TopicFilter.parse("$share/g+/a"))
                .isInstanceOfSatisfying(InvalidTopicException.class, e -> {
                    assertThat(e.statement()).isEqualTo("MQTT-4.8.2-2");
                    assertThat(e.index()).isEqualTo(8);
                });
        assertThatThrownBy(() -> TopicFilter.parse("$share/#/a")).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> TopicFilter.parse("$share/g"))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.getMessage()).contains("no topic filter after the share name"));
        assertThatThrownBy(() -> TopicFilter.parse("$share/g/")).isInstanceOf(InvalidTopicException.class);
        // The inner filter obeys the wildcard rules too.
        assertThatThrownBy(() -> TopicFilter.parse("$share/g/a#"))
                .isInstanceOfSatisfying(
                        InvalidTopicException.class,
                        e -> assertThat(e.statement()).isEqualTo("MQTT-4.7.1-1"));
    }
}
