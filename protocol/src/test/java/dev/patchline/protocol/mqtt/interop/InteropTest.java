package dev.patchline.protocol.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.mqtt.transport.ServerUri;
import dev.patchline.protocol.mqtt.transport.TlsOptions;
import dev.patchline.protocol.testing.FaultProxy;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Patchline client against real brokers — mosquitto and embedded HiveMQ CE — in MQTT 3.1.1 and 5.0: QoS 0/1/2,
 * retained messages, wills, session resume, shared subscriptions, user properties, TLS, WebSocket and secure WebSocket.
 */
class InteropTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<AutoCloseable> resources = new ArrayList<>();

    static Stream<Arguments> brokersAndVersions() {
        return Stream.of("mosquitto", "hivemq")
                .flatMap(broker ->
                        Stream.of(MqttVersion.V3_1_1, MqttVersion.V5).map(version -> Arguments.of(broker, version)));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private MqttClient connect(String url, MqttVersion version, String id, Consumer<MqttClient.Builder> options)
            throws Exception {
        MqttClient.Builder builder = MqttClient.builder(url).clientId(id).version(version);
        options.accept(builder);
        MqttClient client = builder.build();
        resources.add(client);
        client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    private static String id(String test, String broker, MqttVersion version) {
        return test + "-" + broker + "-" + (version.isV5() ? "v5" : "v311");
    }

    /** A handler that copies what the tests check into a queue. */
    record Received(String topic, String payload, int qos, boolean retain, UserProperties userProperties) {
        static Received of(MqttMessage m) {
            return new Received(
                    m.topic(),
                    m.payload().toString(StandardCharsets.UTF_8),
                    m.qos().value(),
                    m.retain(),
                    m.userProperties());
        }
    }

    private static Received next(BlockingQueue<Received> queue) throws InterruptedException {
        Received received = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received).as("a message within %s", WAIT).isNotNull();
        return received;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void deliversAtEveryQos(String broker, MqttVersion version) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/qos/" + id("q", broker, version);
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = connect(target.tcpUrl(), version, id("qos-sub", broker, version), b -> {});
        subscriber
                .subscribe(topic + "/#", Qos.EXACTLY_ONCE, m -> received.add(Received.of(m)))
                .get(15, TimeUnit.SECONDS);
        MqttClient publisher = connect(target.tcpUrl(), version, id("qos-pub", broker, version), b -> {});
        for (Qos qos : Qos.values()) {
            publisher
                    .publish(topic + "/" + qos.value(), "payload-" + qos.value(), qos, false)
                    .get(15, TimeUnit.SECONDS);
        }
        // Three topics and three QoS levels: MQTT orders messages per topic and QoS only, so compare as a set.
        List<Received> got = new ArrayList<>(List.of(next(received), next(received), next(received)));
        got.sort(Comparator.comparing(Received::payload));
        assertThat(got).extracting(Received::payload).containsExactly("payload-0", "payload-1", "payload-2");
        assertThat(got).extracting(Received::qos).containsExactly(0, 1, 2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void retainedMessagesReachLateSubscribers(String broker, MqttVersion version) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/retained/" + id("r", broker, version);
        MqttClient publisher = connect(target.tcpUrl(), version, id("ret-pub", broker, version), b -> {});
        publisher.publish(topic, "last-known", Qos.AT_LEAST_ONCE, true).get(15, TimeUnit.SECONDS);
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient late = connect(target.tcpUrl(), version, id("ret-sub", broker, version), b -> {});
        late.subscribe(topic, Qos.AT_LEAST_ONCE, m -> received.add(Received.of(m)))
                .get(15, TimeUnit.SECONDS);
        Received message = next(received);
        assertThat(message.payload()).isEqualTo("last-known");
        assertThat(message.retain()).isTrue();
        publisher.publish(topic, new byte[0], Qos.AT_LEAST_ONCE, true).get(15, TimeUnit.SECONDS); // clear it
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void willIsPublishedWhenTheLinkDiesWithoutGoodbye(String broker, MqttVersion version) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/will/" + id("w", broker, version);
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient observer = connect(target.tcpUrl(), version, id("will-obs", broker, version), b -> {});
        observer.subscribe(topic, Qos.AT_LEAST_ONCE, m -> received.add(Received.of(m)))
                .get(15, TimeUnit.SECONDS);
        ServerUri uri = ServerUri.parse(target.tcpUrl());
        FaultProxy proxy = FaultProxy.start(uri.host(), uri.port());
        resources.add(proxy);
        connect(
                "tcp://127.0.0.1:" + proxy.port(),
                version,
                id("will-dies", broker, version),
                b -> b.will(Will.of(topic, BinaryData.ofUtf8("gone"), Qos.AT_LEAST_ONCE, false))
                        .reconnect(ReconnectPolicy.never()));
        assertThat(proxy.cutAll()).isEqualTo(1);
        assertThat(next(received).payload()).isEqualTo("gone");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void persistentSessionQueuesMessagesWhileOfflineAndDeliversThemBeforeResubscribing(
            String broker, MqttVersion version) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/session/" + id("s", broker, version);
        String clientId = id("session", broker, version);
        Consumer<MqttClient.Builder> persistent = b -> b.cleanStart(false).sessionExpiry(Duration.ofMinutes(5));
        MqttClient first = connect(target.tcpUrl(), version, clientId, persistent);
        first.subscribe(topic, Qos.AT_LEAST_ONCE, m -> {}).get(15, TimeUnit.SECONDS);
        first.disconnect().get(15, TimeUnit.SECONDS);

        MqttClient publisher = connect(target.tcpUrl(), version, id("session-pub", broker, version), b -> {});
        for (int i = 0; i < 5; i++) {
            publisher.publish(topic, "queued-" + i, Qos.AT_LEAST_ONCE, false).get(15, TimeUnit.SECONDS);
        }
        // A new process: it knows no subscription yet, so the replayed session goes to the default handler.
        BlockingQueue<Received> replayed = new LinkedBlockingQueue<>();
        MqttClient resumed = connect(
                target.tcpUrl(),
                version,
                clientId,
                b -> persistent.accept(b.defaultHandler(m -> replayed.add(Received.of(m)))));
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            payloads.add(next(replayed).payload());
        }
        assertThat(payloads).containsExactly("queued-0", "queued-1", "queued-2", "queued-3", "queued-4");
        // End the session so that reruns start clean.
        resumed.disconnect().get(15, TimeUnit.SECONDS);
        connect(target.tcpUrl(), version, clientId, b -> b.cleanStart(true))
                .disconnect()
                .get(15, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void sharedSubscriptionsSplitTheStreamAndReachTheSubscribingHandler(String broker, MqttVersion version)
            throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/shared/" + id("g", broker, version);
        String filter = "$share/workers/" + topic;
        Set<String> all = ConcurrentHashMap.newKeySet();
        AtomicInteger total = new AtomicInteger();
        AtomicInteger[] perWorker = {new AtomicInteger(), new AtomicInteger()};
        for (int w = 0; w < 2; w++) {
            int worker = w;
            MqttClient client = connect(target.tcpUrl(), version, id("shared-" + w, broker, version), b -> {});
            client.subscribe(filter, Qos.AT_LEAST_ONCE, m -> {
                        all.add(m.payload().toString(StandardCharsets.UTF_8));
                        total.incrementAndGet();
                        perWorker[worker].incrementAndGet();
                    })
                    .get(15, TimeUnit.SECONDS);
            assertThat(client.unroutedMessages()).isZero();
        }
        MqttClient publisher = connect(target.tcpUrl(), version, id("shared-pub", broker, version), b -> {});
        int count = 40;
        for (int i = 0; i < count; i++) {
            publisher.publish(topic, "job-" + i, Qos.AT_LEAST_ONCE, false).get(15, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(all).hasSize(count);
        assertThat(total.get()).as("each message to one worker only").isEqualTo(count);
        assertThat(perWorker[0].get() + perWorker[1].get()).isEqualTo(count);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mosquitto", "hivemq"})
    void userPropertiesTravelWithTheMessage(String broker) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/props/" + broker;
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = connect(target.tcpUrl(), MqttVersion.V5, "props-sub-" + broker, b -> {});
        subscriber
                .subscribe(topic, Qos.AT_LEAST_ONCE, m -> received.add(Received.of(m)))
                .get(15, TimeUnit.SECONDS);
        MqttClient publisher = connect(target.tcpUrl(), MqttVersion.V5, "props-pub-" + broker, b -> {});
        PublishProperties properties = PublishProperties.builder()
                .userProperties(UserProperties.of("room", "kitchen", "unit", "C", "room", "hall"))
                .build();
        publisher
                .publish(
                        topic,
                        Unpooled.wrappedBuffer("21.5".getBytes(StandardCharsets.UTF_8)),
                        Qos.AT_LEAST_ONCE,
                        false,
                        properties)
                .get(15, TimeUnit.SECONDS);
        Received message = next(received);
        assertThat(message.userProperties().all("room")).containsExactly("kitchen", "hall");
        assertThat(message.userProperties().first("unit")).isEqualTo("C");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokersAndVersions")
    void tlsWithGeneratedCertificates(String broker, MqttVersion version) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String topic = "interop/tls/" + id("t", broker, version);
        Consumer<MqttClient.Builder> tls = b -> b.tls(
                TlsOptions.builder().caFile(target.certificates().caCert()).build());
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = connect(target.sslUrl(), version, id("tls-sub", broker, version), tls);
        subscriber
                .subscribe(topic, Qos.AT_LEAST_ONCE, m -> received.add(Received.of(m)))
                .get(15, TimeUnit.SECONDS);
        MqttClient publisher = connect(target.sslUrl(), version, id("tls-pub", broker, version), tls);
        publisher.publish(topic, "over-tls", Qos.AT_LEAST_ONCE, false).get(15, TimeUnit.SECONDS);
        assertThat(next(received).payload()).isEqualTo("over-tls");
    }

    static Stream<Arguments> webSocketTargets() {
        return Stream.of(
                Arguments.of("mosquitto", "ws"), Arguments.of("mosquitto", "wss"), Arguments.of("hivemq", "ws"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("webSocketTargets")
    void webSocketCarriesSmallAndLargeMessages(String broker, String scheme) throws Exception {
        Brokers.Target target = Brokers.byName(broker);
        String url = scheme.equals("ws") ? target.wsUrl() : target.wssUrl();
        Consumer<MqttClient.Builder> options = b -> b.tls(
                TlsOptions.builder().caFile(target.certificates().caCert()).build());
        String topic = "interop/" + scheme + "/" + broker;
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = connect(url, MqttVersion.V5, scheme + "-sub-" + broker, options);
        subscriber
                .subscribe(topic, Qos.AT_LEAST_ONCE, m -> received.add(m.payloadBytes()))
                .get(15, TimeUnit.SECONDS);
        MqttClient publisher = connect(url, MqttVersion.V5, scheme + "-pub-" + broker, options);
        byte[] large = new byte[200_000];
        new Random(11).nextBytes(large);
        publisher.publish(topic, "small", Qos.AT_LEAST_ONCE, false).get(15, TimeUnit.SECONDS);
        publisher.publish(topic, large, Qos.AT_LEAST_ONCE, false).get(15, TimeUnit.SECONDS);
        assertThat(new String(received.poll(15, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("small");
        assertThat(received.poll(15, TimeUnit.SECONDS)).isEqualTo(large);
    }
}
