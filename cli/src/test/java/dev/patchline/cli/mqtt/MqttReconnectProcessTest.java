package dev.patchline.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.cli.CliProcess;
import dev.patchline.protocol.testing.AcceptThenFailServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchline mqtt sub} and {@code pub} as users run them: a separate {@code java} process with the launcher's
 * main class, against a server that accepts every session and then sends garbage. The cause is printed once, then
 * only counted; a failed publish names the protocol error.
 */
class MqttReconnectProcessTest {

    private static final String CAUSE = "the server sent an invalid packet: packet type 0 is reserved";

    @TempDir
    Path tmp;

    @Test
    void subPrintsTheCauseOnceThenCountsTheRetries() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.GARBAGE)) {
            Path err = tmp.resolve("sub.err");
            Process sub =
                    start(err, "mqtt", "sub", "-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-t", "a/#");
            try {
                assertThat(server.awaitConnections(5, 30, TimeUnit.SECONDS))
                        .as("five connections within 30 s")
                        .isTrue();
                // The fifth connection's loss is printed once the process has read the garbage; wait for its line.
                awaitLines(err, 4, sub);
            } finally {
                sub.destroy(); // SIGTERM: the shutdown hook ends the tool as Ctrl-C does
                assertThat(sub.waitFor(20, TimeUnit.SECONDS))
                        .as("sub ends after SIGTERM")
                        .isTrue();
            }
            List<String> lines = lines(err);
            assertThat(lines).as("stderr").isNotEmpty();
            assertThat(lines.get(0)).isEqualTo("Connection lost: " + CAUSE + "; reconnecting");
            assertThat(lines.stream().filter(line -> line.contains(CAUSE)))
                    .as("the cause, once")
                    .hasSize(1);
            for (int i = 1; i < lines.size(); i++) {
                assertThat(lines.get(i)).isEqualTo("reconnecting (attempt " + (i + 1) + ", same cause)");
            }
            // One line per lost connection at most: no storm of lines, and (with the backoff) no storm of connections.
            assertThat(lines.size()).isLessThanOrEqualTo(server.connections());
        }
    }

    @Test
    void pubQos1FailsWithTheProtocolErrorOnceAndCountsTheRest() throws Exception {
        try (AcceptThenFailServer server = new AcceptThenFailServer(AcceptThenFailServer.Failure.GARBAGE)) {
            Path err = tmp.resolve("pub.err");
            Process pub = start(
                    err,
                    "mqtt",
                    "pub",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(server.port()),
                    "-t",
                    "a",
                    "-m",
                    "x",
                    "-q",
                    "1",
                    "--repeat",
                    "3");
            assertThat(pub.waitFor(60, TimeUnit.SECONDS))
                    .as("pub ends within 60 s")
                    .isTrue();
            assertThat(pub.exitValue()).isEqualTo(1);
            List<String> lines = lines(err);
            assertThat(lines).as("stderr").hasSize(2);
            assertThat(lines.get(0))
                    .startsWith("Error publishing to 'a': ")
                    .contains(CAUSE)
                    .doesNotEndWith("the MQTT client engine is closed");
            assertThat(lines.get(1)).isEqualTo("2 more publishes failed the same way");
        }
    }

    /** Starts the CLI the way the {@code ./patchline} launcher does; its stdout is not looked at. */
    private Process start(Path stderr, String... args) throws IOException {
        return CliProcess.start(null, List.of(), tmp.resolve("ignored-stdout.txt"), stderr, args);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }

    /** Waits up to 30 s until {@code file} has {@code count} lines, failing early when the process ended. */
    private static void awaitLines(Path file, int count, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines(file).size() < count) {
            assertThat(process.isAlive())
                    .as("process alive; stderr %s", lines(file))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("%d lines within 30 s; got %s", count, lines(file))
                    .isLessThan(deadline);
            process.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the process ends
        }
    }
}
