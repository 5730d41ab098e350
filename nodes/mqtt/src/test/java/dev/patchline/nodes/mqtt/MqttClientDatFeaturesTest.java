package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.MessageQueue;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.testing.FaultProxy;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.protocol.testing.TestCertificates;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT Client DAT's transports and message features against a real mosquitto: TLS with certificates made here
 * (CA file, host name check, client certificate), the Last Will when the link is cut, WebSockets, MQTT 5 property
 * columns, each payload format and JSON columns on a payload that is not JSON.
 */
class MqttClientDatFeaturesTest {

    @TempDir
    static Path certDir;

    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(certDir);
    }

    /** Records the DAT's callbacks, to know when its subscription is in place (a fresh one for each test). */
    private final MqttClientDatTest.Recorder rec = new MqttClientDatTest.Recorder();

    private OperatorTestRunner dat(String url, String filter) {
        return OperatorTestRunner.of(MqttClientDat.TYPE)
                .set(MqttClientDat.NETADDRESS, url)
                .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of(filter, 1)))
                .callbacks(CallbackSpec.object(rec));
    }

    /** Cooks until connected and SUBACKed, so that each message published afterwards arrives exactly once. */
    private void awaitSubscribed(OperatorTestRunner r) {
        awaitSubscribed(r, 1);
    }

    /** Like {@link #awaitSubscribed(OperatorTestRunner)} for the n-th DAT of a test (the recorder is shared). */
    private void awaitSubscribed(OperatorTestRunner r, int n) {
        r.cookUntil(
                () -> r.info("connected") == 1 && rec.count("onSubscribe") >= n,
                Duration.ofSeconds(30),
                "connected and subscribed");
    }

    /** Publishes once through {@code peerUrl} and cooks until the DAT has received it. */
    private static void deliver(OperatorTestRunner r, String peerUrl, String topic, String payload) throws Exception {
        double before = r.info("received");
        try (Peer peer = new Peer(peerUrl)) {
            peer.publishAndWait(topic, payload, 1);
        }
        r.cookUntil(() -> r.info("received") == before + 1, Duration.ofSeconds(30), "a message on " + topic);
    }

    private static String lastCell(OperatorTestRunner r, String column) {
        Table t = r.output();
        return t.cell(t.numRows() - 1, column);
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void ssl_with_the_test_ca_verifies_the_broker_and_receives() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(certs).start();
                OperatorTestRunner r = dat(broker.sslUrl(), "tls/#")
                        .set(MqttClientDat.CAFILE, certs.caCert().toString())
                        .set(MqttClientDat.VERIFYCERT, true)) {
            awaitSubscribed(r);
            deliver(r, broker.tcpUrl(), "tls/a", "secret");
            assertThat(lastCell(r, "payload")).isEqualTo("secret");
            assertThat(r.state()).isNotEqualTo(NodeState.ERROR);
        }
    }

    @Test
    void verifycert_refuses_a_certificate_for_another_host_with_a_clear_error() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder()
                        .tlsServerCertificate(certs.wrongHostCert(), certs.wrongHostKey())
                        .tls(certs)
                        .start();
                OperatorTestRunner r = dat(broker.sslUrl(), "tls/#")
                        .set(MqttClientDat.CAFILE, certs.caCert().toString())
                        .set(MqttClientDat.VERIFYCERT, true)) {
            r.cookUntil(
                    () -> r.message() != null && r.message().startsWith("cannot connect"),
                    Duration.ofSeconds(30),
                    "the connection failure on the node");
            assertThat(r.message())
                    .contains("cannot connect to " + broker.sslUrl() + ": TLS handshake failed:")
                    .contains("127.0.0.1")
                    .contains("the host in 'netaddress' is one the certificate names");
            assertThat(r.state()).as("retrying alone will not fix it").isEqualTo(NodeState.ERROR);
            assertThat(r.info("connected")).isZero();
        }
    }

    @Test
    void verifycert_off_accepts_the_same_certificate() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder()
                        .tlsServerCertificate(certs.wrongHostCert(), certs.wrongHostKey())
                        .tls(certs)
                        .start();
                OperatorTestRunner r = dat(broker.sslUrl(), "tls/#").set(MqttClientDat.VERIFYCERT, false)) {
            r.cookUntil(() -> r.info("connected") == 1, Duration.ofSeconds(30), "connected without verification");
        }
    }

    @Test
    void a_client_certificate_is_presented_when_the_broker_requires_one() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder()
                        .tls(certs)
                        .requireClientCertificate(true)
                        .start();
                OperatorTestRunner r = dat(broker.sslUrl(), "mtls/#")
                        .set(MqttClientDat.CAFILE, certs.caCert().toString())
                        .set(MqttClientDat.CERTFILE, certs.clientCert().toString())
                        .set(MqttClientDat.KEYFILE, certs.clientKey().toString())) {
            awaitSubscribed(r);
            deliver(r, broker.tcpUrl(), "mtls/a", "hi");
            assertThat(lastCell(r, "payload")).isEqualTo("hi");
        }
    }

    // ------------------------------------------------------------------ will, WebSockets

    @Test
    void the_broker_publishes_the_will_when_the_link_is_cut() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                Peer watcher = new Peer(broker.tcpUrl())) {
            MessageQueue wills = watcher.listen("dat/status");
            try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                    .set(MqttClientDat.NETADDRESS, "tcp://" + proxy.host() + ":" + proxy.port())
                    .set(MqttClientDat.WILLTOPIC, "dat/status")
                    .set(MqttClientDat.WILLPAYLOAD, "offline")
                    .set(MqttClientDat.WILLQOS, 1)) {
                r.cookUntil(() -> r.info("connected") == 1, Duration.ofSeconds(30), "connected through the proxy");
                assertThat(wills.poll(Duration.ofMillis(300)))
                        .as("no will while connected")
                        .isNull();
                assertThat(proxy.cutAll()).isEqualTo(1);
                assertThat(Peer.take(wills, 1)).containsExactly("dat/status=offline");
                r.cookUntil(
                        () -> r.info("reconnects") >= 1, Duration.ofSeconds(30), "the DAT reconnects after the cut");
            }
        }
    }

    @Test
    void a_clean_disconnect_sends_no_will() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                Peer watcher = new Peer(broker.tcpUrl())) {
            MessageQueue wills = watcher.listen("dat/status");
            try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                    .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                    .set(MqttClientDat.WILLTOPIC, "dat/status")
                    .set(MqttClientDat.WILLPAYLOAD, "offline")) {
                r.cookUntil(() -> r.info("connected") == 1, Duration.ofSeconds(30), "connected");
                r.set(MqttClientDat.ACTIVE, false);
                r.cook();
            }
            assertThat(wills.poll(Duration.ofMillis(500)))
                    .as("DISCONNECT discards the will (MQTT-3.14.4-3)")
                    .isNull();
        }
    }

    @Test
    void websockets_carry_the_connection() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().websockets(true).start();
                OperatorTestRunner r = dat(broker.wsUrl(), "ws/#")) {
            awaitSubscribed(r);
            deliver(r, broker.tcpUrl(), "ws/a", "over ws");
            assertThat(lastCell(r, "payload")).isEqualTo("over ws");
            assertThat(lastCell(r, "topic")).isEqualTo("ws/a");
        }
    }

    // ------------------------------------------------------------------ MQTT 5 properties, payload formats

    @Test
    void mqtt5_property_columns_show_what_the_publisher_sent() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                OperatorTestRunner r = dat(broker.tcpUrl(), "props/#").set(MqttClientDat.PROPERTIES, true);
                Peer peer = new Peer(broker.tcpUrl())) {
            awaitSubscribed(r);
            PublishProperties props = PublishProperties.builder()
                    .contentType("application/json")
                    .responseTopic("props/reply")
                    .correlationData(BinaryData.ofUtf8("req-7"))
                    .userProperties(UserProperties.of("site", "hall", "unit", "°C"))
                    .build();
            peer.client
                    .publish(
                            "props/a",
                            Unpooled.wrappedBuffer("{}".getBytes(StandardCharsets.UTF_8)),
                            Qos.AT_LEAST_ONCE,
                            false,
                            props)
                    .get(20, TimeUnit.SECONDS);
            r.cookUntil(() -> r.info("received") == 1, Duration.ofSeconds(30), "a message with properties");
            assertThat(lastCell(r, "content_type")).isEqualTo("application/json");
            assertThat(lastCell(r, "response_topic")).isEqualTo("props/reply");
            assertThat(lastCell(r, "correlation_data")).isEqualTo("req-7");
            assertThat(lastCell(r, "user_properties")).isEqualTo("{\"site\":\"hall\",\"unit\":\"°C\"}");
        }
    }

    @Test
    void each_payload_format_shows_the_same_bytes_its_own_way() throws Exception {
        byte[] binary = {0x00, (byte) 0xff, 0x10, 'a'};
        try (MosquittoBroker broker = MosquittoBroker.start();
                Peer peer = new Peer(broker.tcpUrl())) {
            for (PayloadFormat format : PayloadFormat.values()) {
                try (OperatorTestRunner r = dat(broker.tcpUrl(), "fmt/#")
                        .set(MqttClientDat.FORMAT, format)
                        .set(MqttClientDat.BYTES, true)) {
                    awaitSubscribed(r, format.ordinal() + 1);
                    double before = r.info("received");
                    peer.publishAndWait("fmt/json", "{ \"a\" : [1, 2] }", 1);
                    peer.client
                            .publish("fmt/bin", binary, Qos.AT_LEAST_ONCE, false)
                            .get(20, TimeUnit.SECONDS);
                    r.cookUntil(
                            () -> r.info("received") == before + 2,
                            Duration.ofSeconds(30),
                            "two messages in format " + format);
                    Table t = r.output();
                    String json = t.cell(t.numRows() - 2, "payload");
                    String bin = t.cell(t.numRows() - 1, "payload");
                    assertThat(t.cell(t.numRows() - 1, "bytes"))
                            .as("bytes column")
                            .isEqualTo("00ff1061");
                    switch (format) {
                        case AUTO -> {
                            assertThat(json).isEqualTo("{ \"a\" : [1, 2] }");
                            assertThat(bin)
                                    .as("not UTF-8: base64")
                                    .isEqualTo(Base64.getEncoder().encodeToString(binary));
                        }
                        case STRING -> {
                            assertThat(json).isEqualTo("{ \"a\" : [1, 2] }");
                            assertThat(bin).isEqualTo(new String(binary, StandardCharsets.UTF_8));
                        }
                        case JSON -> {
                            assertThat(json).as("compact JSON").isEqualTo("{\"a\":[1,2]}");
                            assertThat(bin).as("not JSON: empty").isEmpty();
                            assertThat(r.info("json_errors")).isGreaterThanOrEqualTo(1);
                        }
                        case BASE64 -> {
                            assertThat(Base64.getDecoder().decode(json)).isEqualTo("{ \"a\" : [1, 2] }".getBytes());
                            assertThat(bin).isEqualTo("AP8QYQ==");
                        }
                        case BYTES -> {
                            assertThat(json).isEqualTo(HexFormat.of().formatHex("{ \"a\" : [1, 2] }".getBytes()));
                            assertThat(bin).isEqualTo("00ff1061");
                        }
                        default -> throw new AssertionError(format);
                    }
                }
            }
        }
    }

    @Test
    void a_payload_that_is_not_json_leaves_the_columns_empty_and_warns() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                OperatorTestRunner r = dat(broker.tcpUrl(), "col/#")
                        .set(MqttClientDat.COLUMNS, MqttClientDat.columns("temp", "/data/temp", "room", "/room"));
                Peer peer = new Peer(broker.tcpUrl())) {
            awaitSubscribed(r);
            deliver(r, broker.tcpUrl(), "col/ok", "{\"room\": \"hall\", \"data\": {\"temp\": 21.5}}");
            assertThat(lastCell(r, "temp")).isEqualTo("21.5");
            assertThat(lastCell(r, "room")).isEqualTo("hall");
            assertThat(r.state()).isEqualTo(NodeState.OK);

            double before = r.info("received");
            peer.publishAndWait("col/bad", "temperature 21.5", 1);
            r.cookUntil(() -> r.info("received") == before + 1, Duration.ofSeconds(30), "the plain-text message");
            assertThat(lastCell(r, "payload")).isEqualTo("temperature 21.5");
            assertThat(lastCell(r, "temp")).isEmpty();
            assertThat(lastCell(r, "room")).isEmpty();
            assertThat(r.info("json_errors")).isEqualTo(1.0);
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message()).contains("1 payload").contains("not JSON").contains("'columns'");
        }
    }
}
