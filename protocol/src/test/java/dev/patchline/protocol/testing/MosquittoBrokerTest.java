package dev.patchline.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoBrokerTest {

    @TempDir
    Path tmp;

    @Test
    void routesMessagesBetweenTwoClients() throws IOException {
        try (MosquittoBroker broker = MosquittoBroker.start();
                RawMqttClient subscriber = RawMqttClient.connect(broker.host(), broker.port(), "sub");
                RawMqttClient publisher = RawMqttClient.connect(broker.host(), broker.port(), "pub")) {
            assertThat(subscriber.subscribe("fixture/#", 0)).isZero();
            publisher.publish("fixture/a", "hello".getBytes(StandardCharsets.UTF_8), 1);
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
        }
    }

    @Test
    void restartKeepsPortsAndPersistedRetainedMessages() throws IOException {
        try (MosquittoBroker broker =
                MosquittoBroker.builder().persistence(true).start()) {
            int port = broker.port();
            try (RawMqttClient publisher = RawMqttClient.connect(broker.host(), port, "pub")) {
                publisher.publishRetained("fixture/retained", "kept".getBytes(StandardCharsets.UTF_8));
            }
            broker.restart();
            assertThat(broker.port()).isEqualTo(port);
            try (RawMqttClient subscriber = RawMqttClient.connect(broker.host(), port, "sub")) {
                subscriber.subscribe("fixture/retained", 0);
                assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("kept");
            }
            assertThat(broker.log()).contains("Saving in-memory database");
        }
    }

    @Test
    void persistNowSavesWhatAKillAfterItKeepsAndOnlyThat() throws IOException {
        try (MosquittoBroker broker =
                MosquittoBroker.builder().persistence(true).start()) {
            try (RawMqttClient publisher = RawMqttClient.connect(broker.host(), broker.port(), "pub")) {
                publisher.publishRetained("fixture/saved", "saved".getBytes(StandardCharsets.UTF_8));
                publisher.ping(); // answered after the PUBLISH before it was handled: the message is stored
                broker.persistNow();
                publisher.publishRetained("fixture/unsaved", "unsaved".getBytes(StandardCharsets.UTF_8));
                publisher.ping();
            }
            broker.kill();
            broker.launch();
            try (RawMqttClient subscriber = RawMqttClient.connect(broker.host(), broker.port(), "sub");
                    RawMqttClient publisher = RawMqttClient.connect(broker.host(), broker.port(), "pub2")) {
                subscriber.subscribe("fixture/saved", 0);
                assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("saved");
                // A retained message would come right after SUBACK, before anything published later.
                subscriber.subscribe("fixture/unsaved", 0);
                publisher.publish("fixture/unsaved", "live".getBytes(StandardCharsets.UTF_8), 1);
                assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                        .as("the message retained after the save died with the SIGKILL")
                        .isEqualTo("live");
            }
        }
    }

    @Test
    void persistNowNeedsPersistence() {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            assertThatThrownBy(broker::persistNow)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("persistence(true)");
        }
    }

    @Test
    void stoppedBrokerRefusesConnectionsAndStartsAgain() throws IOException {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(() -> RawMqttClient.connect(broker.host(), broker.port(), "x"))
                    .isInstanceOf(IOException.class);
            broker.launch();
            try (RawMqttClient client = RawMqttClient.connect(broker.host(), broker.port(), "x")) {
                client.ping();
            }
        }
    }

    @Test
    void tlsListenerPresentsTheTestServerCertificate() throws IOException {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker =
                MosquittoBroker.builder().tls(certificates).start()) {
            try (RawMqttClient client = RawMqttClient.over(tlsSocket(certificates, false, broker.tlsPort()), "tls")) {
                client.ping();
            }
        }
    }

    @Test
    void clientCertificateCanBeRequired() throws IOException {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker = MosquittoBroker.builder()
                .tls(certificates)
                .requireClientCertificate(true)
                .start()) {
            try (RawMqttClient client =
                    RawMqttClient.over(tlsSocket(certificates, true, broker.tlsPort()), "with-cert")) {
                client.ping();
            }
            assertThatThrownBy(
                            () -> RawMqttClient.over(tlsSocket(certificates, false, broker.tlsPort()), "without-cert"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void usersAreCheckedAndAnonymousRefused() throws IOException {
        try (MosquittoBroker broker =
                MosquittoBroker.builder().user("alice", "s3cret").start()) {
            assertThatThrownBy(() -> RawMqttClient.connect(broker.host(), broker.port(), "anon"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("return code 5");
            try (RawMqttClient client =
                    RawMqttClient.connect(broker.host(), broker.port(), "alice", "alice", "s3cret")) {
                client.ping();
            }
        }
    }

    @Test
    void websocketListenersAcceptTheMqttSubprotocol() throws IOException {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker =
                MosquittoBroker.builder().websockets(true).tls(certificates).start()) {
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(broker.host(), broker.wsPort()), 5_000);
                assertThat(upgrade(plain))
                        .startsWith("HTTP/1.1 101")
                        .containsIgnoringCase("Sec-WebSocket-Protocol: mqtt");
            }
            try (Socket secure = tlsSocket(certificates, false, broker.wssPort())) {
                assertThat(upgrade(secure)).startsWith("HTTP/1.1 101");
            }
            assertThat(broker.wsUrl()).startsWith("ws://127.0.0.1:");
        }
    }

    @Test
    void tlsSocketVerifiesTheHostName() throws IOException {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker broker =
                MosquittoBroker.builder().tls(certificates).start()) {
            SSLSocket socket = (SSLSocket) certificates
                    .clientSslContext(false)
                    .getSocketFactory()
                    .createSocket(broker.host(), broker.tlsPort());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake(); // 127.0.0.1 is an IP SAN of the server certificate
            socket.close();
        }
    }

    @Test
    void untrustedCertificateIsRefused() throws IOException {
        TestCertificates certificates = TestCertificates.create(tmp.resolve("a"));
        TestCertificates stranger = TestCertificates.create(tmp.resolve("b"));
        try (MosquittoBroker broker =
                MosquittoBroker.builder().tls(certificates).start()) {
            assertThatThrownBy(() -> tlsSocket(stranger, false, broker.tlsPort()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    private static SSLSocket tlsSocket(TestCertificates certificates, boolean clientCert, int port) throws IOException {
        SSLSocket socket = (SSLSocket)
                certificates.clientSslContext(clientCert).getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static String upgrade(Socket socket) throws IOException {
        String request = "GET /mqtt HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n";
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            response.append((char) b);
        }
        return response.toString();
    }
}
