package dev.patchline.nodes.broker;

import static dev.patchline.nodes.broker.BrokerTesting.awaitRow;
import static dev.patchline.nodes.broker.BrokerTesting.awaitState;
import static dev.patchline.nodes.broker.BrokerTesting.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, restart, folders, users and configuration mistakes of the mqttBroker node. */
class MqttBrokerLifecycleTest {

    @Test
    void temporary_folder_is_deleted_at_stop_and_nothing_is_written_elsewhere() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path cwd = Path.of("").toAbsolutePath();
        Set<String> tmpBefore = brokerEntries(tmp);
        Set<String> cwdBefore = entries(cwd);
        Path root;
        try (OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()))) {
            r.set(MqttBrokerDat.PORT, 0).set(MqttBrokerDat.WEBSOCKET, true).set(MqttBrokerDat.WSPORT, 0);
            awaitState(r, "running");
            assertThat(row(r, "datafolder")).isEqualTo("(temporary)");
            assertThat(row(r, "wsurl")).matches("ws://127\\.0\\.0\\.1:\\d+/mqtt");
            Set<String> created = new TreeSet<>(brokerEntries(tmp));
            created.removeAll(tmpBefore);
            assertThat(created).as("one temporary broker folder while running").hasSize(1);
            root = tmp.resolve(created.iterator().next());
            assertThat(root.resolve("conf/config.xml")).exists();
            assertThat(Files.readString(root.resolve("conf/config.xml")))
                    .contains("<bind-address>127.0.0.1</bind-address>")
                    .contains("<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>");
        }
        assertThat(root).as("temporary broker folder removed at stop").doesNotExist();
        assertThat(brokerEntries(tmp)).isEqualTo(tmpBefore);
        assertThat(entries(cwd))
                .as("nothing written into the working directory")
                .isEqualTo(cwdBefore);
    }

    @Test
    void data_folder_holds_every_file_and_persistence_keeps_retained_messages_across_restart(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("broker");
        Path cwd = Path.of("").toAbsolutePath();
        Set<String> cwdBefore = entries(cwd);
        try (OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()))) {
            r.set(MqttBrokerDat.PORT, 0)
                    .set(MqttBrokerDat.DATAFOLDER, data.toString())
                    .set(MqttBrokerDat.PERSISTENCE, true);
            awaitState(r, "running");
            int port = Integer.parseInt(row(r, "port"));
            Mqtt5BlockingClient c = client(port, "retainer");
            c.connect();
            c.publishWith()
                    .topic("keep/me")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload("still here".getBytes(StandardCharsets.UTF_8))
                    .send();
            c.disconnect();

            r.pulse(MqttBrokerDat.RESTART);
            r.cook();
            assertThat(row(r, "state")).isEqualTo("starting");
            awaitState(r, "running");
            int port2 = Integer.parseInt(row(r, "port"));
            Mqtt5BlockingClient again = client(port2, "reader");
            again.connect();
            try (var publishes = again.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                again.subscribeWith()
                        .topicFilter("keep/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                Mqtt5Publish p = publishes
                        .receive(10, TimeUnit.SECONDS)
                        .orElseThrow(() -> new AssertionError("retained message lost"));
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("still here");
                assertThat(p.isRetain()).isTrue();
            } finally {
                again.disconnect();
            }
        }
        assertThat(data.resolve("conf/config.xml")).exists();
        assertThat(data.resolve("data")).isDirectory();
        try (Stream<Path> files = Files.list(data.resolve("data"))) {
            assertThat(files.count())
                    .as("file persistence wrote into the data folder")
                    .isPositive();
        }
        assertThat(entries(cwd))
                .as("nothing written into the working directory")
                .isEqualTo(cwdBefore);
    }

    @Test
    void users_from_the_environment_are_checked_and_anonymous_clients_refused() {
        Map<String, String> env = Map.of("ALICE_PASSWORD", "s3cret");
        try (OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(env))) {
            r.set(MqttBrokerDat.PORT, 0)
                    .set(MqttBrokerDat.ANONYMOUS, false)
                    .set(MqttBrokerDat.USERS, List.of(BrokerUser.of("alice", "ALICE_PASSWORD")));
            awaitState(r, "running");
            int port = Integer.parseInt(row(r, "port"));

            Mqtt5BlockingClient good = Mqtt5Client.builder()
                    .identifier("alice-1")
                    .serverHost("127.0.0.1")
                    .serverPort(port)
                    .simpleAuth()
                    .username("alice")
                    .password("s3cret".getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .buildBlocking();
            good.connect();
            good.disconnect();

            Mqtt5BlockingClient wrong = Mqtt5Client.builder()
                    .identifier("alice-2")
                    .serverHost("127.0.0.1")
                    .serverPort(port)
                    .simpleAuth()
                    .username("alice")
                    .password("guess".getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .buildBlocking();
            assertThatThrownBy(wrong::connect)
                    .isInstanceOfSatisfying(
                            Mqtt5ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));

            Mqtt5BlockingClient anonymous = client(port, "nobody");
            assertThatThrownBy(anonymous::connect)
                    .isInstanceOfSatisfying(
                            Mqtt5ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        }
    }

    @Test
    void a_port_in_use_is_an_error_on_the_node_naming_the_port() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()))) {
            r.set(MqttBrokerDat.PORT, taken.getLocalPort());
            awaitState(r, "error");
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).contains("port " + taken.getLocalPort()).contains("pick another port");
            assertThat(row(r, "message")).isEqualTo(r.message());
            assertThat(r.info("running")).isZero();
        }
    }

    @Test
    void configuration_mistakes_are_errors_that_say_how_to_fix_them() {
        try (OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()))) {
            r.set(MqttBrokerDat.PORT, 0).set(MqttBrokerDat.PERSISTENCE, true);
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).contains("'persistence'").contains("'datafolder'");
            assertThat(row(r, "state")).isEqualTo("error");

            r.set(MqttBrokerDat.PERSISTENCE, false).set(MqttBrokerDat.ANONYMOUS, false);
            r.cook();
            assertThat(r.message()).contains("'anonymous' is off and 'users' is empty");

            r.set(MqttBrokerDat.USERS, List.of(BrokerUser.of("bob", "BOB_PASSWORD")));
            r.cook();
            assertThat(r.message()).contains("'bob'").contains("BOB_PASSWORD is not set");

            r.set(MqttBrokerDat.ANONYMOUS, true)
                    .set(MqttBrokerDat.USERS, List.of())
                    .set(MqttBrokerDat.WEBSOCKET, true)
                    .set(MqttBrokerDat.PORT, 9001)
                    .set(MqttBrokerDat.WSPORT, 9001);
            r.cook();
            assertThat(r.message()).contains("'port' and 'wsport' are both 9001");
            assertThat(row(r, "url")).as("no broker was started").isEmpty();
        }
    }

    @Test
    void turning_active_off_stops_the_broker_and_on_starts_it_again() throws IOException {
        try (OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()))) {
            r.set(MqttBrokerDat.PORT, 0);
            awaitState(r, "running");
            int port = Integer.parseInt(row(r, "port"));
            r.set(MqttBrokerDat.ACTIVE, false);
            awaitState(r, "stopped");
            assertThat(row(r, "url")).isEmpty();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
            r.set(MqttBrokerDat.ACTIVE, true);
            awaitState(r, "running");
            awaitRow(r, "clients", "0");
        }
    }

    private static Mqtt5BlockingClient client(int port, String id) {
        return Mqtt5Client.builder()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildBlocking();
    }

    private static Set<String> brokerEntries(Path dir) throws IOException {
        // Our temporary folders, and anything HiveMQ might name after itself (its home, logs, extension temp folders).
        return entries(dir).stream()
                .filter(n -> n.startsWith("patchline-broker-")
                        || n.toLowerCase(Locale.ROOT).contains("hivemq"))
                // Folders of the protocol module's HiveMQ fixtures, possibly created by concurrent test runs.
                .filter(n -> !n.startsWith("patchline-hivemq-") && !n.startsWith("hivemq-certs"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
