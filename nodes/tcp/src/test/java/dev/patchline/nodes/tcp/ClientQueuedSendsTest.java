package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client DAT's sends while it is connecting or reconnecting wait in a bounded queue and go out in order. */
@Timeout(60)
class ClientQueuedSendsTest {

    @Test
    void sends_before_the_server_exists_are_flushed_in_order_on_connect() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner client = TcpipDatTest.client(port)) {
            client.input(0).setHeader("text");
            client.cook();
            client.input(0).appendRow("one");
            client.cook();
            client.input(0).appendRow("two");
            client.input(0).appendRow("three");
            client.cook();
            cookAllUntil(
                    () -> client.info("sends_queued") == 3.0, Duration.ofSeconds(10), "three queued sends", client);
            assertThat(client.info("connections")).isZero();
            try (ServerSocket device = listen(port)) {
                client.cook();
                try (Socket s = device.accept()) {
                    BufferedReader in = reader(s);
                    assertThat(in.readLine()).isEqualTo("one");
                    assertThat(in.readLine()).isEqualTo("two");
                    assertThat(in.readLine()).isEqualTo("three");
                    cookAllUntil(
                            () -> client.info("connections") == 1.0, Duration.ofSeconds(10), "the connection", client);
                    client.input(0).appendRow("four");
                    client.cook();
                    assertThat(in.readLine()).isEqualTo("four");
                    assertThat(client.info("sends_queued")).isZero();
                    assertThat(client.info("dropped")).isZero();
                }
            }
        }
    }

    @Test
    void sends_while_reconnecting_wait_for_the_next_connection() throws Exception {
        int port = FreePorts.tcp();
        String script = """
                def onClose(dat, peer) { dat.send('sent from onClose') }
                """;
        try (OperatorTestRunner client = TcpipDatTest.client(port).callbacks(CallbackSpec.inline(script))) {
            client.input(0).setHeader("text");
            try (ServerSocket first = listen(port);
                    Socket s = acceptWhileCooking(first, client)) {
                cookAllUntil(
                        () -> client.info("connections") == 1.0, Duration.ofSeconds(10), "first connection", client);
            }
            cookAllUntil(() -> client.info("connections") == 0.0, Duration.ofSeconds(10), "the drop", client);
            client.input(0).appendRow("while away");
            client.cook();
            cookAllUntil(() -> client.info("sends_queued") == 2.0, Duration.ofSeconds(10), "two queued sends", client);
            try (ServerSocket second = listen(port);
                    Socket s = acceptWhileCooking(second, client)) {
                BufferedReader in = reader(s);
                assertThat(in.readLine()).isEqualTo("sent from onClose");
                assertThat(in.readLine()).isEqualTo("while away");
            }
            assertThat(client.info("dropped")).isZero();
        }
    }

    @Test
    void a_full_queue_drops_the_oldest_and_counts_them() throws Exception {
        int port = FreePorts.tcp();
        // 1024 bytes hold 32 lines of 32 bytes; each cook sends one line (one batch), 100 cooks.
        try (OperatorTestRunner client = TcpipDatTest.client(port).set(TcpipDat.WRITE_LIMIT, 1024)) {
            client.input(0).setHeader("text");
            client.cook();
            for (int i = 0; i < 100; i++) {
                client.input(0).appendRow(line(i));
                client.cook();
            }
            cookAllUntil(() -> client.info("dropped") == 68.0, Duration.ofSeconds(10), "68 dropped sends", client);
            assertThat(client.info("sends_queued")).isEqualTo(32.0);
            try (ServerSocket device = listen(port);
                    Socket s = acceptWhileCooking(device, client)) {
                BufferedReader in = reader(s);
                for (int i = 68; i < 100; i++) {
                    assertThat(in.readLine()).isEqualTo(line(i));
                }
                cookAllUntil(() -> client.info("connections") == 1.0, Duration.ofSeconds(10), "the connection", client);
                client.input(0).appendRow("after");
                client.cook();
                assertThat(in.readLine()).isEqualTo("after"); // nothing else came between
            }
        }
    }

    private static String line(int i) {
        return String.format("queued line %019d", i); // 31 characters + \n = 32 bytes
    }

    private static ServerSocket listen(int port) throws Exception {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return server;
    }

    /** Accepts the client DAT's connection; the DAT is cooked meanwhile so that its retries are noticed. */
    private static Socket acceptWhileCooking(ServerSocket server, OperatorTestRunner client) throws Exception {
        server.setSoTimeout(20);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                Socket s = server.accept();
                s.setSoTimeout(10_000);
                return s;
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the client DAT did not connect within 10 s: " + client.message());
                }
                client.cook();
            }
        }
    }

    private static BufferedReader reader(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
