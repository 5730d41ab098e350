package dev.patchline.bench.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import io.netty.buffer.Unpooled;

/** The same few operations over each client under test, MQTT 3.1.1 everywhere so that all speak the same protocol. */
interface BenchClient extends AutoCloseable {

    String name();

    void connect(int port) throws Exception;

    /** Subscribes to {@link FakeServers#TOPIC}; {@code onMessage} runs once per message on the client's delivery thread. */
    void subscribe(int qos, Runnable onMessage) throws Exception;

    /** Publishes; the future completes when the client considers the message done (written, or acknowledged). */
    CompletableFuture<?> publish(byte[] payload, int qos);

    /** Whether the producer should pause (the client's own backpressure signal), if it has one. */
    default boolean saturated() {
        return false;
    }

    @Override
    void close() throws Exception;

    /** Patchline's standalone client. */
    final class Patchline implements BenchClient {
        private MqttClient client;

        @Override
        public String name() {
            return "patchline";
        }

        @Override
        public void connect(int port) throws Exception {
            client = MqttClient.builder("tcp://127.0.0.1:" + port).clientId("bench-patchline").version(MqttVersion.V3_1_1)
                    .reconnect(ReconnectPolicy.never()).publishQueueCapacity(20_000).build();
            client.connect().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void subscribe(int qos, Runnable onMessage) throws Exception {
            client.subscribe(FakeServers.TOPIC, Qos.of(qos), message -> onMessage.run()).get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletableFuture<?> publish(byte[] payload, int qos) {
            return client.publish(FakeServers.TOPIC, Unpooled.wrappedBuffer(payload), Qos.of(qos), false, PublishProperties.NONE);
        }

        @Override
        public boolean saturated() {
            return client.isPublishQueueFull();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** HiveMQ MQTT Client 1.3.x, asynchronous API, MQTT 3. */
    final class HiveMq implements BenchClient {
        private Mqtt3AsyncClient client;

        @Override
        public String name() {
            return "hivemq";
        }

        @Override
        public void connect(int port) throws Exception {
            client = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion3().identifier("bench-hivemq")
                    .serverHost("127.0.0.1").serverPort(port).buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void subscribe(int qos, Runnable onMessage) throws Exception {
            client.subscribeWith().topicFilter(FakeServers.TOPIC).qos(MqttQos.fromCode(qos)).callback(publish -> onMessage.run())
                    .send().get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletableFuture<?> publish(byte[] payload, int qos) {
            return client.publishWith().topic(FakeServers.TOPIC).qos(MqttQos.fromCode(qos)).payload(payload).send();
        }

        @Override
        public void close() {
            try {
                client.disconnect().get(10, TimeUnit.SECONDS);
            } catch (Exception alreadyClosed) {
                // the fake server may have closed first; nothing left to release
            }
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
