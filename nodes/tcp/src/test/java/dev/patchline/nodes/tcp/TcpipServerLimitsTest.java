package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.BindProbe;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server DAT on its defaults: this machine only, a bounded number of peers, silent peers closed when asked. */
@Timeout(60)
class TcpipServerLimitsTest {

    @Test
    void a_server_listens_on_loopback_only_by_default() throws Exception {
        assertThat(TcpipDat.ADDRESS.defaultValue()).isEqualTo("127.0.0.1");
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = TcpipDatTest.server(port)) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "a connection", r);
            }
            assertThat(BindProbe.tcpListensOnAllInterfaces(port))
                    .as("bound to every interface")
                    .isFalse();
        }
    }

    @Test
    void peers_beyond_max_peers_are_closed_counted_and_reported() throws Exception {
        assertThat(TcpipDat.MAX_PEERS.defaultValue()).isPositive();
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = TcpipDatTest.server(port).set(TcpipDat.MAX_PEERS, 2)) {
            r.cook();
            try (Socket first = Cooking.connect(port, r);
                    Socket second = Cooking.connect(port, r)) {
                cookAllUntil(() -> r.info("connections") == 2.0, Duration.ofSeconds(10), "two connections", r);
                try (Socket third = Cooking.connect(port, r)) {
                    assertThat(endOfStream(third))
                            .as("the third peer is closed")
                            .isTrue();
                    // The warning shows on the cook after the refusal; later cooks clear it.
                    List<String> warnings = new ArrayList<>();
                    cookAllUntil(
                            () -> seen(r, warnings)
                                    && r.info("refused") == 1.0
                                    && warnings.stream().anyMatch(w -> w.contains("refused")),
                            Duration.ofSeconds(10),
                            "one refusal and its warning",
                            r);
                    assertThat(warnings)
                            .anySatisfy(w -> assertThat(w)
                                    .contains("refused a connection from 127.0.0.1:" + third.getLocalPort())
                                    .contains("maxpeers 2"));
                }
                first.close();
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "the first peer gone", r);
                try (Socket fourth = Cooking.connect(port, r)) {
                    cookAllUntil(
                            () -> r.info("connections") == 2.0, Duration.ofSeconds(10), "a place for the fourth", r);
                }
                assertThat(r.info("refused")).isEqualTo(1.0);
            }
        }
    }

    @Test
    void a_silent_peer_is_closed_after_the_idle_timeout() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = TcpipDatTest.server(port).set(TcpipDat.IDLE_TIMEOUT, 0.2)) {
            r.cook();
            try (Socket silent = Cooking.connect(port, r)) {
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "a connection", r);
                assertThat(endOfStream(silent)).as("closed by the server").isTrue();
                List<String> warnings = new ArrayList<>();
                cookAllUntil(
                        () -> seen(r, warnings)
                                && r.info("closed_idle") == 1.0
                                && r.info("connections") == 0.0
                                && warnings.stream().anyMatch(w -> w.contains("no traffic")),
                        Duration.ofSeconds(10),
                        "the idle close and its warning",
                        r);
                assertThat(warnings)
                        .anySatisfy(w -> assertThat(w).contains("no traffic").contains("idletimeout"));
            }
        }
    }

    /** Records the node's warning of the last cook, if any; always true, to be chained in a condition. */
    private static boolean seen(OperatorTestRunner r, List<String> warnings) {
        if (r.state() == NodeState.WARNING) {
            warnings.add(r.message());
        }
        return true;
    }

    /** Whether the server closed {@code socket} within 10 s (end of stream, or a reset). */
    private static boolean endOfStream(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }
}
