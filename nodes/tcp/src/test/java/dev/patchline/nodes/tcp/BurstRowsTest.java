package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.data.TableDelta;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many more lines between two cooks than the table keeps: the DAT counts every line but builds only the rows that
 * stay visible, so the table, its sequence numbers and the delta a downstream node follows must be exactly those of
 * appending every line one by one. Lines mix ASCII and multi-byte UTF-8 so that decoding on the cook thread is
 * checked too.
 */
@Timeout(60)
class BurstRowsTest {
    private static final int LINES = 30_000;

    @Test
    void a_bounded_table_shows_the_newest_lines_and_its_delta_follows_every_cook() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = TcpipDatTest.server(port).set(TcpipDat.MAX_LINES, 7)) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                CompletableFuture<Void> sending = send(s, LINES, 20);
                Mirror mirror = new Mirror();
                while (r.info("messages_in") < LINES) {
                    r.cook();
                    Table t = r.output();
                    long in = (long) r.info("messages_in");
                    // Every line counted reached the table in order: the newest rows are the newest lines.
                    assertThat(t.firstRowSeq() + t.numRows())
                            .as("sequence after %d lines", in)
                            .isEqualTo(in);
                    assertThat(t.numRows()).isEqualTo((int) Math.min(7, in));
                    for (int row = 0; row < t.numRows(); row++) {
                        assertThat(t.cell(row, "message")).isEqualTo(line(t.firstRowSeq() + row, 20));
                        assertThat(t.cell(row, "peer")).startsWith("127.0.0.1:");
                    }
                    mirror.follow(t);
                }
                sending.get(10, TimeUnit.SECONDS);
            }
            assertThat(r.output().cell(6, "message")).isEqualTo(line(LINES - 1, 20));
            assertThat(r.info("messages_pending")).isZero();
        }
    }

    @Test
    void an_unclamped_table_gets_every_line_including_ones_longer_than_a_hand_over() throws Exception {
        int port = FreePorts.tcp();
        // Lines of ~40 KB: two do not fit one 64 KiB hand-over, so batches end on their byte size too.
        int lines = 300;
        int length = 40_000;
        try (OperatorTestRunner r = TcpipDatTest.server(port).set(TcpipDat.CLAMP, false)) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                CompletableFuture<Void> sending = send(s, lines, length);
                cookAllUntil(() -> r.info("messages_in") == lines, Duration.ofSeconds(10), lines + " lines", r);
                sending.get(10, TimeUnit.SECONDS);
            }
            Table t = r.output();
            assertThat(t.numRows()).isEqualTo(lines);
            for (int row = 0; row < lines; row++) {
                assertThat(t.cell(row, "message")).as("row %d", row).isEqualTo(line(row, length));
            }
        }
    }

    /** Line {@code n}: its number, then ASCII or two-byte characters up to about {@code length} bytes. */
    static String line(long n, int length) {
        StringBuilder sb = new StringBuilder().append(n).append(' ');
        char filler = n % 3 == 0 ? 'ü' : (char) ('a' + n % 26);
        while (sb.length() < length) {
            sb.append(filler);
        }
        return sb.toString();
    }

    private static CompletableFuture<Void> send(Socket s, int lines, int length) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                for (int n = 0; n < lines; n++) {
                    out.write((line(n, length) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            } catch (Exception e) {
                throw new IllegalStateException("sending failed", e);
            }
        });
    }

    /** A downstream copy kept up to date from deltas alone, compared with the table after every cook. */
    private static final class Mirror {
        private final ArrayDeque<String> rows = new ArrayDeque<>();
        private long version = -1;

        void follow(Table t) {
            if (t.version() == version) {
                return;
            }
            TableDelta d = t.delta();
            if (version < 0 || d.reset() || !d.continuesFrom(version)) {
                rows.clear();
                for (int row = 0; row < t.numRows(); row++) {
                    rows.add(t.cell(row, "message"));
                }
            } else {
                for (int i = 0; i < d.droppedHead(); i++) {
                    rows.removeFirst();
                }
                for (int row = t.numRows() - d.appended(); row < t.numRows(); row++) {
                    rows.add(t.cell(row, "message"));
                }
            }
            version = t.version();
            List<String> expected = new ArrayList<>();
            for (int row = 0; row < t.numRows(); row++) {
                expected.add(t.cell(row, "message"));
            }
            assertThat(new ArrayList<>(rows))
                    .as("rows rebuilt from the delta of version %d", version)
                    .isEqualTo(expected);
        }
    }
}
