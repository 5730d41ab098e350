package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.client.MessageQueue;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.client.ReceivedMessage;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The "other client" of the tests: publishes to and listens on the broker the DAT under test uses. */
final class Peer implements AutoCloseable {
    final MqttClient client;

    Peer(String url) throws Exception {
        client = MqttClient.builder(url)
                .clientId("peer-" + System.nanoTime())
                .reconnect(ReconnectPolicy.never())
                .build();
        client.connect().get(20, TimeUnit.SECONDS);
    }

    CompletableFuture<?> publish(String topic, String payload, int qos, boolean retain) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return client.publish(topic, bytes, Qos.of(qos), retain);
    }

    void publishAndWait(String topic, String payload, int qos) throws Exception {
        publish(topic, payload, qos, false).get(20, TimeUnit.SECONDS);
    }

    MessageQueue listen(String filter) throws Exception {
        MessageQueue q = client.subscribeQueue(filter, Qos.AT_LEAST_ONCE, 10_000);
        q.subscribed().get(20, TimeUnit.SECONDS);
        return q;
    }

    static List<String> take(MessageQueue q, int n) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (got.size() < n) {
            ReceivedMessage m = q.poll(Duration.ofSeconds(20));
            if (m == null) throw new AssertionError("only " + got.size() + " of " + n + " messages arrived: " + got);
            got.add(m.topic() + "=" + m.payloadAsString());
        }
        return got;
    }

    @Override
    public void close() {
        client.close();
    }
}
