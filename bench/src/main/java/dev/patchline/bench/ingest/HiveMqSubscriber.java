package dev.patchline.bench.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.patchline.bench.client.FakeServers;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The yardstick: HiveMQ MQTT Client 1.3 (async API, MQTT 3.1.1) whose callback only counts. */
final class HiveMqSubscriber implements Subscriber {

    private final AtomicLong received = new AtomicLong();
    private Mqtt3AsyncClient client;
    private int qos;

    @Override
    public String name() {
        return "hivemq-raw";
    }

    @Override
    public void prepare(int port, int qos) {
        this.qos = qos;
        client = MqttClient.builder()
                .useMqttVersion3()
                .identifier("bench-ingest-hivemq")
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
    }

    @Override
    public void start() throws Exception {
        client.connect().get(10, TimeUnit.SECONDS);
        client.subscribeWith()
                .topicFilter(FakeServers.TOPIC)
                .qos(MqttQos.fromCode(qos))
                .callback(publish -> received.incrementAndGet())
                .send()
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public long handled() {
        return received.get();
    }

    @Override
    public long progress() {
        return received.get();
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        try {
            client.disconnect().get(10, TimeUnit.SECONDS);
        } catch (Exception alreadyClosed) {
            // the source server may have closed first; nothing left to release
        }
    }
}
