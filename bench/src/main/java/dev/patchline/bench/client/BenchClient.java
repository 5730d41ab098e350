package dev.patchline.bench.client;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.patchline.protocol.mqtt.client.InlineMessageHandler;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The same few operations over each client library under test, MQTT 3.1.1 everywhere so that all speak the same protocol. */
interface BenchClient extends BenchSubscriber {

    /** Publishes to {@link FakeServers#TOPIC}; the future completes when the client considers the message done. */
    CompletableFuture<?> publish(byte[] payload, int qos);

    /** Whether the producer should pause (the client's own backpressure signal), if it has one. */
    default boolean saturated() {
        return false;
    }

    /**
     * Like {@link #subscribe(int, Runnable)}, but hands {@code onStamp} the first eight payload bytes as a big-endian
     * long (the send time of the latency measurement).
     */
    void subscribeStamped(int qos, LongConsumer onStamp) throws Exception;

    /**
     * Patchline's standalone client. By default messages reach a {@link dev.patchline.protocol.mqtt.client.MessageHandler}
     * on the callback executor (one thread hand-off per burst; the handler may block). {@link #inline()} takes them on
     * the event loop through an {@link InlineMessageHandler} instead, as the MQTT Client DAT does: no hand-off, the
     * handler must not block.
     */
    final class Patchline implements BenchClient {
        private final boolean inline;
        private MqttClient client;

        Patchline() {
            this(false);
        }

        private Patchline(boolean inline) {
            this.inline = inline;
        }

        /** The variant whose handler runs on the event loop. */
        static Patchline inline() {
            return new Patchline(true);
        }

        @Override
        public String name() {
            return inline ? "patchline-inline" : "patchline";
        }

