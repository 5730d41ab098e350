package dev.patchline.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code mqtt sub} prints about lost connections, driven with a made-up clock. */
class LossReporterTest {

    private static final long SECOND = 1_000_000_000L;

    private final List<String> printed = new ArrayList<>();
    private final LossReporter reporter = new LossReporter(printed::add, 5 * SECOND);

    @Test
    void theSameCauseIsPrintedOnceThenCounted() {
        for (int i = 0; i < 4; i++) {
            reporter.connected(i * SECOND);
            reporter.lost("garbage", i * SECOND + 1);
        }
        assertThat(printed)
                .containsExactly(
                        "Connection lost: garbage; reconnecting",
                        "reconnecting (attempt 2, same cause)",
                        "reconnecting (attempt 3, same cause)",
                        "reconnecting (attempt 4, same cause)");
    }

    @Test
    void failedAttemptsWithoutAConnectionCountToo() {
        reporter.lost("refused", 0);
        reporter.lost("refused", SECOND);
        assertThat(printed)
                .containsExactly("Connection lost: refused; reconnecting", "reconnecting (attempt 2, same cause)");
    }

    @Test
    void aNewCauseIsPrintedInFull() {
        reporter.lost("refused", 0);
        reporter.lost("reset", SECOND);
        reporter.lost("reset", 2 * SECOND);
        assertThat(printed)
                .containsExactly(
                        "Connection lost: refused; reconnecting",
                        "Connection lost: reset; reconnecting",
                        "reconnecting (attempt 2, same cause)");
    }

    @Test
    void aLossAfterALongHealthyConnectionIsANewStory() {
        reporter.connected(0);
        reporter.lost("closed by the peer", SECOND);
        reporter.connected(2 * SECOND);
        reporter.lost("closed by the peer", 3 * SECOND + 10 * SECOND);
        assertThat(printed)
                .containsExactly(
                        "Connection lost: closed by the peer; reconnecting",
                        "Connection lost: closed by the peer; reconnecting");
        assertThat(reporter.lastCause()).isEqualTo("closed by the peer");
    }
}
