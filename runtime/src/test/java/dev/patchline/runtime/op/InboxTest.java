package dev.patchline.runtime.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboxTest {

    @Test
    void offer_fails_exactly_at_capacity_and_every_success_wakes_the_owner() {
        AtomicInteger wakeups = new AtomicInteger();
        Inbox<String> inbox = new Inbox<>(3, wakeups::incrementAndGet);
        assertThat(inbox.offer("a")).isTrue();
        assertThat(inbox.offer("b")).isTrue();
        assertThat(inbox.offer("c")).isTrue();
        assertThat(inbox.offer("d")).isFalse();
        assertThat(inbox.size()).isEqualTo(3);
        assertThat(wakeups.get()).isEqualTo(3);
        assertThat(inbox.poll()).isEqualTo("a");
        assertThat(inbox.offer("d")).isTrue();
        List<String> drained = new ArrayList<>();
        assertThat(inbox.drain(drained::add, 10)).isEqualTo(3);
        assertThat(drained).containsExactly("b", "c", "d");
        assertThat(inbox.poll()).isNull();
        assertThat(inbox.isEmpty()).isTrue();
    }

    @Test
    void drain_respects_its_limit() {
        Inbox<Integer> inbox = new Inbox<>(100, () -> {});
        for (int i = 0; i < 10; i++) inbox.offer(i);
        List<Integer> got = new ArrayList<>();
        assertThat(inbox.drain(got::add, 4)).isEqualTo(4);
        assertThat(got).containsExactly(0, 1, 2, 3);
        assertThat(inbox.size()).isEqualTo(6);
    }

    @Test
    void many_producers_and_one_consumer_lose_nothing_and_keep_per_producer_order() throws Exception {
        Inbox<long[]> inbox = new Inbox<>(1024, () -> {});
        int producers = 4;
        int perProducer = 50_000;
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads[p] = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    long[] item = {id, i};
                    while (!inbox.offer(item)) Thread.onSpinWait();
                }
            });
            threads[p].start();
        }
        long[] next = new long[producers];
        int received = 0;
        while (received < producers * perProducer) {
            long[] item = inbox.poll();
            if (item == null) {
                Thread.onSpinWait();
                continue;
            }
            assertThat(item[1]).isEqualTo(next[(int) item[0]]);
            next[(int) item[0]]++;
            received++;
        }
        for (Thread t : threads) t.join();
        assertThat(next).containsOnly(perProducer);
        assertThat(inbox.poll()).isNull();
    }

    @Test
    void capacity_must_be_positive() {
        assertThatThrownBy(() -> new Inbox<>(0, () -> {}))
                .hasMessage("inbox capacity must be between 1 and 2^30, got 0");
    }
}
