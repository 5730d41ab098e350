package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRingTest {

    private static InboundMessage msg(int i) {
        return new InboundMessage("t/" + i, new byte[0], 0, false, false, PublishProperties.NONE, 0);
    }

    private static List<String> drainAll(MessageRing ring) {
        List<String> topics = new ArrayList<>();
        ring.drain(m -> topics.add(m.getTopic()), Integer.MAX_VALUE);
        return topics;
    }

    @Test
    void qos0_overflow_drops_the_oldest_and_counts_it() {
        MessageRing ring = new MessageRing(3);
        for (int i = 0; i < 5; i++) ring.offerDroppingOldest(msg(i));
        assertThat(ring.dropped()).isEqualTo(2);
        assertThat(ring.size()).isEqualTo(3);
        assertThat(drainAll(ring)).containsExactly("t/2", "t/3", "t/4");
        assertThat(ring.size()).isZero();
    }

    @Test
    void a_full_ring_holds_the_producer_until_the_consumer_drains() throws Exception {
        MessageRing ring = new MessageRing(2);
        ring.offerWaiting(msg(0));
        ring.offerWaiting(msg(1));
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> ring.offerWaiting(msg(2)));
        Thread.sleep(100);
        assertThat(third).as("nothing is dropped for QoS 1/2: the producer waits").isNotDone();
        assertThat(drainAll(ring)).containsExactly("t/0", "t/1");
        assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(drainAll(ring)).containsExactly("t/2");
        assertThat(ring.dropped()).isZero();
    }

    @Test
    void closing_releases_a_waiting_producer() throws Exception {
        MessageRing ring = new MessageRing(1);
        ring.offerWaiting(msg(0));
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> ring.offerWaiting(msg(1)));
        Thread.sleep(50);
        ring.close();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void concurrent_producer_and_consumer_keep_order_and_account_for_every_message() throws Exception {
        MessageRing ring = new MessageRing(64);
        int total = 200_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) ring.offerDroppingOldest(msg(i));
        });
        producer.start();
        List<Integer> seen = new ArrayList<>();
        while (producer.isAlive() || ring.size() > 0) {
            ring.drain(m -> seen.add(Integer.parseInt(m.getTopic().substring(2))), 1000);
        }
        producer.join();
        ring.drain(m -> seen.add(Integer.parseInt(m.getTopic().substring(2))), 1000);
        assertThat(seen.size() + ring.dropped()).isEqualTo(total);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("order at %d", i).isGreaterThan(seen.get(i - 1));
        }
        assertThat(seen.get(seen.size() - 1)).as("the newest message is never the one dropped").isEqualTo(total - 1);
    }
}
