package dev.patchline.protocol.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The retry count behind every reconnect, driven with a made-up clock: no sleeping, no timing. */
class RetryCounterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Backoff BACKOFF = Backoff.exponential(
                    Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0)
            .withStableAfter(Duration.ofSeconds(5));

    @Test
    void failedAttemptsWaitLongerAndLongerUpToTheCap() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        long[] delays = new long[7];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = retries.failed(i * MS);
        }
        assertThat(delays).containsExactly(10 * MS, 100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS);
        assertThat(retries.attempt()).isEqualTo(7);
    }

    @Test
    void aConnectionLostSoonAfterItOpenedIsOneMoreFailure() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        long now = 0;
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            retries.connected(now);
            now += 50 * MS; // accepted, then garbage or a reset 50 ms later
            delays[i] = retries.failed(now);
            now += delays[i];
        }
        assertThat(delays).containsExactly(10 * MS, 100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS);
    }

    @Test
    void aConnectionThatStayedUpStartsTheCountAgain() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        retries.failed(0);
        retries.failed(MS);
        retries.failed(2 * MS);
        retries.connected(10 * MS);
        assertThat(retries.failed(10 * MS + TimeUnit.SECONDS.toNanos(5))).isEqualTo(10 * MS);
        assertThat(retries.attempt()).isEqualTo(1);
    }

    @Test
    void aFailedAttemptAfterAHealthyConnectionDoesNotReuseItsUptime() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        retries.connected(0);
        retries.failed(TimeUnit.SECONDS.toNanos(10)); // healthy: count restarts at 1
        // The next attempt fails to connect at all, long after: still a failure, not a healthy connection.
        assertThat(retries.failed(TimeUnit.SECONDS.toNanos(60))).isEqualTo(100 * MS);
    }

    @Test
    void jitterSpreadsEachWaitWithinTheConfiguredFraction() {
        Backoff jittered = Backoff.exponential(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(10), 2, 0.2);
        assertThat(new RetryCounter(jittered, () -> 0.0).failed(0)).isZero();
        RetryCounter low = new RetryCounter(jittered, () -> 0.0);
        low.failed(0);
        assertThat(low.failed(0)).isEqualTo(80 * MS);
        RetryCounter high = new RetryCounter(jittered, () -> 0.999_999_999);
        high.failed(0);
        assertThat(high.failed(0)).isBetween(119 * MS, 120 * MS);
    }

    @Test
    void aConnectionVouchedForStartsTheCountAgainWhateverItsAge() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        retries.failed(0);
        retries.failed(0);
        retries.connected(MS);
        retries.proved(); // e.g. it carried valid packets, then the broker restarted
        assertThat(retries.failed(2 * MS)).isEqualTo(10 * MS);
        // The vouching belonged to that connection only.
        retries.connected(3 * MS);
        assertThat(retries.failed(4 * MS)).isEqualTo(100 * MS);
    }

    @Test
    void vouchingWithoutAConnectionChangesNothing() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        retries.failed(0);
        retries.proved();
        assertThat(retries.failed(0)).isEqualTo(100 * MS);
    }

    @Test
    void resetStartsOver() {
        RetryCounter retries = new RetryCounter(BACKOFF, () -> 0.5);
        retries.failed(0);
        retries.failed(0);
        retries.reset();
        assertThat(retries.failed(0)).isEqualTo(10 * MS);
    }

    @Test
    void rejectsANegativeStableAfter() {
        assertThatThrownBy(() -> BACKOFF.withStableAfter(Duration.ofSeconds(-1)))
                .hasMessageContaining("stableAfter");
    }
}
