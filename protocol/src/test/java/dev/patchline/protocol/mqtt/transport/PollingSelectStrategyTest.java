package dev.patchline.protocol.mqtt.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The decisions of {@link PollingSelectStrategy}, on a clock the test moves, and one real event loop running with it. */
class PollingSelectStrategyTest {

    private static final long WINDOW = 200_000;

    private long now = 1_000_000;
    private int ready;
    private int polls;
    private final IntSupplier selectNow = () -> {
        polls++;
        return ready;
    };

    private final List<Long> sleeps = new ArrayList<>();

    private PollingSelectStrategy strategy(long window) {
        return new PollingSelectStrategy(window, () -> now, sleeps::add);
    }

    /** Two polls in a row that found packets: the gap is now {@code SLEEP_FROM_GAP_NANOS}, starting at {@code now}. */
    private PollingSelectStrategy inAStream(PollingSelectStrategy s) throws Exception {
        s.calculateStrategy(selectNow, false);
        ready = 1;
        s.calculateStrategy(selectNow, false); // gap 5 µs
        now += PollingSelectStrategy.MIN_POLL_GAP_NANOS;
        s.calculateStrategy(selectNow, false); // gap 10 µs: a stream
        return s;
    }

    @Test
    void afterABlockingWaitItPollsForTheWindowAndThenBlocksAgain() throws Exception {
        PollingSelectStrategy s = strategy(WINDOW);
        // The first call counts as coming back from a wait: the loop polls instead of blocking.
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false));
        now += WINDOW - 1;
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false));
        now += 1;
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(selectNow, false));
        assertEquals(2, polls, "a non-blocking poll per spin, none before blocking");
        // Back from the blocking wait (packets, a task or a timer): a new window starts.
        now += 5_000_000;
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false));
    }

    @Test
    void packetsFoundWhilePollingAreHandledAndExtendTheWindow() throws Exception {
        PollingSelectStrategy s = strategy(WINDOW);
        s.calculateStrategy(selectNow, false);
        now += WINDOW - 10;
        ready = 3;
        assertEquals(3, s.calculateStrategy(selectNow, false), "ready channels are handed to the loop");
        ready = 0;
        now += WINDOW - 10; // past the first window, inside the one the packets opened
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false));
        now += 10;
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(selectNow, false));
    }

    @Test
    void whilePollsKeepFindingPacketsTheyBackOffAndAnEmptyPollEndsTheBackOff() throws Exception {
        PollingSelectStrategy s = strategy(WINDOW);
        s.calculateStrategy(selectNow, false);
        ready = 1;
        assertEquals(1, s.calculateStrategy(selectNow, false));
        int before = polls;
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false), "no poll inside the gap");
        assertEquals(before, polls);
        long gap = PollingSelectStrategy.MIN_POLL_GAP_NANOS;
        for (int i = 0; i < 5; i++) {
            now += gap;
            assertEquals(1, s.calculateStrategy(selectNow, false));
            gap = Math.min(2 * gap, PollingSelectStrategy.MAX_POLL_GAP_NANOS);
            now += gap - 1;
            assertEquals(
                    SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false), "gap " + gap + " ns, step " + i);
            now += 1;
        }
        assertEquals(PollingSelectStrategy.MAX_POLL_GAP_NANOS, gap, "the gap stops growing");
        // The first gap (5 µs, checked before the loop) was spun through; in the five later ones the loop slept, each
        // time for what was left of the gap: 1 ns, as the test stepped to the gap's last nanosecond before asking.
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L), sleeps, "a sleep in every gap but the first one");
        ready = 0;
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false)); // polls, finds nothing
        ready = 1;
        assertEquals(1, s.calculateStrategy(selectNow, false), "after an empty poll the next one is immediate");
    }

    @Test
    void inAStreamItSleepsThroughTheRestOfTheGap() throws Exception {
        PollingSelectStrategy s = inAStream(strategy(WINDOW));
        now += 4_000;
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false));
        assertEquals(List.of(PollingSelectStrategy.SLEEP_FROM_GAP_NANOS - 4_000), sleeps);
        // A task from another thread never waits for the gap: the loop polls and runs it.
        assertEquals(1, s.calculateStrategy(selectNow, true));
        assertEquals(1, sleeps.size());
    }

    @Test
    void withoutTrustworthyShortSleepsItSpinsThroughTheGapsOfAStream() throws Exception {
        PollingSelectStrategy s = inAStream(new PollingSelectStrategy(WINDOW, () -> now, null));
        int before = polls;
        now += 4_000;
        assertEquals(
                SelectStrategy.CONTINUE, s.calculateStrategy(selectNow, false), "inside the gap: no poll, no sleep");
        assertEquals(before, polls);
        now += PollingSelectStrategy.SLEEP_FROM_GAP_NANOS;
        assertEquals(1, s.calculateStrategy(selectNow, false), "after the gap it polls again");
    }

    @Test
    void withTasksWaitingItNeverBlocksAndNeverSkipsTheTasks() throws Exception {
        PollingSelectStrategy s = strategy(WINDOW);
        now += 10 * WINDOW;
        s.calculateStrategy(selectNow, false);
        now += 10 * WINDOW;
        assertEquals(0, s.calculateStrategy(selectNow, true), "a non-blocking poll, then the loop runs its tasks");
        ready = 2;
        assertEquals(2, s.calculateStrategy(selectNow, true));
    }

    @Test
    void aZeroWindowBehavesLikeNettysDefaultStrategy() throws Exception {
        PollingSelectStrategy s = strategy(0);
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(selectNow, false));
        assertEquals(0, polls);
        ready = 1;
        assertEquals(1, s.calculateStrategy(selectNow, true));
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> strategy(-1));
        assertThrows(IllegalArgumentException.class, () -> EventLoops.create(1, true, "bad", Duration.ofNanos(-1)));
    }

    @Test
    void thePollWindowPropertyIsReadAsMicrosecondsAndABadValueFallsBackToTheDefault() {
        Duration fallback = Duration.ofNanos(200_000);
        assertEquals(fallback, EventLoops.pollWindow(null, 2));
        assertEquals(Duration.ofNanos(50_000), EventLoops.pollWindow(" 50 ", 8));
        assertEquals(Duration.ZERO, EventLoops.pollWindow("0", 2), "0 turns polling off");
        assertEquals(fallback, EventLoops.pollWindow("abc", 2), "not a number: reported, default used");
        assertEquals(fallback, EventLoops.pollWindow("-5", 2), "negative: reported, default used");
        assertEquals(Duration.ZERO, EventLoops.pollWindow("500", 1), "never on a single core");
    }

    /** A polling loop still runs tasks from other threads and timers, on either transport. */
    @Test
    void aPollingEventLoopRunsTasksAndTimers() throws Exception {
        for (boolean nativeIfAvailable : new boolean[] {true, false}) {
            try (EventLoops loops = EventLoops.create(1, nativeIfAvailable, "poll-test", Duration.ofMillis(5))) {
                CompletableFuture<String> task = new CompletableFuture<>();
                loops.group()
                        .next()
                        .execute(() -> task.complete(Thread.currentThread().getName()));
                assertEquals("poll-test-1", task.get(5, TimeUnit.SECONDS));
                CompletableFuture<Boolean> timer = new CompletableFuture<>();
                loops.group().next().schedule(() -> timer.complete(true), 20, TimeUnit.MILLISECONDS);
                assertEquals(true, timer.get(5, TimeUnit.SECONDS));
            }
        }
    }
}
