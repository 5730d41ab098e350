package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import dev.patchline.testing.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DAT against tools that know nothing of Patchline: OpenBSD netcat as a client of the server DAT, and socat as
 * a line server for the client DAT. Skipped only when the tool is missing and REQUIRE_TOOLS is unset.
 */
@Timeout(60)
class NetcatInteropTest {

    @Test
    void netcat_client_talks_to_the_server_dat() throws Exception {
        String netcat = ExternalTools.presentOrRequired("nc", "apt-get install netcat-openbsd")
                .toString();
        int port = FreePorts.tcp();
        RecordingCallbacks callbacks = new RecordingCallbacks();
        callbacks.replyPrefix = "hello ";
        try (OperatorTestRunner r = TcpipDatTest.server(port).callbacks(CallbackSpec.object(callbacks))) {
            r.cook();
            awaitListening(port, r);
            Process nc = new ProcessBuilder(netcat, "-N", "127.0.0.1", Integer.toString(port))
                    .redirectErrorStream(true)
                    .start();
            try {
                OutputStream stdin = nc.getOutputStream();
                stdin.write("netcat\r\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "the line from nc", r);
                assertThat(r.output().cell(0, "message")).isEqualTo("netcat");
                BufferedReader stdout =
                        new BufferedReader(new InputStreamReader(nc.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(stdout.readLine()).isEqualTo("hello netcat");
                stdin.close(); // nc -N shuts the socket down on end of input
                cookAllUntil(
                        () -> callbacks.events.stream().anyMatch(e -> e.startsWith("close ")),
                        Duration.ofSeconds(10),
                        "onClose",
                        r);
                assertThat(nc.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                nc.destroyForcibly();
            }
        }
    }

    /**
     * Waits until something listens on the port, without connecting to it (a connection would be a peer with callbacks
     * of its own) and without binding it: a probe that binds the port for a moment, as this did before, made the DAT's
     * own bind fail with "Address already in use" when the two met (seen once in CI).
     */
    private static void awaitListening(int port, OperatorTestRunner r) {
        cookAllUntil(() -> listening(port), Duration.ofSeconds(10), "the server DAT listening on " + port, r);
    }

    /** Whether the kernel has a socket in LISTEN state on {@code port} (Linux: /proc/net/tcp and tcp6). */
    private static boolean listening(int port) {
        String hexPort = String.format(":%04X ", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    // fields: sl, local_address (ADDR:PORT in hex), rem_address, st (0A = LISTEN), ...
                    if (fields.length > 3 && (fields[1] + " ").endsWith(hexPort) && fields[3].equals("0A")) {
                        return true;
                    }
                }
            } catch (IOException absent) {
                // no IPv6 table on this machine
            }
        }
        return false;
    }

    @Test
    void client_dat_talks_to_a_socat_server() throws Exception {
        String socatTool = ExternalTools.presentOrRequired("socat", "apt-get install socat")
                .toString();
        int port = FreePorts.tcp();
        // socat answers each line with the same line upper-cased, through a tiny shell filter.
        Process socat = new ProcessBuilder(
                        socatTool,
                        "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr",
                        "SYSTEM:'while read -r l; do echo \"$l\" | tr a-z A-Z; done'")
                .redirectErrorStream(true)
                .start();
        try (OperatorTestRunner r = TcpipDatTest.client(port)) {
            r.input(0).setHeader("text");
            cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "connected to socat", r);
            r.input(0).appendRow("shout this");
            cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "socat's answer", r);
            assertThat(r.output().cell(0, "message")).isEqualTo("SHOUT THIS");
        } finally {
            socat.destroyForcibly();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
