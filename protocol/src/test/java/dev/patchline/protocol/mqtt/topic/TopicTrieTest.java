package dev.patchline.protocol.mqtt.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTrieTest {

    private static List<String> matches(TopicTrie<String> trie, String topic) {
        List<String> out = new ArrayList<>();
        int visits = trie.match(topic, out::add);
        assertThat(visits).isEqualTo(out.size());
        return out;
    }

    private static TopicTrie<String> trieOf(String... filters) {
        TopicTrie<String> trie = new TopicTrie<>();
        for (String f : filters) {
            trie.add(f, f);
        }
        return trie;
    }

    @Test
    void multiLevelWildcardMatchesItsParentLevel() {
        TopicTrie<String> trie = trieOf("sport/#", "sport/tennis/#", "#");
        assertThat(matches(trie, "sport")).containsExactlyInAnyOrder("sport/#", "#");
        assertThat(matches(trie, "sport/tennis")).containsExactlyInAnyOrder("sport/#", "sport/tennis/#", "#");
        assertThat(matches(trie, "sport/tennis/player1/ranking")).hasSize(3);
        assertThat(matches(trie, "sports")).containsExactly("#");
    }

    @Test
    void singleLevelWildcardMatchesOneLevelIncludingEmpty() {
        TopicTrie<String> trie = trieOf("sport/+", "+/+", "/+", "+");
        assertThat(matches(trie, "sport")).containsExactly("+");
        assertThat(matches(trie, "sport/")).containsExactlyInAnyOrder("sport/+", "+/+");
        assertThat(matches(trie, "/finance")).containsExactlyInAnyOrder("+/+", "/+");
        assertThat(matches(trie, "sport/tennis/player1")).isEmpty();
        assertThat(matches(trie, "")).containsExactly("+");
    }

    @Test
    void emptyLevelsAreLevels() {
        TopicTrie<String> trie = trieOf("a//b", "a/+/b", "//", "+/+/+");
        assertThat(matches(trie, "a//b")).containsExactlyInAnyOrder("a//b", "a/+/b", "+/+/+");
        assertThat(matches(trie, "a/b")).isEmpty();
        assertThat(matches(trie, "//")).containsExactlyInAnyOrder("//", "+/+/+");
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
        TopicTrie<String> trie = trieOf("#", "+/monitor/Clients", "$SYS/#", "$SYS/monitor/+", "+");
        assertThat(matches(trie, "$SYS/monitor/Clients")).containsExactlyInAnyOrder("$SYS/#", "$SYS/monitor/+");
        assertThat(matches(trie, "$SYS")).containsExactly("$SYS/#");
        assertThat(matches(trie, "$")).isEmpty();
        assertThat(matches(trie, "x/monitor/Clients")).containsExactlyInAnyOrder("#", "+/monitor/Clients");
        // Only a leading '$' counts: a '$' later in the topic is an ordinary character.
        assertThat(matches(trie, "a$")).containsExactlyInAnyOrder("#", "+");
    }

    @Test
    void sharedSubscriptionsMatchByTheirInnerFilter() {
        TopicTrie<String> trie = new TopicTrie<>();
        trie.add("$share/workers/jobs/+", "worker");
        assertThat(matches(trie, "jobs/42")).containsExactly("worker");
        assertThat(trie.remove("$share/workers/jobs/+", "worker")).isTrue();
        assertThat(trie.isEmpty()).isTrue();
    }

    @Test
    void removeTakesOneOccurrenceAndPrunes() {
        TopicTrie<String> trie = new TopicTrie<>();
        trie.add("a/b", "x");
        trie.add("a/b", "x");
        trie.add("a/+", "y");
        assertThat(trie.size()).isEqualTo(3);
        assertThat(matches(trie, "a/b")).containsExactlyInAnyOrder("x", "x", "y");
        assertThat(trie.remove("a/b", "x")).isTrue();
        assertThat(matches(trie, "a/b")).containsExactlyInAnyOrder("x", "y");
        assertThat(trie.remove("a/b", "z")).isFalse();
        assertThat(trie.remove("a/c", "x")).isFalse();
        assertThat(trie.remove("a/b/c", "x")).isFalse();
        assertThat(trie.remove("a/b", "x")).isTrue();
        assertThat(trie.remove("a/+", "y")).isTrue();
        assertThat(trie.size()).isZero();
        assertThat(matches(trie, "a/b")).isEmpty();
    }

    @Test
    void rejectsInvalidFiltersWithTheSpecificError() {
        TopicTrie<String> trie = new TopicTrie<>();
        assertThatThrownBy(() -> trie.add("a/#/b", "v"))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("MQTT-4.7.1-1");
        assertThat(trie.size()).isZero();
    }

    @Test
    void visitorMayNotModifyTheTrie() {
        TopicTrie<String> trie = trieOf("a");
        assertThatThrownBy(() -> trie.match("a", v -> trie.add("b", "b")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a match visitor");
        trie.add("b", "b"); // usable afterwards
        assertThat(matches(trie, "b")).containsExactly("b");
    }

    @Test
    void deepTopicsNeedNoRecursion() {
        String deep = "+/".repeat(20_000) + "#";
        TopicTrie<String> trie = trieOf(deep);
        String topic = "x/".repeat(30_000) + "x";
        assertThat(matches(trie, topic)).containsExactly(deep);
    }

    @Test
    void manyChildrenSurviveRemovalsInAnyOrder() {
        // Exercises the open-addressing table's resize and backward-shift deletion.
        TopicTrie<Integer> trie = new TopicTrie<>();
        SplittableRandom random = new SplittableRandom(7);
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            trie.add("root/" + i, i);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(random.nextLong()));
        for (int k = 0; k < n; k++) {
            int removed = order.get(k);
            assertThat(trie.remove("root/" + removed, removed)).isTrue();
            if (k % 97 == 0) {
                for (int j = k + 1; j < n; j++) {
                    int alive = order.get(j);
                    List<Integer> seen = new ArrayList<>();
                    trie.match("root/" + alive, seen::add);
                    assertThat(seen).containsExactly(alive);
                }
            }
        }
        assertThat(trie.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L, 42L, 0xC0FFEEL})
    void agreesWithBruteForceOnRandomFiltersAndTopics(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = {"a", "b", "c", "", "$SYS", "$x", "sport", "tennis"};
        List<String> filters = new ArrayList<>();
        TopicTrie<Integer> trie = new TopicTrie<>();
        for (int i = 0; i < 400; i++) {
            String f = randomFilter(random, words);
            filters.add(f);
            trie.add(f, i);
        }
        // Remove some again so that matching also runs on a pruned trie.
        for (int i = 0; i < 400; i += 3) {
            assertThat(trie.remove(filters.get(i), i))
                    .as("seed %d remove %s", seed, filters.get(i))
                    .isTrue();
        }
        for (int t = 0; t < 2_000; t++) {
            String topic = randomTopic(random, words);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                if (i % 3 != 0 && BruteForceMatcher.matches(filters.get(i), topic)) {
                    expected.add(i);
                }
            }
            List<Integer> actual = new ArrayList<>();
            trie.match(topic, actual::add);
            assertThat(actual).as("seed %d topic '%s'", seed, topic).containsExactlyInAnyOrderElementsOf(expected);
            for (int i = 1; i < filters.size(); i += 7) {
                assertThat(Topics.matches(filters.get(i), topic))
                        .as("seed %d filter '%s' topic '%s'", seed, filters.get(i), topic)
                        .isEqualTo(BruteForceMatcher.matches(filters.get(i), topic));
            }
        }
    }

    private static String randomTopic(SplittableRandom random, String[] words) {
        int levels = 1 + random.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < levels; l++) {
            if (l > 0) {
                sb.append('/');
            }
            String w = words[random.nextInt(words.length)];
            if (l > 0 && w.startsWith("$") && random.nextBoolean()) {
                w = "d" + w; // '$' inside later levels stays ordinary
            }
            sb.append(w);
        }
        return sb.toString();
    }

    private static String randomFilter(SplittableRandom random, String[] words) {
        String filter;
        do {
            filter = randomFilterCandidate(random, words);
        } while (!Topics.isValidFilter(filter)); // e.g. "" or "$share/g1/" when every level came out empty
        return filter;
    }

    private static String randomFilterCandidate(SplittableRandom random, String[] words) {
        int levels = 1 + random.nextInt(5);
        StringBuilder sb =
                random.nextInt(10) == 0 ? new StringBuilder("$share/g" + random.nextInt(3) + "/") : new StringBuilder();
        for (int l = 0; l < levels; l++) {
            if (l > 0) {
                sb.append('/');
            }
            int kind = random.nextInt(10);
            if (kind < 2) {
                sb.append('+');
            } else if (kind == 2) {
                sb.append('#');
                break;
            } else {
                sb.append(words[random.nextInt(words.length)]);
            }
        }
        return sb.toString();
    }
}
