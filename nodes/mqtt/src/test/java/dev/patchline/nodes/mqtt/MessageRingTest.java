package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
    void a_full_ring_refuses_and_the_next_drain_resumes_the_producer_once() {
        MessageRing ring = new MessageRing(2);
        AtomicInteger resumes = new AtomicInteger();
        ring.onRoom(resumes::incrementAndGet);
        assertThat(ring.hasRoomElseMarkRefused()).isTrue();
        assertThat(ring.offer(msg(0))).isTrue();
        assertThat(ring.offer(msg(1))).isTrue();
        assertThat(ring.hasRoomElseMarkRefused()).as("QoS 1/2: full means refused, nothing dropped").isFalse();
        assertThat(ring.offer(msg(2))).isFalse();
        assertThat(resumes).as("no resume before the consumer takes something").hasValue(0);
        assertThat(drainAll(ring)).containsExactly("t/0", "t/1");
        assertThat(resumes).hasValue(1);
        ring.wakeProducer();
        assertThat(resumes).as("one refusal, one resume").hasValue(1);
        assertThat(ring.dropped()).isZero();
    }

    @Test
    void a_drain_without_a_refusal_does_not_resume() {
        MessageRing ring = new MessageRing(4);
        AtomicInteger resumes = new AtomicInteger();
        ring.onRoom(resumes::incrementAndGet);
        ring.offer(msg(0));
        assertThat(drainAll(ring)).containsExactly("t/0");
        assertThat(resumes).hasValue(0);
    }

    @Test
    void closing_resumes_a_refused_producer_and_then_always_has_room() {
        MessageRing ring = new MessageRing(1);
        AtomicInteger resumes = new AtomicInteger();
        ring.onRoom(resumes::incrementAndGet);
        ring.offer(msg(0));
        assertThat(ring.hasRoomElseMarkRefused()).isFalse();
        ring.close();
        assertThat(resumes).hasValue(1);
        assertThat(ring.hasRoomElseMarkRefused()).as("a stopped node takes and forgets").isTrue();
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
