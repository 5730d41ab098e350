package dev.patchline.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-bench servers speak proper MQTT 3.1.1 to Paho (3.1.1 only) and refuse what they cannot serve. */
class FakeServersTest {

    @Test
    void sourceStreamsQos1PublishesThatPahoAccepts() throws Exception {
        int messages = 2_000;
        try (FakeServers.Source source = new FakeServers.Source(messages, 1, 100);
                BenchClient.Paho paho = new BenchClient.Paho()) {
            paho.connect(source.port());
            CountDownLatch all = new CountDownLatch(messages);
            paho.subscribe(1, all::countDown);
            assertThat(all.await(60, TimeUnit.SECONDS))
                    .as("Paho received all %d messages", messages)
                    .isTrue();
            assertThat(source.failure).isNull();
        }
    }

    @Test
    void sinkAcknowledgesPahoQos1Publishes() throws Exception {
        int messages = 2_000;
        try (FakeServers.Sink sink = new FakeServers.Sink(messages);
                BenchClient.Paho paho = new BenchClient.Paho()) {
            paho.connect(sink.port());
            CompletableFuture<?> last = null;
            for (int i = 0; i < messages; i++) {
                last = paho.publish(new byte[51], 1);
            }
            last.get(60, TimeUnit.SECONDS);
            assertThat(sink.done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.received.get()).isEqualTo(messages);
        }
    }

    @Test
    void sourceRefusesAnMqtt31ConnectNamingTheFix() throws Exception {
        try (FakeServers.Source source = new FakeServers.Source(10, 0, 10);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), source.port())) {
            OutputStream out = socket.getOutputStream();
            // MQTT 3.1: protocol name "MQIsdp", level 3
            out.write(new byte[] {0x10, 16, 0, 6, 'M', 'Q', 'I', 's', 'd', 'p', 3, 2, 0, 60, 0, 2, 'i', 'd'});
            out.flush();
            assertThat(socket.getInputStream().read())
                    .as("connection closed without CONNACK")
                    .isEqualTo(-1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (source.failure == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(source.failure)
                    .hasMessageContaining("not MQTT 3.1.1 or 5.0")
                    .hasMessageContaining("MQTT_VERSION_3_1_1");
        }
    }
}
