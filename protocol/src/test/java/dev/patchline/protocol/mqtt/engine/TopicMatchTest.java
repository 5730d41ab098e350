package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchline.protocol.mqtt.topic.TopicTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicMatchTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "a/b, a/b, true",
        "a/b, a/c, false",
        "a/+, a/b, true",
        "a/+, a/, true",
        "a/+, a, false",
        "a/+, a/b/c, false",
        "+/b, /b, true",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "a/#, ab, false",
        "#, a/b, true",
        "#, $SYS/x, false",
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true",
        "a, a/b, false",
        "a/b/c, a/b, false",
        "+/+, a/b, true",
    })
    void table(String filter, String topic, boolean expected) {
        assertEquals(expected, TopicMatch.matches(filter, topic));
    }

    /** Agrees with the subscription trie of the topic package on random filters and topics. */
    @Test
    void agreesWithTheTopicTrie() {
        Random random = new Random(42);
        String[] levels = {"a", "b", "", "$s", "cc"};
        for (int round = 0; round < 20_000; round++) {
            String f = randomFilter(random, levels);
            String t = randomTopic(random, levels);
            String filter = f.isEmpty() ? "+" : f; // empty names and filters are invalid (MQTT-4.7.3-1)
            String topic = t.isEmpty() ? "e" : t;
            TopicTrie<String> trie = new TopicTrie<>();
            trie.add(filter, filter);
            List<String> hits = new ArrayList<>();
            trie.match(topic, hits::add);
            assertEquals(!hits.isEmpty(), TopicMatch.matches(filter, topic), () -> "'" + filter + "' vs '" + topic + "'");
        }
    }

    private static String randomTopic(Random r, String[] levels) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            String level = levels[r.nextInt(levels.length)];
            sb.append(i > 0 && level.startsWith("$") ? "d" : level);
        }
        return sb.toString();
    }

    private static String randomFilter(Random r, String[] levels) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int pick = r.nextInt(levels.length + 2);
            if (pick == levels.length) {
                sb.append('+');
            } else if (pick == levels.length + 1) {
                sb.append('#');
                break;
            } else {
                String level = levels[pick];
                sb.append(i > 0 && level.startsWith("$") ? "d" : level);
            }
        }
        return sb.toString();
    }
}
