package dev.patchline.bench.topics;

import dev.patchline.protocol.mqtt.topic.TopicTrie;
import dev.patchline.protocol.mqtt.topic.Topics;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Matches sensor-style topics ({@code tenant/site/device/metric}) against a trie of exact, {@code +} and {@code #}
 * subscriptions. The subscription mix is fixed by a seed, so runs compare.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TopicMatchBenchmark {

    @Param({"1000", "100000"})
    public int subscriptions;

    private final TopicTrie<Integer> trie = new TopicTrie<>();
    private String[] filters;
    private final String[] topics = new String[4096];
    private int next;

    private static final TopicTrie.MatchVisitor<Integer, int[]> COUNT = (value, sum) -> sum[0] += value;
    private final int[] sum = new int[1];

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20_261_127L);
        int tenants = Math.max(1, subscriptions / 1000);
        String[] metrics = {"temp", "humidity", "co2", "power", "door", "motion"};
        filters = new String[subscriptions];
        for (int i = 0; i < subscriptions; i++) {
            int t = random.nextInt(tenants);
            int s = random.nextInt(20);
            int d = random.nextInt(50);
            String metric = metrics[random.nextInt(metrics.length)];
            int kind = random.nextInt(10);
            String filter;
            if (kind < 7) {
                filter = "tenant" + t + "/site" + s + "/dev" + d + "/" + metric;
            } else if (kind < 9) {
                filter = "tenant" + t + "/+/dev" + d + "/" + metric;
            } else {
                filter = "tenant" + t + "/site" + s + "/#";
            }
            trie.add(filter, i);
            filters[i] = filter;
        }
        for (int i = 0; i < topics.length; i++) {
            topics[i] = "tenant" + random.nextInt(tenants) + "/site" + random.nextInt(20) + "/dev" + random.nextInt(50)
                    + "/" + metrics[random.nextInt(metrics.length)];
        }
    }

    /** The baseline a trie replaces: test every subscription against the topic. */
    @Benchmark
    public int linearScan() {
        String topic = topics[next++ & (topics.length - 1)];
        int matches = 0;
        for (String filter : filters) {
            if (Topics.matches(filter, topic)) {
                matches++;
            }
        }
        return matches;
    }

    @Benchmark
    public int match() {
        String topic = topics[next++ & (topics.length - 1)];
        return trie.match(topic, sum, COUNT);
    }
}