        @Override
        public void connect(int port, String clientId) throws Exception {
            client = MqttClient.builder("tcp://127.0.0.1:" + port)
                    .clientId(clientId)
                    .version(MqttVersion.V3_1_1)
                    .reconnect(ReconnectPolicy.never())
                    .publishQueueCapacity(20_000)
                    .build();
            client.connect().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void subscribe(int qos, Runnable onMessage) throws Exception {
            subscribe(qos, message -> onMessage.run());
        }

        @Override
        public void subscribeStamped(int qos, LongConsumer onStamp) throws Exception {
            subscribe(qos, message -> {
                ByteBuf payload = message.payload();
                onStamp.accept(payload.getLong(payload.readerIndex()));
            });
        }

        private void subscribe(int qos, Consumer<dev.patchline.protocol.mqtt.engine.MqttMessage> handler)
                throws Exception {
            if (!inline) {
                client.subscribe(FakeServers.TOPIC, Qos.of(qos), handler::accept)
                        .get(10, TimeUnit.SECONDS);
                return;
            }
            client.subscribeInline(
                            List.of(Subscription.of(FakeServers.TOPIC, Qos.of(qos))),
                            UserProperties.EMPTY,
                            new InlineMessageHandler() {
                                @Override
                                public boolean hasRoom(dev.patchline.protocol.mqtt.engine.MqttMessage message) {
                                    return true; // counting never falls behind
                                }

                                @Override
                                public void onMessage(dev.patchline.protocol.mqtt.engine.MqttMessage message) {
                                    handler.accept(message);
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletableFuture<?> publish(byte[] payload, int qos) {
            return client.publish(
                    FakeServers.TOPIC, Unpooled.wrappedBuffer(payload), Qos.of(qos), false, PublishProperties.NONE);
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

    /**
     * HiveMQ MQTT Client 1.3.x, asynchronous API, MQTT 3. By default its callbacks run on RxJava's computation pool
     * (checked: {@code RxComputationThreadPool-2}); {@link #onExecutor()} hands them to a cached thread pool instead,
     * the kind of executor Patchline's default handler runs on.
     */
    final class HiveMq implements BenchClient {
        private static final ExecutorService CALLBACK_POOL = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bench-hivemq-callback");
            thread.setDaemon(true);
            return thread;
        });

        private final ExecutorService callbacks;
        private Mqtt3AsyncClient client;

        HiveMq() {
            this(null);
        }

        private HiveMq(ExecutorService callbacks) {
            this.callbacks = callbacks;
        }

        /**
         * The variant whose callbacks run on a cached pool of daemon threads. One pool for all of them, never shut down:
         * HiveMQ still schedules the end of a subscription's flow on it after {@code disconnect} completes.
         */
        static HiveMq onExecutor() {
            return new HiveMq(CALLBACK_POOL);
        }

        @Override
        public String name() {
            return callbacks == null ? "hivemq" : "hivemq-executor";
        }

        @Override
        public void connect(int port, String clientId) throws Exception {
            client = com.hivemq.client.mqtt.MqttClient.builder()
                    .useMqttVersion3()
                    .identifier(clientId)
                    .serverHost("127.0.0.1")
                    .serverPort(port)
                    .buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void subscribe(int qos, Runnable onMessage) throws Exception {
            subscribe(qos, publish -> onMessage.run());
        }

        @Override
        public void subscribeStamped(int qos, LongConsumer onStamp) throws Exception {
            subscribe(qos, publish -> {
                ByteBuffer payload = publish.getPayload().orElseThrow();
                onStamp.accept(payload.getLong(payload.position()));
            });
        }

        private void subscribe(int qos, Consumer<Mqtt3Publish> callback) throws Exception {
            var subscription = client.subscribeWith()
                    .topicFilter(FakeServers.TOPIC)
                    .qos(MqttQos.fromCode(qos))
                    .callback(callback);
            (callbacks == null
                            ? subscription.send()
                            : subscription.executor(callbacks).send())
                    .get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletableFuture<?> publish(byte[] payload, int qos) {
            return client.publishWith()
                    .topic(FakeServers.TOPIC)
                    .qos(MqttQos.fromCode(qos))
                    .payload(payload)
                    .send();
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

    /**
     * Eclipse Paho mqttv3 1.2.5 (MQTT 3.1.1 only), asynchronous client with in-memory persistence (its default is a
     * file store in the working directory). Its in-flight window is {@link #MAX_INFLIGHT}, as the others' is 1,000
     * on the broker side. Paho has no publish queue of its own to speak of: beyond the window its {@code publish}
     * throws {@code REASON_CODE_MAX_INFLIGHT}, so this adapter retries until there is room, i.e. publish blocks, which is
     * what a Paho user sees. QoS 0 publishes never count against Paho's window but sit in an unbounded list until
     * written, so {@link #saturated()} caps what this bench has outstanding at the same number.
     */
    final class Paho implements BenchClient {
        static final int MAX_INFLIGHT = 1_000;

        private final AtomicInteger outstanding = new AtomicInteger();
        private MqttAsyncClient client;
        private volatile Receiver receiver = (topic, message) -> {};

        /** Paho's delivery callback without the checked exception. */
        @FunctionalInterface
        private interface Receiver {
            void accept(String topic, MqttMessage message);
        }

        @Override
        public String name() {
            return "paho";
        }

        @Override
        public void connect(int port, String clientId) throws Exception {
            client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            options.setMaxInflight(MAX_INFLIGHT);
            options.setConnectionTimeout(10);
            options.setKeepAliveInterval(60);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the benchmark notices the missing messages
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    receiver.accept(topic, message);
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // publish futures complete through their own listeners
                }
            });
            client.connect(options).waitForCompletion(10_000);
        }

        @Override
        public void subscribe(int qos, Runnable onMessage) throws Exception {
            receiver = (topic, message) -> onMessage.run();
            client.subscribe(FakeServers.TOPIC, qos).waitForCompletion(10_000);
        }

        @Override
        public void subscribeStamped(int qos, LongConsumer onStamp) throws Exception {
            receiver = (topic, message) ->
                    onStamp.accept(ByteBuffer.wrap(message.getPayload()).getLong());
            client.subscribe(FakeServers.TOPIC, qos).waitForCompletion(10_000);
        }

        @Override
        public CompletableFuture<?> publish(byte[] payload, int qos) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            IMqttActionListener listener = new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outstanding.decrementAndGet();
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    outstanding.decrementAndGet();
                    done.completeExceptionally(failure);
                }
            };
            outstanding.incrementAndGet();
            while (true) {
                try {
                    client.publish(FakeServers.TOPIC, payload, qos, false, null, listener);
                    return done;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        outstanding.decrementAndGet();
                        done.completeExceptionally(e);
                        return done;
                    }
                    LockSupport.parkNanos(20_000); // window full: Paho leaves waiting to the caller
                }
            }
        }

        @Override
        public boolean saturated() {
            return outstanding.get() >= MAX_INFLIGHT;
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(0).waitForCompletion(10_000);
                }
                client.close(true);
            } catch (MqttException alreadyClosed) {
                // the fake server may have closed first; nothing left to release
            }
        }
    }
}
