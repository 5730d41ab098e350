package dev.patchline.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A browser that upgrades, says hello, watches and taps a node producing many rows, and then never reads: the patch
 * keeps cooking at its rate and the server's queued bytes for that connection stay bounded.
 */
class StalledClientTest {
    /** The high water mark, plus the one frame that may be written while the channel still counted as writable. */
    static final long BOUND = StudioServer.WATER_MARK.high() + 256 * 1024;

    @Test
    void aStalledBrowserNeitherSlowsThePatchNorGrowsTheServersBuffers() throws Exception {
        PatchOptions options = PatchOptions.builder()
                .registry(StudioProtocolTest.REGISTRY)
                .name("studio-stalled")
                .fps(60)
                .watchAll()
                .build();
        Graph graph = Graph.builder()
                .node(
                        "feed",
                        FeedDat.TYPE,
                        p -> p.set(FeedDat.RATE, 200).set(FeedDat.MAXROWS, 5000).set(FeedDat.PAYLOAD, 200))
                .build();
        try (Patch patch = Patch.start(graph, options);
                StudioServer studio = StudioServer.start(patch, StudioOptions.of(options, null));
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", studio.port()), 5_000);
            stalled.setSoTimeout(10_000);
            upgrade(stalled, studio.port());
            OutputStream out = stalled.getOutputStream();
            sendText(out, "{\"type\":\"hello\",\"proto\":1,\"token\":\"" + StudioClient.token(studio) + "\"}");
            sendText(out, "{\"type\":\"watch\",\"id\":\"feed\",\"rows\":200}");
            sendText(out, "{\"type\":\"tap\",\"id\":\"feed\"}");
            // From here on nothing is read: the kernel buffers fill, then the server's own buffer reaches its mark.
            await().atMost(Duration.ofSeconds(30)).until(() -> studio.maxQueuedBytes() > 0);

            AtomicLong peak = new AtomicLong();
            long framesBefore = patch.frame();
            long start = System.nanoTime();
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        long q = studio.maxQueuedBytes();
                        peak.accumulateAndGet(q, Math::max);
                        return q <= BOUND;
                    });
            double seconds = (System.nanoTime() - start) / 1e9;
            long frames = patch.frame() - framesBefore;
            assertThat(peak.get()).as("bytes queued for the stalled browser").isLessThanOrEqualTo(BOUND);
            // 60 frames a second are asked for; half of that on a loaded two-core machine still shows the patch did
            // not wait for the browser (a patch blocked on the socket would cook no frame at all).
            assertThat(frames / seconds)
                    .as("frames per second while the browser stalls")
                    .isGreaterThan(30);
            assertThat(studio.connections()).isEqualTo(1);
        }
    }

    private static void upgrade(Socket s, int port) throws IOException {
        String req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during the upgrade: " + head);
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
    }

    /** A masked text frame, as a client must send. */
    private static void sendText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        f.write(mask);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
        out.write(f.toByteArray());
        out.flush();
    }
}
