package dev.patchline.protocol.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttPublishException;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * QoS 0 publishing against a real server socket that accepts the connection and then stops reading: the bytes that
 * wait for the socket count against the publish queue, so the client's direct memory stays within its bound, and a
 * QoS 0 publish completes only once its bytes are written.
 */
class OutboundBackpressureTest {

    private static final int MESSAGES = 200_000;
    private static final int BOUND = 1 << 20;
    private static final int BLIND_QUEUE = 1_000;
    /**
     * Beyond the bound: the buffer being filled, and the capacity of the batch buffers, which grow by doubling and so
     * may hold up to twice their content.
     */
    private static final long SLACK = BOUND + (256 << 10);

    private final byte[] payload = new byte[1024];
    /** The client's own allocator, so that its metric counts exactly the client's outbound buffers. */
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);

    @Test
    void aProducerThatPausesWhileTheQueueIsFullKeepsDirectMemoryWithinTheBound() throws Exception {
        try (SilentServer server = new SilentServer();
                MqttClient client = client(server, 10_000)) {
            client.connect().get(10, TimeUnit.SECONDS);
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
            long peak = 0;
            for (int i = 0; i < MESSAGES; i++) {
                if (client.isPublishQueueFull() && !roomWithin(client, Duration.ofSeconds(1))) {
                    break; // the server reads nothing, so the queue stays full: the producer stops here
                }
                futures.add(client.publish("bp/silent", payload, Qos.AT_MOST_ONCE, false));
                if ((i & 63) == 0) {
                    peak = Math.max(peak, directBytes());
                }
            }
            settle(client);
            peak = Math.max(peak, directBytes());

            assertThat(client.isPublishQueueFull())
                    .as("the server stopped reading, so the queue must report full")
                    .isTrue();
            assertThat(futures.size()).as("publishes accepted").isLessThan(MESSAGES);
            assertThat(peak)
                    .as("client direct memory (bound %d bytes + slack %d)", BOUND, SLACK)
                    .isLessThanOrEqualTo(BOUND + SLACK);
            int done = 0;
            while (done < futures.size() && futures.get(done).isDone()) {
                done++;
            }
            for (int i = done; i < futures.size(); i++) {
                assertThat(futures.get(i).isDone())
                        .as("QoS 0 publishes complete in order, when written: #%d after #%d pending", i, done)
                        .isFalse();
            }
            assertThat(done)
                    .as("QoS 0 publishes whose bytes still wait for the socket are not done")
                    .isLessThan(futures.size());
            client.close();
            for (CompletableFuture<PublishResult> f : futures.subList(done, futures.size())) {
                assertThat(f).failsWithin(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aProducerThatIgnoresTheSignalIsRefusedWithQueueFullAndMemoryStaysBounded() throws Exception {
        try (SilentServer server = new SilentServer();
                MqttClient client = client(server, BLIND_QUEUE)) {
            client.connect().get(10, TimeUnit.SECONDS);
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>(MESSAGES);
            long peak = 0;
            for (int i = 0; i < MESSAGES; i++) {
                futures.add(client.publish("bp/blind", payload, Qos.AT_MOST_ONCE, false));
                if ((i & 63) == 0) {
                    peak = Math.max(peak, directBytes());
                }
            }
            settle(client);
            peak = Math.max(peak, directBytes());

            assertThat(peak)
                    .as("client direct memory (bound %d bytes + slack %d)", BOUND, SLACK)
                    .isLessThanOrEqualTo(BOUND + SLACK);
            MqttPublishException refusal = futures.stream()
                    .filter(CompletableFuture::isCompletedExceptionally)
                    .map(OutboundBackpressureTest::failure)
                    .filter(e -> e.kind() == MqttPublishException.Kind.QUEUE_FULL)
                    .findFirst()
                    .orElse(null);
            assertThat(refusal)
                    .as("publishes beyond twice the queue on their way to the engine are refused")
                    .isNotNull();
            assertThat(refusal.getMessage()).contains("isPublishQueueFull()").contains("publishQueueCapacity");
            long held = futures.stream().filter(f -> !f.isDone()).count();
            assertThat(held)
                    .as("publishes the client holds: the engine's queue, twice that on their way, the unwritten bytes")
                    .isLessThanOrEqualTo(3L * BLIND_QUEUE + BOUND / payload.length);
        }
    }

    private MqttClient client(SilentServer server, int queueCapacity) {
        return MqttClient.builder("tcp://127.0.0.1:" + server.port())
                .clientId("silent-reader")
                .publishQueueCapacity(queueCapacity)
                .maxOutboundBytes(BOUND)
                .connectTimeout(Duration.ofSeconds(2)) // also how long close() lets the goodbye wait for the socket
                .engine(e -> e.allocator(allocator))
                .build();
    }

    private long directBytes() {
        return allocator.metric().usedDirectMemory();
    }

    private static boolean roomWithin(MqttClient client, Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(5)).until(() -> !client.isPublishQueueFull());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Lets the event loop hand over and write what the producer left, twice, so that the last bytes are counted. */
    private static void settle(MqttClient client) throws Exception {
        for (int i = 0; i < 2; i++) {
            client.transport().eventLoop().submit(() -> {}).get(10, TimeUnit.SECONDS);
        }
    }

    private static MqttPublishException failure(CompletableFuture<PublishResult> future) {
        try {
            future.join();
            throw new AssertionError("completed exceptionally but joined");
        } catch (CompletionException e) {
            return (MqttPublishException) e.getCause();
        }
    }

    /**
     * Accepts one connection, answers its CONNECT with a CONNACK (MQTT 5, success) and never reads again, with a
     * small receive buffer so that the client's socket backs up soon.
     */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final Thread thread;
        private volatile Socket socket;

        SilentServer() throws IOException {
            server.setReceiveBufferSize(16 << 10);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            thread = new Thread(this::serve, "silent-mqtt-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try {
                Socket s = server.accept();
                socket = s;
                InputStream in = s.getInputStream();
                if (in.read() != 0x10) {
                    return; // not a CONNECT: the client's connect fails and the test says so
                }
                int remaining = 0;
                int shift = 0;
                int b;
                do {
                    b = in.read();
                    remaining |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                in.readNBytes(remaining);
                s.getOutputStream().write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00});
                s.getOutputStream().flush();
                // and from now on, nothing is read
            } catch (IOException e) {
                // closed by the test
            }
        }

        @Override
        public void close() throws Exception {
            Socket s = socket;
            if (s != null) {
                s.close();
            }
            server.close();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
