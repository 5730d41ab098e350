package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code shared}: TCP/IP DATs with the same mode, address and port use one socket (TouchDesigner's Shared Connection). */
@Timeout(60)
class SharedConnectionTest {

    @Test
    void two_server_dats_share_one_listening_port_and_each_sees_every_message() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner a = TcpipDatTest.server(port).set(TcpipDat.SHARED, true);
                OperatorTestRunner b = TcpipDatTest.server(port).set(TcpipDat.SHARED, true)) {
            a.input(0).setHeader("text");
            b.input(0).setHeader("text");
            a.cook();
            b.cook();
            try (Socket s = Cooking.connect(port, a, b)) {
                cookAllUntil(
                        () -> a.info("connections") == 1.0 && b.info("connections") == 1.0,
                        Duration.ofSeconds(10),
                        "both see the peer",
                        a,
                        b);
                s.getOutputStream().write("to both\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(
                        () -> a.output().numRows() == 1 && b.output().numRows() == 1,
                        Duration.ofSeconds(10),
                        "a row in each",
                        a,
                        b);
                assertThat(a.output().cell(0, "message")).isEqualTo("to both");
                assertThat(b.output().cell(0, "message")).isEqualTo("to both");
                assertThat(b.output().cell(0, "peer")).isEqualTo("127.0.0.1:" + s.getLocalPort());

                a.input(0).appendRow("from a");
                a.cook();
                b.input(0).appendRow("from b");
                b.cook();
                BufferedReader in = reader(s);
                assertThat(in.readLine()).isEqualTo("from a");
                assertThat(in.readLine()).isEqualTo("from b");
            }
            assertThat(a.state()).isEqualTo(NodeState.OK);
            assertThat(b.state()).isEqualTo(NodeState.OK);
        }
    }

    @Test
    void without_shared_the_second_server_cannot_listen_on_the_same_port() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner a = TcpipDatTest.server(port);
                OperatorTestRunner b = TcpipDatTest.server(port)) {
            a.cook();
            try (Socket s = Cooking.connect(port, a)) {
                cookAllUntil(() -> a.info("connections") == 1.0, Duration.ofSeconds(10), "a listens", a);
            }
            cookAllUntil(() -> b.state() == NodeState.ERROR, Duration.ofSeconds(10), "b's bind error", b);
            assertThat(b.message()).contains("cannot listen on 127.0.0.1:" + port);
        }
    }

    @Test
    void two_client_dats_share_one_connection_and_both_receive() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner server = TcpipDatTest.server(port)) {
            server.input(0).setHeader("text");
            server.cook();
            try (OperatorTestRunner a = TcpipDatTest.client(port).set(TcpipDat.SHARED, true);
                    OperatorTestRunner b = TcpipDatTest.client(port).set(TcpipDat.SHARED, true)) {
                a.input(0).setHeader("text");
                cookAllUntil(
                        () -> a.info("connections") == 1.0
                                && b.info("connections") == 1.0
                                && server.info("connections") == 1.0,
                        Duration.ofSeconds(10),
                        "both clients on one connection",
                        server,
                        a,
                        b);
                server.input(0).appendRow("hello clients");
                cookAllUntil(
                        () -> a.output().numRows() == 1 && b.output().numRows() == 1,
                        Duration.ofSeconds(10),
                        "a row in each client",
                        server,
                        a,
                        b);
                assertThat(a.output().cell(0, "message")).isEqualTo("hello clients");
                assertThat(b.output().cell(0, "message")).isEqualTo("hello clients");

                a.input(0).appendRow("from a");
                cookAllUntil(
                        () -> server.output().numRows() == 1, Duration.ofSeconds(10), "the server row", server, a, b);
                String peer = server.output().cell(0, "peer");
                b.close(); // a keeps the connection
                a.input(0).appendRow("a again");
                cookAllUntil(() -> server.output().numRows() == 2, Duration.ofSeconds(10), "a's second row", server, a);
                assertThat(server.output().cell(1, "message")).isEqualTo("a again");
                assertThat(server.output().cell(1, "peer")).isEqualTo(peer);
                assertThat(server.info("connections")).isEqualTo(1.0);
            }
            // The last DAT to leave closed the shared connection.
            cookAllUntil(
                    () -> server.info("connections") == 0.0,
                    Duration.ofSeconds(10),
                    "the shared connection closed",
                    server);
        }
    }

    @Test
    void a_later_dat_with_other_settings_is_warned_that_the_first_dats_apply() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner a = TcpipDatTest.server(port).set(TcpipDat.SHARED, true);
                OperatorTestRunner b = TcpipDatTest.server(port)
                        .set(TcpipDat.SHARED, true)
                        .set(TcpipDat.FORMAT, TcpipDat.Format.PERBYTE)) {
            a.cook();
            b.cook();
            assertThat(b.state()).isEqualTo(NodeState.WARNING);
            assertThat(b.message())
                    .contains("shared connection (server on 127.0.0.1:" + port + ")")
                    .contains("format")
                    .contains("turn 'shared' off");
            try (Socket s = Cooking.connect(port, a, b)) {
                s.getOutputStream().write("ab\n".getBytes(StandardCharsets.US_ASCII));
                // The first DAT's framing (perline) is what the shared socket uses.
                cookAllUntil(() -> b.output().numRows() == 1, Duration.ofSeconds(10), "b's row", a, b);
                assertThat(b.output().cell(0, "message")).isEqualTo("ab");
            }
        }
    }

    @Test
    void the_last_dat_to_leave_frees_the_port() throws Exception {
        int port = FreePorts.tcp();
        OperatorTestRunner a = TcpipDatTest.server(port).set(TcpipDat.SHARED, true);
        OperatorTestRunner b = TcpipDatTest.server(port).set(TcpipDat.SHARED, true);
        a.cook();
        b.cook();
        try (Socket s = Cooking.connect(port, a, b)) {
            cookAllUntil(() -> b.info("connections") == 1.0, Duration.ofSeconds(10), "b sees the peer", a, b);
        }
        a.close();
        try (Socket s = Cooking.connect(port, b)) {
            s.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
            cookAllUntil(() -> b.output().numRows() == 1, Duration.ofSeconds(10), "b still serves", b);
        }
        b.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) { // the listening socket closes asynchronously
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(probe.getLocalPort()).isEqualTo(port);
                return;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " still taken 10 s after the last shared DAT closed", e);
                }
                Thread.sleep(10);
            }
        }
    }

    private static BufferedReader reader(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
