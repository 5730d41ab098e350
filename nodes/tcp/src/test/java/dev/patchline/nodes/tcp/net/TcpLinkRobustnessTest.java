package dev.patchline.nodes.tcp.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.stream.StreamFormat;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keep-alive on every socket, and a client backoff that grows against a server that hangs up at once. */
@Timeout(60)
class TcpLinkRobustnessTest {

    @Test
    void every_connected_socket_has_tcp_keep_alive() throws Exception {
        try (LinkProbe server = new LinkProbe(LinkProbe.server(0), 8).start();
                LinkProbe client = new LinkProbe(LinkProbe.client(server.link.localPort()), 8).start()) {
            TcpConnection atClient = client.next(TcpEvent.Connected.class).connection();
            TcpConnection atServer = server.next(TcpEvent.Connected.class).connection();
            assertThat(atClient.channel().config().getOption(ChannelOption.SO_KEEPALIVE))
                    .isTrue();
            assertThat(atServer.channel().config().getOption(ChannelOption.SO_KEEPALIVE))
                    .isTrue();
        }
    }

    @Test
    void a_server_that_hangs_up_at_once_gets_growing_waits_not_a_storm() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(
                    () -> {
                        while (!hangUp.isClosed()) {
                            try (Socket s = hangUp.accept()) {
                                accepted.incrementAndGet();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "hang-up-server");
            acceptor.setDaemon(true);
            acceptor.start();

            List<String> statuses = new CopyOnWriteArrayList<>();
            BlockingQueue<TcpEvent> events = new ArrayBlockingQueue<>(64);
            TcpLinkConfig config = new TcpLinkConfig(
                    false,
                    "127.0.0.1",
                    hangUp.getLocalPort(),
                    StreamFormat.perLine(),
                    StandardCharsets.UTF_8,
                    null,
                    Duration.ofMillis(5),
                    Duration.ofSeconds(5),
                    1 << 20,
                    SlowPeerPolicy.CLOSE,
                    Duration.ZERO,
                    0);
            TcpLink[] link = new TcpLink[1];
            link[0] = TcpLink.create(config, events::offer, () -> {
                if (link[0] != null) {
                    statuses.add(link[0].status());
                }
            });
            try {
                link[0].start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (retries(statuses).size() < 5) {
                    assertThat(System.nanoTime())
                            .as("five retries within 20 s; statuses %s", statuses)
                            .isLessThan(deadline);
                    events.poll(20, TimeUnit.MILLISECONDS); // consume Connected/Closed, waiting for the next change
                    link[0].resume();
                }
            } finally {
                link[0].close();
            }
            List<double[]> retries = retries(statuses);
            // Each connection was accepted, yet each counts as a failed attempt: the numbers and the waits grow.
            for (int i = 0; i < 5; i++) {
                assertThat((int) retries.get(i)[0])
                        .as("attempt of %s", statuses)
                        .isEqualTo(i + 1);
            }
            // Nominal waits 5, 10, 20, 40, 80 ms, ±20 %: the fifth is at least 64 ms, the first at most 6 ms.
            assertThat(retries.get(4)[1]).isGreaterThan(retries.get(0)[1]);
            assertThat(accepted.get()).isGreaterThanOrEqualTo(4);
        }
    }

    /** (attempt, seconds) of each "retrying in S s (attempt N)" status, in order. */
    private static List<double[]> retries(List<String> statuses) {
        Pattern retry = Pattern.compile("retrying in ([0-9.,]+) s \\(attempt (\\d+)\\)");
        List<double[]> found = new ArrayList<>();
        for (String status : statuses) {
            Matcher m = retry.matcher(status);
            if (m.find()) {
                double[] entry = {
                    Integer.parseInt(m.group(2)), Double.parseDouble(m.group(1).replace(',', '.'))
                };
                if (found.isEmpty() || found.get(found.size() - 1)[0] != entry[0]) {
                    found.add(entry);
                }
            }
        }
        return found;
    }
}
