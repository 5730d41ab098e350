package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MessageRingTest {

    private static InboundMessage msg(int i) {
        return msg(i, 0);
    }

    private static InboundMessage msg(int i, int payloadBytes) {
        return new InboundMessage("t/" + i, new byte[payloadBytes], 0, false, false, PublishProperties.NONE, 0);
    }

    /** The producer's QoS 0 path: add when there is room, else drop the arriving message. */
    private static void offerQos0(MessageRing ring, InboundMessage m) {
        if (!ring.hasRoomFor(m.weight())) {
            ring.dropNewest();
        } else {
            assertThat(ring.offer(m)).isTrue();
        }
    }

    private static List<String> drainAll(MessageRing ring) {
        List<String> topics = new ArrayList<>();
        ring.drain(m -> topics.add(m.getTopic()), Integer.MAX_VALUE);
        return topics;
    }

    @Test
    void qos0_overflow_drops_the_arriving_message_and_counts_it() {
        MessageRing ring = new MessageRing(3);
        for (int i = 0; i < 5; i++) offerQos0(ring, msg(i));
        assertThat(ring.dropped()).isEqualTo(2);
        assertThat(ring.size()).isEqualTo(3);
        assertThat(drainAll(ring)).containsExactly("t/0", "t/1", "t/2");
        assertThat(ring.size()).isZero();
        assertThat(ring.bytes()).isZero();
    }

    @Test
    void a_waiting_message_is_never_evicted_whatever_arrives() {
        MessageRing ring = new MessageRing(2);
        assertThat(ring.hasRoomElseMarkRefused(msg(0).weight())).isTrue();
        ring.offer(msg(0)); // a QoS 1 message: acknowledged once it is in
        for (int i = 1; i < 100; i++) offerQos0(ring, msg(i));
        assertThat(drainAll(ring)).containsExactly("t/0", "t/1");
        assertThat(ring.dropped()).isEqualTo(98);
    }

    @Test
    void the_byte_budget_bounds_the_ring_like_the_count() {
        int payload = 1_000;
        long weight = msg(0, payload).weight();
        MessageRing ring = new MessageRing(100, 3 * weight);
        AtomicInteger resumes = new AtomicInteger();
        ring.onRoom(resumes::incrementAndGet);
        for (int i = 0; i < 3; i++) assertThat(ring.offer(msg(i, payload))).isTrue();
        assertThat(ring.bytes()).isEqualTo(3 * weight);
        assertThat(ring.hasRoomElseMarkRefused(weight))
                .as("QoS 1/2 beyond the byte budget is refused")
                .isFalse();
        offerQos0(ring, msg(3, payload));
        assertThat(ring.dropped()).as("QoS 0 beyond the byte budget is dropped").isEqualTo(1);
        assertThat(ring.poll().getTopic()).isEqualTo("t/0");
        ring.wakeProducer();
        assertThat(resumes).hasValue(1);
        assertThat(ring.hasRoomElseMarkRefused(weight)).isTrue();
    }

    @Test
    void one_message_heavier_than_the_budget_passes_an_empty_ring_only() {
        MessageRing ring = new MessageRing(10, 1_000);
        assertThat(ring.hasRoomElseMarkRefused(msg(0, 5_000).weight())).isTrue();
        assertThat(ring.offer(msg(0, 5_000))).isTrue();
        assertThat(ring.hasRoomFor(msg(1, 10).weight()))
                .as("nothing more beside it")
                .isFalse();
        assertThat(drainAll(ring)).containsExactly("t/0");
        assertThat(ring.hasRoomFor(msg(1, 5_000).weight())).isTrue();
    }

    @Test
    void a_taken_message_is_no_longer_referenced_by_the_ring() throws Exception {
        MessageRing ring = new MessageRing(4);
        ring.offer(msg(0, 1 << 20));
        WeakReference<InboundMessage> taken = new WeakReference<>(ring.poll());
        for (int i = 0; i < 50 && taken.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(taken.get())
                .as("the slot was cleared: consumed payloads do not count against the heap")
                .isNull();
    }

    @Test
    void a_full_ring_refuses_and_the_next_drain_resumes_the_producer_once() {
        MessageRing ring = new MessageRing(2);
        AtomicInteger resumes = new AtomicInteger();
        ring.onRoom(resumes::incrementAndGet);
        assertThat(ring.hasRoomElseMarkRefused(0)).isTrue();
        assertThat(ring.offer(msg(0))).isTrue();
        assertThat(ring.offer(msg(1))).isTrue();
        assertThat(ring.hasRoomElseMarkRefused(0))
                .as("QoS 1/2: full means refused, nothing dropped")
                .isFalse();
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
        assertThat(ring.hasRoomElseMarkRefused(0)).isFalse();
        ring.close();
        assertThat(resumes).hasValue(1);
        assertThat(ring.hasRoomElseMarkRefused(0))
                .as("a stopped node takes and forgets")
                .isTrue();
    }

    @Test
    void concurrent_producer_and_consumer_keep_order_and_account_for_every_message() throws Exception {
        MessageRing ring = new MessageRing(64);
        int total = 200_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) offerQos0(ring, msg(i));
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
        assertThat(seen.get(0))
                .as("the oldest message is never the one dropped")
                .isZero();
    }
}
