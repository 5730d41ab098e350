package dev.patchline.protocol.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.protocol.testing.RawMqttClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Inline handlers through mosquitto: they run on the event loop, and a full consumer pauses the client without loss. */
class InlineMessageHandlerTest {

    /** A bounded buffer in front of a slow consumer, the way a graph node uses an inline handler. */
    private static final class BoundedSink implements InlineMessageHandler {
        final ArrayBlockingQueue<String> buffer;
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicBoolean refused = new AtomicBoolean();
        volatile int largest;

        BoundedSink(int capacity) {
            buffer = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        public boolean hasRoom(MqttMessage message) {
            threads.add(Thread.currentThread().getName());
            if (buffer.remainingCapacity() > 0) {
                return true;
            }
            refusals.incrementAndGet();
            refused.set(true);
            return buffer.remainingCapacity() > 0; // the consumer may have taken one meanwhile
        }

        @Override
        public void onMessage(MqttMessage message) {
            threads.add(Thread.currentThread().getName());
            buffer.add(message.payload().toString(StandardCharsets.UTF_8));
            largest = Math.max(largest, buffer.size());
        }
    }

    @Test
    void a_full_inline_consumer_pauses_qos1_delivery_and_loses_nothing_after_resume() throws Exception {
        int total = 50;
        BoundedSink sink = new BoundedSink(4);
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttClient client = MqttClient.builder(broker.tcpUrl())
                        .clientId("inline-sink")
                        .build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeInline(List.of(Subscription.of("in/#", Qos.AT_LEAST_ONCE)), UserProperties.EMPTY, sink)
                    .get(10, TimeUnit.SECONDS);
            try (RawMqttClient publisher = RawMqttClient.connect(broker.host(), broker.port(), "inline-feeder")) {
                for (int i = 0; i < total; i++) {
                    publisher.publish("in/x", ("n" + i).getBytes(StandardCharsets.UTF_8), 1);
                }
            }
            // Let the client run into the full buffer before anything is taken.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sink.refusals.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.refusals.get())
                    .as("the fifth message found the buffer full")
                    .isPositive();
            List<String> taken = new ArrayList<>();
            while (taken.size() < total) {
                String next = sink.buffer.poll(10, TimeUnit.SECONDS);
                assertThat(next)
                        .as("message %d arrives after resume", taken.size())
                        .isNotNull();
                taken.add(next);
                if (sink.refused.compareAndSet(true, false)) {
                    client.resumeInbound();
                }
            }
            for (int i = 0; i < total; i++) {
                assertThat(taken.get(i)).isEqualTo("n" + i);
            }
            assertThat(sink.largest).as("never more than the buffer holds").isLessThanOrEqualTo(4);
            assertThat(sink.threads)
                    .as("handler ran on the client's event loop, not the callback executor")
                    .allSatisfy(name ->
                            assertThat(name).startsWith("patchline-mqtt").doesNotStartWith("patchline-mqtt-callback"));
        }
    }

    @Test
    void resume_without_a_held_message_is_harmless() throws Exception {
        BoundedSink sink = new BoundedSink(8);
        try (MosquittoBroker broker = MosquittoBroker.start();
                MqttClient client = MqttClient.builder(broker.tcpUrl())
                        .clientId("inline-idle")
                        .build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeInline(List.of(Subscription.of("idle/#", Qos.AT_MOST_ONCE)), UserProperties.EMPTY, sink)
                    .get(10, TimeUnit.SECONDS);
            client.resumeInbound();
            client.publish("idle/a", "hello", Qos.AT_MOST_ONCE, false).get(10, TimeUnit.SECONDS);
            assertThat(sink.buffer.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }
}
