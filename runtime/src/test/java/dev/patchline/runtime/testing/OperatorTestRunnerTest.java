package dev.patchline.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testops.TestOps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorTestRunnerTest {

    @Test
    void feeds_inputs_cooks_only_with_a_reason_and_shows_the_delta_path() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TestOps.PASS)) {
            r.input(0).setHeader("v");
            r.input(0).appendRow("a");
            r.cook();
            assertThat(r.output().numRows()).isEqualTo(1);
            assertThat(r.info("rescans")).isEqualTo(1.0);
            r.cook(3);
            assertThat(r.cookCount()).as("nothing changed").isEqualTo(1);
            r.input(0).appendRow("b");
            r.input(0).appendRow("c");
            r.cook();
            assertThat(r.output().cell(2, "v")).isEqualTo("c");
            assertThat(r.info("rescans"))
                    .as("appends are applied incrementally")
                    .isEqualTo(1.0);
            assertThat(r.cookCount()).isEqualTo(2);
        }
    }

    @Test
    void sets_parameters_fires_pulses_and_reads_channels() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TestOps.CONFIG)) {
            r.set(TestOps.ROWS, 7).set(TestOps.MODE, TestOps.Mode.SERVER);
            r.cook();
            assertThat(r.output().cell(0, 1)).isEqualTo("SERVER");
            assertThat(r.par(TestOps.ROWS)).isEqualTo(7);
            r.pulse(TestOps.CLEAR).cook();
            assertThat(r.info("clears")).isEqualTo(1.0);
            r.set(TestOps.ROWS, 8).cook();
            assertThat(r.output().cell(6, 1)).isEqualTo("8");
        }
        try (OperatorTestRunner r = OperatorTestRunner.of(TestOps.CHOP_SINK)) {
            r.inputChannels(0).set("v", 4.5);
            r.cook();
            assertThat(r.info("v")).isEqualTo(4.5);
        }
    }

    @Test
    void reports_errors_and_runs_callbacks() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TestOps.BOOM)) {
            r.set(TestOps.FAIL, true).cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).isEqualTo("boom at frame 1");
        }
        List<String> got = new ArrayList<>();
        Object callbacks = new Object() {
            @SuppressWarnings("unused")
            public void onReceive(Object dat, String text) {
                got.add(text);
            }
        };
        try (OperatorTestRunner r = OperatorTestRunner.of(TestOps.INBOX).callbacks(CallbackSpec.object(callbacks))) {
            r.cook();
            TestOps.InboxOp.last.inbox.offer("x");
            TestOps.InboxOp.last.inbox.offer("y");
            assertThat(r.cookUntilIdle(10)).isEqualTo(2);
            new Thread(() -> TestOps.InboxOp.last.inbox.offer("z")).start();
            r.cookUntil(() -> r.output().numRows() == 3, Duration.ofSeconds(10), "the row from another thread");
            assertThat(got).containsExactly("x", "y", "z");
            assertThatThrownBy(() -> r.cookUntil(() -> false, Duration.ofMillis(20), "nothing"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("timed out after 20 ms waiting for nothing; node state OK");
        }
    }
}
