package dev.patchline.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.protocol.testing.RawMqttClient;
import dev.patchline.protocol.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code patchline mqtt pub|sub} against a real mosquitto, run in-process with captured streams. */
class MqttCommandTest {

    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.builder().user("alice", "s3cret").start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Output and exit code of one command run. */
    record Run(int exitCode, String out, String err) {}

    private static Run pub(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MqttPubCommand command = new MqttPubCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        int code = new CommandLine(command).execute(args);
        return new Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    private static Run sub(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MqttSubCommand command = new MqttSubCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        int code = new CommandLine(command).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> auth(String... more) {
        List<String> args = new ArrayList<>(
                List.of("-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-u", "alice", "-P", "s3cret"));
        args.addAll(List.of(more));
        return args;
    }

    private static RawMqttClient rawSubscriber(String id, String filter) throws IOException {
        RawMqttClient client = RawMqttClient.connect(broker.host(), broker.port(), id, "alice", "s3cret");
        client.subscribe(filter, 0);
        return client;
    }

    @Test
    void pubSendsAMessage() throws Exception {
        try (RawMqttClient subscriber = rawSubscriber("cli-sub-1", "cli/one")) {
            Run run = pub(Map.of(), "", auth("-t", "cli/one", "-m", "hello").toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
        }
    }

    @Test
    void pubSendsStdinLineByLineAndRepeats() throws Exception {
        try (RawMqttClient subscriber = rawSubscriber("cli-sub-2", "cli/lines")) {
            Run lines = pub(
                    Map.of(),
                    "a\nb\nc\n",
                    auth("-t", "cli/lines", "-l", "-V", "mqttv311").toArray(String[]::new));
            assertThat(lines.exitCode()).as(lines.err()).isZero();
            Run repeated = pub(
                    Map.of(),
                    "",
                    auth("-t", "cli/lines", "-m", "r", "--repeat", "2").toArray(String[]::new));
            assertThat(repeated.exitCode()).as(repeated.err()).isZero();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8));
            }
            assertThat(got).containsExactly("a", "b", "c", "r", "r");
        }
    }

