package dev.patchline.runtime.cook;

import static dev.patchline.runtime.cook.Patches.rows;
import static dev.patchline.runtime.cook.Patches.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.testops.TestOps;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClockTest {

    @Test
    void the_fixed_rate_clock_cooks_time_dependent_nodes_on_its_own_thread() throws Exception {
        Graph g = Graph.builder().node("clock", TestOps.CLOCK).build();
        Patch p = Patch.start(
                g,
                PatchOptions.builder()
                        .fps(200)
                        .registry(TestOps.registry())
                        .watch("clock")
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> stats(p, "clock").cookCount() >= 5);
        assertThat(p.isRunning()).isTrue();
        assertThatThrownBy(p::step)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("step() needs the manual clock (PatchOptions.builder().manual())");
        p.close();
        assertThat(p.awaitStop(Duration.ofSeconds(1))).isTrue();
        assertThat(p.isRunning()).isFalse();
    }

    @Test
    void the_event_clock_cooks_when_work_arrives_and_sleeps_otherwise() throws Exception {
        Graph g = Graph.builder().node("in", TestOps.INBOX).build();
        try (Patch p = Patch.start(
                g, PatchOptions.builder().event().registry(TestOps.registry()).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stats(p, "in").cookCount() == 1);
            long framesWhenIdle = p.frame();
            TestOps.InboxOp.last.inbox.offer("hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> rows(p, "in") == 1);
            // Queries are frames too (they run between frames); an idle patch runs none on its own.
            long afterWork = p.frame();
            assertThat(afterWork).isGreaterThan(framesWhenIdle);
            CountDownLatch never = new CountDownLatch(1);
            never.await(50, TimeUnit.MILLISECONDS);
            assertThat(p.frame()).isEqualTo(afterWork);
        }
    }

    @Test
    void wakeups_from_many_threads_coalesce_and_every_item_arrives_once() throws Exception {
        Graph g = Graph.builder()
                .node("in", TestOps.INBOX, p -> p.set(TestOps.CAPACITY, 1 << 16).set(TestOps.MAXLINES, 0))
                .build();
        try (Patch p = Patch.start(
                g, PatchOptions.builder().event().registry(TestOps.registry()).build())) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestOps.InboxOp.last != null && stats(p, "in").cookCount() >= 1);
            var inbox = TestOps.InboxOp.last.inbox;
            Thread[] producers = new Thread[4];
            for (int t = 0; t < producers.length; t++) {
                int id = t;
                producers[t] = new Thread(() -> {
                    for (int i = 0; i < 5000; i++) {
                        while (!inbox.offer(id + ":" + i)) Thread.onSpinWait();
                    }
                });
                producers[t].start();
            }
            for (Thread t : producers) t.join();
            await().atMost(Duration.ofSeconds(20)).until(() -> rows(p, "in") == 20_000);
            java.util.Set<String> seen = p.query(v -> {
                        var t = v.node("in").getTable();
                        java.util.Set<String> s = new java.util.HashSet<>();
                        for (int r = 0; r < t.numRows(); r++) s.add(t.cell(r, 0));
                        return s;
                    })
                    .join();
            assertThat(seen).hasSize(20_000);
            assertThat(stats(p, "in").info()).containsEntry("received", 20_000.0);
            assertThat(stats(p, "in").cookCount()).as("coalesced").isLessThan(20_000);
        }
    }

    @Test
    void the_event_clock_cap_turns_a_stream_of_single_events_into_few_frames() throws Exception {
        Graph g = Graph.builder()
                .node("in", TestOps.INBOX, p -> p.set(TestOps.CAPACITY, 1_000).set(TestOps.MAXLINES, 0))
                .build();
        // One frame a second at most: the first item cooks at once, the 99 after it (sent within microseconds, each
        // with its own wake-up) wait for the rest of that second and cook together.
        PatchOptions options = PatchOptions.builder()
                .event()
                .maxEventRate(1)
                .registry(TestOps.registry())
                .build();
        try (Patch p = Patch.start(g, options)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestOps.InboxOp.last != null && stats(p, "in").cookCount() >= 1);
            long cooksBefore = stats(p, "in").cookCount();
            var inbox = TestOps.InboxOp.last.inbox;
            for (int i = 0; i < 100; i++) {
                assertThat(inbox.offer("item " + i)).isTrue();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> rows(p, "in") == 100);
            assertThat(stats(p, "in").cookCount() - cooksBefore)
                    .as("frames that cooked the 100 items")
                    .isLessThanOrEqualTo(3);
        }
    }

    @Test
    void the_event_clock_cap_must_be_a_rate_of_at_least_one_frame_a_second() {
        assertThatThrownBy(() -> PatchOptions.builder().maxEventRate(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventRate must be at least 1 frame per second");
        assertThat(PatchOptions.builder()
                        .maxEventRate(Double.POSITIVE_INFINITY)
                        .build()
                        .maxEventRate())
                .isInfinite();
        assertThat(PatchOptions.defaults().maxEventRate()).isEqualTo(1_000);
    }
}
