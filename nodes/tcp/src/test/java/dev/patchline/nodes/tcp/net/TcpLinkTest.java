package dev.patchline.nodes.tcp.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.protocol.stream.StreamFormat;
import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.protocol.testing.TestCertificates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TcpLinkTest {

    @Test
    void server_frames_lines_split_across_writes_and_many_in_one_write() throws Exception {
        try (LinkProbe server = new LinkProbe(LinkProbe.server(0), 64).start();
                Socket socket = new Socket("127.0.0.1", server.link.localPort())) {
            TcpConnection peer = server.next(TcpEvent.Connected.class).connection();
            assertThat(peer.address()).isEqualTo("127.0.0.1");
            assertThat(peer.port()).isEqualTo(socket.getLocalPort());
            assertThat(peer.id()).isEqualTo("127.0.0.1:" + socket.getLocalPort());
            OutputStream out = socket.getOutputStream();
            for (String chunk : new String[] {"hel", "lo\r", "\nwor", "ld\n", "a\nb\0c\r", "\n", "größe\n"}) {
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            List<String> texts = new ArrayList<>();
            for (TcpEvent e : server.collect(6, e -> e instanceof TcpEvent.Received)) {
                texts.add(((TcpEvent.Received) e).text());
            }
            assertThat(texts).containsExactly("hello", "world", "a", "b", "c", "größe");
            socket.close();
            assertThat(server.next(TcpEvent.Closed.class).reason()).isEqualTo("closed by peer");
            assertThat(server.link.stats().messagesIn()).isEqualTo(6);
            assertThat(server.link.stats().bytesIn()).isEqualTo(28);
        }
    }

    @Test
    void hundred_clients_on_one_server_keep_their_order_and_get_broadcasts() throws Exception {
        int clients = 100;
        int lines = 20;
        try (LinkProbe server = new LinkProbe(LinkProbe.server(0), 256).start()) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket s = new Socket("127.0.0.1", server.link.localPort());
                    sockets.add(s);
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < lines; j++) {
                        sb.append("c").append(i).append('-').append(j).append('\n');
                    }
                    s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                }
                Map<String, List<String>> byPeer = new HashMap<>();
                List<TcpConnection> peers = new ArrayList<>();
                while (byPeer.values().stream().mapToInt(List::size).sum() < clients * lines) {
                    TcpEvent e = server.next();
                    if (e instanceof TcpEvent.Connected) {
                        peers.add(e.connection());
                    } else if (e instanceof TcpEvent.Received) {
                        byPeer.computeIfAbsent(e.connection().id(), k -> new ArrayList<>())
                                .add(((TcpEvent.Received) e).text());
                    }
                }
                assertThat(byPeer).hasSize(clients);
                for (List<String> received : byPeer.values()) {
                    String prefix = received.get(0).substring(0, received.get(0).indexOf('-') + 1);
                    List<String> expected = new ArrayList<>();
                    for (int j = 0; j < lines; j++) {
                        expected.add(prefix + j);
                    }
                    assertThat(received).isEqualTo(expected);
                }
                assertThat(peers).hasSize(clients);
                assertThat(server.link.openConnections()).isEqualTo(clients);
                for (TcpConnection peer : peers) {
                    server.send(peer, "bye " + peer.port());
                }
                for (Socket s : sockets) {
                    BufferedReader reader =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    assertThat(reader.readLine()).isEqualTo("bye " + s.getLocalPort());
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void slow_client_is_bounded_and_does_not_delay_the_others() throws Exception {
        int limit = 64 * 1024;
        TcpLinkConfig config =
                LinkProbe.config(true, 0, StreamFormat.perLine(), null, limit, SlowPeerPolicy.DROP_OLDEST);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (LinkProbe server = new LinkProbe(config, 64).start();
                Socket fast1 = new Socket("127.0.0.1", server.link.localPort());
                Socket fast2 = new Socket("127.0.0.1", server.link.localPort());
                Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.link.localPort()));
            List<TcpConnection> peers = server.collect(3, e -> e instanceof TcpEvent.Connected).stream()
                    .map(TcpEvent::connection)
                    .toList();
            TcpConnection slowPeer = peers.stream()
                    .filter(p -> p.port() == slow.getLocalPort())
                    .findFirst()
                    .orElseThrow();
            int total = 20_000;
            AtomicInteger count1 = new AtomicInteger();
            AtomicInteger count2 = new AtomicInteger();
            Future<Integer> got1 = readers.submit(() -> countLines(fast1.getInputStream(), total, count1));
            Future<Integer> got2 = readers.submit(() -> countLines(fast2.getInputStream(), total, count2));
            // 20 MB in all: more than the kernel's socket buffers can hide from the slow peer.
            String payload = "x".repeat(994);
            // Like a cook: many messages per batch, one batch per peer. The graph's pace is what the fast readers
            // take (a few batches ahead), never what the slow one takes.
            int perBatch = 10;
            for (int batch = 0; batch < total / perBatch; batch++) {
                int sent = batch * perBatch;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (count1.get() < sent - 30 || count2.get() < sent - 30) {
                    assertThat(System.nanoTime())
                            .as("fast readers keep up: %d and %d of %d", count1.get(), count2.get(), sent)
                            .isLessThan(deadline);
                    Thread.sleep(1);
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < perBatch; i++) {
                    sb.append(String.format("%06d", sent + i)).append(payload).append('\n');
                }
                byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
                for (TcpConnection peer : peers) {
                    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
                    peer.write(buf, perBatch);
                }
            }
            assertThat(got1.get(30, TimeUnit.SECONDS)).isEqualTo(total);
            assertThat(got2.get(30, TimeUnit.SECONDS)).isEqualTo(total);
            assertThat(server.link.stats().dropped())
                    .as("oldest batches for the slow peer were dropped")
                    .isPositive();
            assertThat(slowPeer.peakPendingBytes())
                    .as("slow peer's buffer stays within the limit")
                    .isLessThanOrEqualTo(limit);
            assertThat(slowPeer.isOpen()).isTrue();
            // The slow client finally reads: the oldest lines are gone, the newest arrive, the last one included.
            slow.setSoTimeout(10_000);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII));
            String last = String.format("%06d", total - 1);
            int slowCount = 0;
            for (String line = reader.readLine(); !line.startsWith(last); line = reader.readLine()) {
                slowCount++;
            }
            assertThat(slowCount + 1).isLessThan(total);
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void close_policy_disconnects_the_slow_peer() throws Exception {
        TcpLinkConfig config = LinkProbe.config(true, 0, StreamFormat.perLine(), null, 16 * 1024, SlowPeerPolicy.CLOSE);
        try (LinkProbe server = new LinkProbe(config, 64).start();
                Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.link.localPort()));
            TcpConnection peer = server.next(TcpEvent.Connected.class).connection();
            byte[] line = ("y".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10_000 && peer.isOpen(); i++) {
                peer.write(ByteBufAllocator.DEFAULT.buffer(line.length).writeBytes(line), 1);
            }
            TcpEvent.Closed closed = server.next(TcpEvent.Closed.class);
            assertThat(closed.reason())
                    .contains("write buffer exceeded 16384 bytes")
                    .contains("policy: close");
        }
    }

    @Test
    void client_reconnects_after_the_server_restarts() throws Exception {
        int port = FreePorts.tcp();
        LinkProbe server = new LinkProbe(LinkProbe.server(port), 64).start();
        try (LinkProbe client = new LinkProbe(LinkProbe.client(port), 64).start()) {
            TcpConnection first = client.next(TcpEvent.Connected.class).connection();
            assertThat(first.port()).isEqualTo(port);
            server.next(TcpEvent.Connected.class);
            server.close();
            client.next(TcpEvent.Closed.class);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> client.link.status().contains("retrying"));

            server = new LinkProbe(LinkProbe.server(port), 64).start();
            TcpConnection second = client.next(TcpEvent.Connected.class).connection();
            assertThat(second).isNotSameAs(first);
            assertThat(client.link.status()).isEqualTo("connected to 127.0.0.1:" + port);
            client.send(second, "back again");
            TcpConnection atServer = server.next(TcpEvent.Connected.class).connection();
            assertThat(server.next(TcpEvent.Received.class).text()).isEqualTo("back again");
            server.send(atServer, "welcome");
            assertThat(client.next(TcpEvent.Received.class).text()).isEqualTo("welcome");
        } finally {
            server.close();
        }
    }

    @Test
    void client_resolves_host_names_off_the_event_loop() throws Exception {
        try (LinkProbe server = new LinkProbe(LinkProbe.server(0), 8).start()) {
            TcpLinkConfig byName = quickClient("localhost", server.link.localPort());
            try (LinkProbe client = new LinkProbe(byName, 8).start()) {
                assertThat(client.next(TcpEvent.Connected.class).connection().port())
                        .isEqualTo(server.link.localPort());
            }
            TcpLinkConfig unknown = quickClient("no-such-host.invalid", 9);
            try (LinkProbe client = new LinkProbe(unknown, 8).start()) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(client.link.status())
                                .startsWith("cannot resolve host 'no-such-host.invalid'")
                                .contains("retrying in"));
            }
        }
    }

    @Test
    void client_retries_while_nothing_listens() throws Exception {
        int port = FreePorts.tcp();
        try (LinkProbe client = new LinkProbe(LinkProbe.client(port), 8).start()) {
            // The status names the attempt; the poll may see any attempt from the third on, so compare the number.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String status = client.link.status();
                assertThat(status)
                        .contains("cannot connect to 127.0.0.1:" + port)
                        .contains("retrying in");
                Matcher attempt = Pattern.compile("attempt (\\d+)").matcher(status);
                assertThat(attempt.find()).as("attempt number in '%s'", status).isTrue();
                assertThat(Integer.parseInt(attempt.group(1))).isGreaterThanOrEqualTo(3);
            });
        }
    }

    @Test
    void tls_server_and_client_with_a_generated_certificate(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        SslContext serverSsl = SslContextBuilder.forServer(
                        certs.serverCert().toFile(), certs.serverKey().toFile())
                .build();
        SslContext clientSsl = SslContextBuilder.forClient()
                .trustManager(certs.caCert().toFile())
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
        TcpLinkConfig serverConfig =
                LinkProbe.config(true, 0, StreamFormat.perLine(), serverSsl, 1 << 20, SlowPeerPolicy.CLOSE);
        try (LinkProbe server = new LinkProbe(serverConfig, 16).start()) {
            TcpLinkConfig clientConfig = LinkProbe.config(
                    false, server.link.localPort(), StreamFormat.perLine(), clientSsl, 1 << 20, SlowPeerPolicy.CLOSE);
            try (LinkProbe client = new LinkProbe(clientConfig, 16).start()) {
                TcpConnection toServer = client.next(TcpEvent.Connected.class).connection();
                TcpConnection toClient = server.next(TcpEvent.Connected.class).connection();
                client.send(toServer, "over tls");
                assertThat(server.next(TcpEvent.Received.class).text()).isEqualTo("over tls");
                server.send(toClient, "and back");
                assertThat(client.next(TcpEvent.Received.class).text()).isEqualTo("and back");
            }
            // A client that does not trust the server's CA never sees a connection.
            SslContext distrustful = SslContextBuilder.forClient()
                    .trustManager(certs.otherCaCert().toFile())
                    .build();
            TcpLinkConfig badConfig = LinkProbe.config(
                    false, server.link.localPort(), StreamFormat.perLine(), distrustful, 1 << 20, SlowPeerPolicy.CLOSE);
            try (LinkProbe bad = new LinkProbe(badConfig, 16).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> bad.link.takeProblem() != null);
                assertThat(bad.events).noneMatch(e -> e instanceof TcpEvent.Connected);
            }
        }
    }

    @Test
    void full_sink_pauses_reading_and_loses_nothing() throws Exception {
        int total = 5_000;
        try (LinkProbe server = new LinkProbe(LinkProbe.server(0), 8).start();
                Socket socket = new Socket("127.0.0.1", server.link.localPort())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < total; i++) {
                sb.append(i).append('\n');
            }
            socket.getOutputStream().write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            server.next(TcpEvent.Connected.class);
            // Let the link run into the full queue before consuming anything.
            await().atMost(Duration.ofSeconds(5)).until(() -> server.link.backlogSize() > 0);
            assertThat(server.events).hasSize(8);
            for (int i = 0; i < total; i++) {
                assertThat(server.next(TcpEvent.Received.class).text()).isEqualTo(Integer.toString(i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.link.backlogSize() == 0);
            assertThat(server.events).isEmpty();
        }
    }

    @Test
    void over_long_message_is_reported_and_the_stream_continues() throws Exception {
        TcpLinkConfig config = LinkProbe.config(
                true, 0, StreamFormat.perLine().withMaxLength(10), null, 1 << 20, SlowPeerPolicy.CLOSE);
        try (LinkProbe server = new LinkProbe(config, 16).start();
                Socket socket = new Socket("127.0.0.1", server.link.localPort())) {
            socket.getOutputStream()
                    .write("short\nthis line is far too long\nnext\n".getBytes(StandardCharsets.US_ASCII));
            server.next(TcpEvent.Connected.class);
            assertThat(server.next(TcpEvent.Received.class).text()).isEqualTo("short");
            assertThat(server.next(TcpEvent.Received.class).text()).isEqualTo("next");
            assertThat(server.link.stats().dropped()).isEqualTo(1);
            assertThat(server.link.takeProblem())
                    .contains("perline message at stream byte 6")
                    .contains("limit is 10 bytes");
        }
    }

    @Test
    void bind_failure_is_reported_with_a_hint() throws Exception {
        try (LinkProbe first = new LinkProbe(LinkProbe.server(0), 8).start();
                LinkProbe second = new LinkProbe(LinkProbe.server(first.link.localPort()), 8)) {
            second.link.start().await(10, TimeUnit.SECONDS);
            assertThat(second.link.failed()).isTrue();
            assertThat(second.link.status())
                    .startsWith("cannot listen on 127.0.0.1:" + first.link.localPort())
                    .contains("change 'port' or 'address'");
        }
    }

    private static int countLines(InputStream in, int expected, AtomicInteger progress) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        int n = 0;
        while (n < expected) {
            String line = reader.readLine();
            if (line == null) {
                break;
            }
            if (!line.startsWith(String.format("%06d", n))) {
                throw new AssertionError("line " + n + " out of order: " + line);
            }
            n++;
            progress.set(n);
        }
        return n;
    }

    /** A client of {@code host}:{@code port} that retries after 50 to 200 ms. */
    private static TcpLinkConfig quickClient(String host, int port) {
        return new TcpLinkConfig(
                false,
                host,
                port,
                StreamFormat.perLine(),
                StandardCharsets.UTF_8,
                null,
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                1 << 20,
                SlowPeerPolicy.CLOSE,
                Duration.ZERO,
                0);
    }
}
