package dev.patchline.protocol.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void firstRetryIsFastThenBackoffDoublesUpToTheCap() {
        ReconnectPolicy policy =
                ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0);
        long[] delays = new long[8];
        for (int attempt = 1; attempt <= delays.length; attempt++) {
            delays[attempt - 1] = policy.delayNanos(attempt, () -> 0.5);
        }
        assertThat(delays)
                .containsExactly(10 * MS, 100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS, 1000 * MS);
    }

    @Test
    void jitterSpreadsWithinTheConfiguredFraction() {
        ReconnectPolicy policy =
                ReconnectPolicy.exponential(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(10), 2, 0.2);
        assertThat(policy.delayNanos(2, () -> 0.0)).isEqualTo(80 * MS);
        assertThat(policy.delayNanos(2, () -> 0.5)).isEqualTo(100 * MS);
        assertThat(policy.delayNanos(2, () -> 0.999_999_999)).isBetween(119 * MS, 120 * MS);
        assertThat(policy.delayNanos(1, () -> 0.9)).isZero();
    }

    @Test
    void hugeAttemptNumbersDoNotOverflow() {
        ReconnectPolicy policy = ReconnectPolicy.defaults();
        assertThat(policy.delayNanos(Integer.MAX_VALUE, () -> 0.5)).isEqualTo(TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void defaultsRetryWithinAHundredMillisecondsFirst() {
        assertThat(ReconnectPolicy.defaults().delayNanos(1, () -> 0.999)).isLessThan(100 * MS);
        assertThat(ReconnectPolicy.defaults().isEnabled()).isTrue();
        assertThat(ReconnectPolicy.never().isEnabled()).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() ->
                        ReconnectPolicy.exponential(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("below baseDelay");
        assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0.5, 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ZERO, Duration.ZERO, Duration.ZERO, 2, 1.0))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> ReconnectPolicy.never().delayNanos(1, () -> 0))
                .isInstanceOf(IllegalStateException.class);
    }
}
