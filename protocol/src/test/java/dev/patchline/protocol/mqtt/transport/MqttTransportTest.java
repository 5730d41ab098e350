package dev.patchline.protocol.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.testing.FaultProxy;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.protocol.testing.TestCertificates;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttTransportTest {

    @TempDir
    Path tmp;

    private final List<MqttTransport> transports = new ArrayList<>();

    @AfterEach
    void stopTransports() throws Exception {
        for (MqttTransport transport : transports) {
            transport.stop().get(10, TimeUnit.SECONDS);
        }
    }

    private MqttTransport start(TransportOptions options, ScriptedProtocol protocol, RecordingListener listener) {
        MqttTransport transport = new MqttTransport(options, protocol, listener, EventLoops.shared());
        listener.bind(transport);
        protocol.onConnAck = transport::connectionEstablished;
        transports.add(transport);
        transport.start();
        return transport;
    }

    private static String awaitEvent(BlockingQueue<String> events, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> seen = new ArrayList<>();
        while (true) {
            String event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no '" + prefix + "' within 10 s; saw " + seen);
            }
            seen.add(event);
            if (event.startsWith(prefix)) {
                return event;
            }
        }
    }

    private static byte[] awaitPayload(ScriptedProtocol protocol) throws InterruptedException {
        byte[] payload = protocol.payloads.poll(10, TimeUnit.SECONDS);
        assertThat(payload).as("payload within 10 s").isNotNull();
        return payload;
    }

    /** Subscribes to a topic and publishes {@code payload} to it through the transport, returning what comes back. */
    private static byte[] echo(MqttTransport transport, ScriptedProtocol protocol, byte[] payload)
            throws InterruptedException {
        transport.execute(() -> {
            protocol.subscribe("echo/#");
            transport.flush();
        });
        awaitEvent(protocol.events, "SUBACK");
        transport.execute(() -> {
            protocol.publish("echo/x", payload);
            transport.flush();
        });
        return awaitPayload(protocol);
    }

    @Test
    void tcpCarriesPacketsBothWaysAndRunsOnItsEventLoop() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            ScriptedProtocol protocol = new ScriptedProtocol("tcp-test");
            RecordingListener listener = new RecordingListener();
            MqttTransport transport =
                    start(TransportOptions.builder(broker.tcpUrl()).build(), protocol, listener);
            assertThat(awaitEvent(protocol.events, "CONNACK")).isEqualTo("CONNACK 0");
            assertThat(echo(transport, protocol, "hi".getBytes(StandardCharsets.UTF_8)))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("hi");
            assertThat(listener.onEventLoop).isTrue();
            assertThat(listener.alpn).isNull();
        }
    }

    @Test
    void hostNamesAreResolved() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            ScriptedProtocol protocol = new ScriptedProtocol("by-name");
            // "localhost" must resolve to 127.0.0.1 here: mosquitto listens on IPv4 only.
            InetAddress localhost = InetAddress.getByName("localhost");
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    localhost.getHostAddress().equals("127.0.0.1"),
                    "localhost resolves to " + localhost + ", not 127.0.0.1");
            start(
                    TransportOptions.builder("tcp://localhost:" + broker.port()).build(),
                    protocol,
                    new RecordingListener());
            assertThat(awaitEvent(protocol.events, "CONNACK")).isEqualTo("CONNACK 0");
        }
    }

    @Test
    void unknownHostIsReportedAndRetried() throws Exception {
        ScriptedProtocol protocol = new ScriptedProtocol("nowhere");
        RecordingListener listener = new RecordingListener();
        start(TransportOptions.builder("tcp://no-such-host.invalid:1883").build(), protocol, listener);
        assertThat(listener.await("disconnected")).isEqualTo("disconnected retry");
        assertThat(listener.causes.get(0)).hasMessageContaining("cannot resolve broker host 'no-such-host.invalid'");
        assertThat(protocol.opened.get()).isZero();
    }

    @Test
    void deadlinesFromTheProtocolAreHonoured() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            ScriptedProtocol protocol = new ScriptedProtocol("pinger").pingAfter(TimeUnit.MILLISECONDS.toNanos(20));
            start(TransportOptions.builder(broker.tcpUrl()).build(), protocol, new RecordingListener());
            awaitEvent(protocol.events, "PINGRESP");
            assertThat(protocol.timeouts.get()).isPositive();
        }
    }

    @Test
    void reconnectsAfterAnAbruptCutAndKeepsTheProtocol() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            ScriptedProtocol protocol = new ScriptedProtocol("cut-test");
            RecordingListener listener = new RecordingListener();
            // The cuts follow each other within milliseconds; a zero health threshold makes each reconnected session
            // count as healthy, so every cut is retried at the first delay (ReconnectBackoffTest covers the growth).
            start(
                    TransportOptions.builder("tcp://127.0.0.1:" + proxy.port())
                            .reconnect(ReconnectPolicy.defaults().withStableAfter(Duration.ZERO))
                            .build(),
                    protocol,
                    listener);
            awaitEvent(protocol.events, "CONNACK");
            for (int cut = 1; cut <= 3; cut++) {
                assertThat(proxy.cutAll()).isEqualTo(1);
                awaitEvent(protocol.events, "CLOSED");
                awaitEvent(protocol.events, "CONNACK");
            }
            assertThat(protocol.opened.get()).isEqualTo(4);
            assertThat(protocol.closed.get()).isEqualTo(3);
            assertThat(protocol.closeCauses)
                    .hasSize(3)
                    .allSatisfy(cause -> assertThat(cause).isInstanceOf(IOException.class));
            assertThat(listener.reconnectDelays)
                    .allSatisfy(delay -> assertThat(delay).isBetween(0L, TimeUnit.SECONDS.toNanos(1)));
        }
    }

    @Test
    void retriesUntilTheBrokerIsBack() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            broker.stop();
            ScriptedProtocol protocol = new ScriptedProtocol("patient");
            RecordingListener listener = new RecordingListener();
            start(
                    TransportOptions.builder(broker.tcpUrl())
                            .reconnect(ReconnectPolicy.exponential(
                                    Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(100), 2, 0.1))
                            .build(),
                    protocol,
                    listener);
            listener.await("disconnected retry");
            listener.await("disconnected retry");
            assertThat(listener.causes).first().isInstanceOf(ConnectException.class);
            broker.launch();
            awaitEvent(protocol.events, "CONNACK");
        }
    }

    @Test
    void withoutReconnectALostConnectionStopsTheTransport() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ScriptedProtocol protocol = new ScriptedProtocol("one-shot");
        RecordingListener listener = new RecordingListener();
        MqttTransport transport = start(
                TransportOptions.builder("tcp://127.0.0.1:" + closedPort)
                        .reconnect(ReconnectPolicy.never())
                        .build(),
                protocol,
                listener);
        transport.whenStopped().get(10, TimeUnit.SECONDS);
        assertThat(listener.events).contains("disconnected final", "stopped");
        assertThat(listener.causes).singleElement().isInstanceOf(ConnectException.class);
    }

    @Test
    void connectTimeoutCoversAStalledTlsHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept()); // accept and never answer
                    }
                } catch (IOException closed) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // test teardown
                        }
                    });
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ScriptedProtocol protocol = new ScriptedProtocol("stalled");
            RecordingListener listener = new RecordingListener();
            start(
                    TransportOptions.builder("ssl://127.0.0.1:" + silent.getLocalPort())
                            .tls(TlsOptions.builder().insecure(true).build())
                            .connectTimeout(Duration.ofMillis(200))
                            .reconnect(ReconnectPolicy.never())
                            .build(),
                    protocol,
                    listener);
            listener.await("disconnected final");
            assertThat(listener.causes)
                    .singleElement()
                    .satisfies(cause -> assertThat(cause)
                            .isInstanceOfAny(ConnectTimeoutException.class, javax.net.ssl.SSLException.class)
                            .hasMessageContaining("200"));
            assertThat(protocol.opened.get()).isZero();
        }
    }

    @Test
    void tlsVerifiesTheChainAgainstTheGivenCa() throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker =
                MosquittoBroker.builder().tls(certificates).start()) {
            ScriptedProtocol trusted = new ScriptedProtocol("trusted");
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.caCert())
                                    .build())
                            .build(),
                    trusted,
                    new RecordingListener());
            assertThat(awaitEvent(trusted.events, "CONNACK")).isEqualTo("CONNACK 0");

            ScriptedProtocol stranger = new ScriptedProtocol("stranger");
            RecordingListener strangerListener = new RecordingListener();
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.otherCaCert())
                                    .build())
                            .reconnect(ReconnectPolicy.never())
                            .build(),
                    stranger,
                    strangerListener);
            strangerListener.await("disconnected final");
            assertThat(strangerListener.causes).singleElement().isInstanceOf(SSLHandshakeException.class);

            ScriptedProtocol defaultTrust = new ScriptedProtocol("jdk-trust");
            RecordingListener defaultListener = new RecordingListener();
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .reconnect(ReconnectPolicy.never())
                            .build(),
                    defaultTrust,
                    defaultListener);
            defaultListener.await("disconnected final");
            assertThat(defaultListener.causes).singleElement().isInstanceOf(SSLHandshakeException.class);

            ScriptedProtocol insecure = new ScriptedProtocol("insecure");
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder().insecure(true).build())
                            .build(),
                    insecure,
                    new RecordingListener());
            assertThat(awaitEvent(insecure.events, "CONNACK")).isEqualTo("CONNACK 0");
        }
    }

    @Test
    void tlsVerifiesTheHostNameAndSniOverridesIt() throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker = MosquittoBroker.builder()
                .tls(certificates)
                .tlsServerCertificate(certificates.wrongHostCert(), certificates.wrongHostKey())
                .start()) {
            ScriptedProtocol byIp = new ScriptedProtocol("by-ip");
            RecordingListener byIpListener = new RecordingListener();
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.caCert())
                                    .build())
                            .reconnect(ReconnectPolicy.never())
                            .build(),
                    byIp,
                    byIpListener);
            byIpListener.await("disconnected final");
            assertThat(byIpListener.causes).singleElement().isInstanceOf(SSLHandshakeException.class);
            assertThat(rootCause(byIpListener.causes.get(0))).hasMessageContaining("127.0.0.1");

            ScriptedProtocol byName = new ScriptedProtocol("by-sni");
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.caCert())
                                    .serverName("wrong.example")
                                    .build())
                            .build(),
                    byName,
                    new RecordingListener());
            assertThat(awaitEvent(byName.events, "CONNACK")).isEqualTo("CONNACK 0");
        }
    }

    @Test
    void tlsPresentsTheClientCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker = MosquittoBroker.builder()
                .tls(certificates)
                .requireClientCertificate(true)
                .start()) {
            ScriptedProtocol withCert = new ScriptedProtocol("with-cert");
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.caCert())
                                    .clientCertificate(certificates.clientCert(), certificates.clientKey())
                                    .build())
                            .build(),
                    withCert,
                    new RecordingListener());
            assertThat(awaitEvent(withCert.events, "CONNACK")).isEqualTo("CONNACK 0");

            ScriptedProtocol withoutCert = new ScriptedProtocol("without-cert");
            RecordingListener listener = new RecordingListener();
            start(
                    TransportOptions.builder(broker.sslUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.caCert())
                                    .build())
                            .reconnect(ReconnectPolicy.never())
                            .build(),
                    withoutCert,
                    listener);
            listener.await("disconnected final");
            assertThat(withoutCert.connAcks.get()).isZero();
        }
    }

    @Test
    void missingTlsFilesAreReportedUpFront() {
        assertThatThrownBy(() -> new MqttTransport(
                        TransportOptions.builder("ssl://127.0.0.1:8883")
                                .tls(TlsOptions.builder()
                                        .caFile(tmp.resolve("nope.crt"))
                                        .build())
                                .build(),
                        new ScriptedProtocol("x"),
                        null,
                        EventLoops.shared()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CA file")
                .hasMessageContaining("nope.crt");
    }

    @Test
    void webSocketCarriesLargePacketsInFragments() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().websockets(true).start()) {
            ScriptedProtocol protocol = new ScriptedProtocol("ws-test");
            RecordingListener listener = new RecordingListener();
            MqttTransport transport = start(
                    TransportOptions.builder(broker.wsUrl())
                            .webSocketFragmentSize(16 * 1024)
                            .build(),
                    protocol,
                    listener);
            assertThat(awaitEvent(protocol.events, "CONNACK")).isEqualTo("CONNACK 0");
            byte[] large = new byte[300_000];
            new Random(42).nextBytes(large);
            assertThat(echo(transport, protocol, large)).isEqualTo(large);
            assertThat(listener.onEventLoop).isTrue();
        }
    }

    @Test
    void secureWebSocketWorks() throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker =
                MosquittoBroker.builder().websockets(true).tls(certificates).start()) {
            ScriptedProtocol protocol = new ScriptedProtocol("wss-test");
            MqttTransport transport = start(
                    TransportOptions.builder(broker.wssUrl())
                            .tls(TlsOptions.builder()
                                    .caFile(certificates.caCert())
                                    .build())
                            .build(),
                    protocol,
                    new RecordingListener());
            assertThat(awaitEvent(protocol.events, "CONNACK")).isEqualTo("CONNACK 0");
            byte[] payload = new byte[100_000];
            new Random(7).nextBytes(payload);
            assertThat(echo(transport, protocol, payload)).isEqualTo(payload);
        }
    }

    @Test
    void stopWritesWhatIsQueuedThenCloses() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            ScriptedProtocol protocol = new ScriptedProtocol("polite");
            RecordingListener listener = new RecordingListener();
            MqttTransport transport =
                    start(TransportOptions.builder(broker.tcpUrl()).build(), protocol, listener);
            awaitEvent(protocol.events, "CONNACK");
            transport.execute(protocol::disconnect);
            transport.stop().get(10, TimeUnit.SECONDS);
            assertThat(listener.events).contains("stopped");
            // mosquitto logs a clean DISCONNECT as "disconnected."; a dropped socket as "closed its connection".
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!broker.log().contains("Client polite disconnected.") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(broker.log()).contains("Client polite disconnected.");
        }
    }

    @Test
    void sharedEventLoopsUseEpollWhereAvailable() {
        assertThat(EventLoops.shared().isNative()).isEqualTo(EventLoops.nativeAvailable());
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