    @Test
    void passwordComesFromTheEnvironment() throws Exception {
        try (RawMqttClient subscriber = rawSubscriber("cli-sub-3", "cli/env")) {
            String port = String.valueOf(broker.port());
            Run implicit = pub(
                    Map.of("MQTT_PASSWORD", "s3cret"),
                    "",
                    "-p",
                    port,
                    "-h",
                    "127.0.0.1",
                    "-u",
                    "alice",
                    "-t",
                    "cli/env",
                    "-m",
                    "1");
            assertThat(implicit.exitCode()).as(implicit.err()).isZero();
            Run named = pub(
                    Map.of("BROKER_PW", "s3cret"),
                    "",
                    "-p",
                    port,
                    "-h",
                    "127.0.0.1",
                    "-u",
                    "alice",
                    "--password-env",
                    "BROKER_PW",
                    "-t",
                    "cli/env",
                    "-m",
                    "2");
            assertThat(named.exitCode()).as(named.err()).isZero();
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("1");
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("2");
            Run missing = pub(Map.of(), "", "-p", port, "-u", "alice", "--password-env", "NOPE", "-t", "x", "-m", "3");
            assertThat(missing.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void urlCarriesCredentialsAndTopic() throws Exception {
        try (RawMqttClient subscriber = rawSubscriber("cli-sub-4", "cli/url/topic")) {
            Run run = pub(
                    Map.of(),
                    "",
                    "-L",
                    "mqtt://alice:s3cret@127.0.0.1:" + broker.port() + "/cli/url/topic",
                    "-m",
                    "via-url");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("via-url");
        }
    }

    @ParameterizedTest
    @CsvSource({"mqttv311, 5", "mqttv5, 135"})
    void refusedCredentialsExitWithTheConnackCode(String version, int expected) {
        Run run = pub(
                Map.of(),
                "",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(broker.port()),
                "-u",
                "alice",
                "-P",
                "wrong",
                "-V",
                version,
                "-t",
                "x",
                "-m",
                "y");
        assertThat(run.exitCode()).isEqualTo(expected);
        assertThat(run.err()).startsWith("Connection error:");
    }

    @Test
    void unreachableBrokerExitsWithOne() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run pubRun = pub(Map.of(), "", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "x", "-m", "y");
        assertThat(pubRun.exitCode()).isEqualTo(1);
        assertThat(pubRun.err()).contains("Error:").contains(String.valueOf(port));
        Run subRun = sub(Map.of(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "x");
        assertThat(subRun.exitCode()).isEqualTo(1);
    }

    @Test
    void missingArgumentsExitWithOneAndSayWhat() {
        Run noMessage = pub(Map.of(), "", "-t", "x");
        assertThat(noMessage.exitCode()).isEqualTo(1);
        assertThat(noMessage.err()).contains("-m");
        Run noTopic = sub(Map.of());
        assertThat(noTopic.exitCode()).isEqualTo(1);
        assertThat(noTopic.err()).contains("topic");
        Run badQos = pub(Map.of(), "", "-t", "x", "-m", "y", "-q", "3");
        assertThat(badQos.exitCode()).isEqualTo(1);
    }

    @Test
    void subPrintsRetainedMessagesVerboselyUpToTheCount() {
        Run retained =
                pub(Map.of(), "", auth("-t", "cli/ret/a", "-m", "kept", "-r").toArray(String[]::new));
        assertThat(retained.exitCode()).as(retained.err()).isZero();
        Run run = sub(
                Map.of(), auth("-t", "cli/ret/#", "-v", "-C", "1", "-W", "10").toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("cli/ret/a kept\n");
    }

    @Test
    void subTimesOutWithCode27AndSkipsStaleRetainedMessagesWithR() {
        Run retained =
                pub(Map.of(), "", auth("-t", "cli/stale", "-m", "old", "-r").toArray(String[]::new));
        assertThat(retained.exitCode()).as(retained.err()).isZero();
        Run run = sub(Map.of(), auth("-t", "cli/stale", "-R", "-W", "1").toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(MqttSubCommand.EXIT_TIMEOUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Timed out");
    }

    @Test
    void subRefusesPacketsAboveMaxPacketSize() {
        Run retained = pub(
                Map.of(),
                "",
                auth("-t", "cli/big", "-m", "x".repeat(1_000), "-r").toArray(String[]::new));
        assertThat(retained.exitCode()).as(retained.err()).isZero();

        Run v5 = sub(
                Map.of(),
                auth("-t", "cli/big", "--max-packet-size", "100", "-W", "2").toArray(String[]::new));
        assertThat(v5.exitCode())
                .as("MQTT 5: the broker keeps the message from us; " + v5.err())
                .isEqualTo(MqttSubCommand.EXIT_TIMEOUT);
        assertThat(v5.out()).isEmpty();

        Run v311 = sub(
                Map.of(),
                auth("-t", "cli/big", "-V", "mqttv311", "--max-packet-size", "100", "-W", "2")
                        .toArray(String[]::new));
        assertThat(v311.out()).isEmpty();
        assertThat(v311.err())
                .as("MQTT 3.1.1: the connection closes, naming both sizes")
                .contains("bytes exceeds the Maximum Packet Size of 100 bytes")
                .contains("MQTT 3.1.1");

        Run ok = sub(
                Map.of(),
                auth("-t", "cli/big", "--max-packet-size", "2000", "-C", "1", "-W", "10")
                        .toArray(String[]::new));
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).hasSize(1_001);
    }

    @Test
    void subExitsAfterSubscribingWithE() {
        Run run = sub(Map.of(), auth("-t", "cli/e", "-E").toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void userPropertiesGoOutWithD() throws Exception {
        BlockingQueue<MqttMessageCopy> received = new LinkedBlockingQueue<>();
        try (MqttClient client = MqttClient.builder(broker.tcpUrl())
                .clientId("cli-props")
                .credentials("alice", "s3cret")
                .build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribe("cli/props", Qos.AT_MOST_ONCE, m -> received.add(MqttMessageCopy.of(m)))
                    .get(10, TimeUnit.SECONDS);
            Run run = pub(
                    Map.of(),
                    "",
                    auth(
                                    "-t",
                                    "cli/props",
                                    "-m",
                                    "p",
                                    "-D",
                                    "publish",
                                    "user-property",
                                    "room",
                                    "7",
                                    "-D",
                                    "publish",
                                    "content-type",
                                    "text/plain")
                            .toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            MqttMessageCopy message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.userProperty()).isEqualTo("7");
            assertThat(message.contentType()).isEqualTo("text/plain");
        }
    }

    @Test
    void tlsWithCaFile(@TempDir Path tmp) throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp);
        try (MosquittoBroker tlsBroker =
                        MosquittoBroker.builder().tls(certificates).start();
                RawMqttClient subscriber = RawMqttClient.connect(tlsBroker.host(), tlsBroker.port(), "cli-tls-sub")) {
            subscriber.subscribe("cli/tls", 0);
            Run run = pub(
                    Map.of(),
                    "",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(tlsBroker.tlsPort()),
                    "--cafile",
                    certificates.caCert().toString(),
                    "-t",
                    "cli/tls",
                    "-m",
                    "secure");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("secure");
            Run untrusted = pub(
                    Map.of(),
                    "",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(tlsBroker.tlsPort()),
                    "--cafile",
                    certificates.otherCaCert().toString(),
                    "-t",
                    "cli/tls",
                    "-m",
                    "nope");
            assertThat(untrusted.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void tlsWithCaPath(@TempDir Path tmp) throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp.resolve("certs"));
        Path trusted = Files.createDirectories(tmp.resolve("trusted"));
        Files.copy(certificates.caCert(), trusted.resolve("4a6e1f0b.0")); // an OpenSSL hashed name
        Files.writeString(trusted.resolve("README"), "not a certificate\n");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.copy(certificates.otherCaCert(), other.resolve("other-ca.pem"));
        try (MosquittoBroker tlsBroker =
                        MosquittoBroker.builder().tls(certificates).start();
                RawMqttClient subscriber =
                        RawMqttClient.connect(tlsBroker.host(), tlsBroker.port(), "cli-capath-sub")) {
            subscriber.subscribe("cli/capath", 0);
            Run run = pub(
                    Map.of(),
                    "",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(tlsBroker.tlsPort()),
                    "--capath",
                    trusted.toString(),
                    "--tls-version",
                    "tlsv1.2",
                    "-t",
                    "cli/capath",
                    "-m",
                    "from a directory");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("from a directory");
            Run untrusted = pub(
                    Map.of(),
                    "",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(tlsBroker.tlsPort()),
                    "--capath",
                    other.toString(),
                    "-t",
                    "cli/capath",
                    "-m",
                    "nope");
            assertThat(untrusted.exitCode()).isEqualTo(1);
        }
        Run empty = pub(
                Map.of(),
                "",
                "-h",
                "127.0.0.1",
                "-p",
                "8883",
                "--capath",
                Files.createDirectories(tmp.resolve("empty")).toString(),
                "-t",
                "cli/capath",
                "-m",
                "x");
        assertThat(empty.exitCode()).isNotZero();
        assertThat(empty.err()).contains("holds no PEM certificate");
    }

    @Test
    void qos1PublishIsAcknowledged() throws Exception {
        try (RawMqttClient subscriber = rawSubscriber("cli-sub-q1", "cli/q1")) {
            Run run = pub(
                    Map.of(), "", auth("-t", "cli/q1", "-m", "sure", "-q", "1").toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("sure");
        }
    }

    /** The parts of a received message the tests look at, copied before the handler returns. */
    record MqttMessageCopy(String userProperty, String contentType) {
        static MqttMessageCopy of(MqttMessage m) {
            return new MqttMessageCopy(
                    m.userProperties().first("room"), m.properties().contentType());
        }
    }
}
