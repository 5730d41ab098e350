package dev.patchline.nodes.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DAT against tools that know nothing of Patchline: OpenBSD netcat as a client of the server DAT, and socat as
 * a line server for the client DAT. Skipped only when the tool is missing and REQUIRE_NETCAT is unset.
 */
@Timeout(60)
class NetcatInteropTest {

    private static void requireTool(String path) {
        boolean present = Files.isExecutable(Path.of(path));
        if (!present && System.getenv("REQUIRE_NETCAT") != null) {
            throw new AssertionError(path + " is missing but REQUIRE_NETCAT is set; install netcat-openbsd and socat");
        }
        assumeTrue(present, path + " not installed");
    }

    @Test
    void netcatClientTalksToTheServerDat() throws Exception {
        requireTool("/usr/bin/nc");
        int port = FreePorts.tcp();
        RecordingCallbacks callbacks = new RecordingCallbacks();
        callbacks.replyPrefix = "hello ";
        try (OperatorTestRunner r = TcpipDatTest.server(port).callbacks(CallbackSpec.object(callbacks))) {
            r.cook();
            awaitListening(port, r);
            Process nc = new ProcessBuilder("/usr/bin/nc", "-N", "127.0.0.1", Integer.toString(port))
                    .redirectErrorStream(true).start();
            try {
                OutputStream stdin = nc.getOutputStream();
                stdin.write("netcat\r\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                Cooking.until(() -> r.output().numRows() == 1, "the line from nc", r);
                assertThat(r.output().cell(0, "message")).isEqualTo("netcat");
                BufferedReader stdout = new BufferedReader(new InputStreamReader(nc.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(stdout.readLine()).isEqualTo("hello netcat");
                stdin.close(); // nc -N shuts the socket down on end of input
                Cooking.until(() -> callbacks.events.stream().anyMatch(e -> e.startsWith("close ")), "onClose", r);
                assertThat(nc.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                nc.destroyForcibly();
            }
        }
    }

    /** Waits until something listens on the port, without connecting to it (a bind attempt fails then). */
    private static void awaitListening(int port, OperatorTestRunner r) {
        Cooking.until(() -> {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return false;
            } catch (java.io.IOException e) {
                return true;
            }
        }, "the server DAT listening on " + port, r);
    }

    @Test
    void clientDatTalksToASocatServer() throws Exception {
        requireTool("/usr/bin/socat");
        int port = FreePorts.tcp();
        // socat answers each line with the same line upper-cased, through a tiny shell filter.
        Process socat = new ProcessBuilder("/usr/bin/socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr",
                "SYSTEM:'while read -r l; do echo \"$l\" | tr a-z A-Z; done'").redirectErrorStream(true).start();
        try (OperatorTestRunner r = TcpipDatTest.client(port)) {
            r.input(0).setHeader("text");
            Cooking.until(() -> r.info("connections") == 1.0, "connected to socat", r);
            r.input(0).appendRow("shout this");
            Cooking.until(() -> r.output().numRows() == 1, "socat's answer", r);
            assertThat(r.output().cell(0, "message")).isEqualTo("SHOUT THIS");
        } finally {
            socat.destroyForcibly();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
