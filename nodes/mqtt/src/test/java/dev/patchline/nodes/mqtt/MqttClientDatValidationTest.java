package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphValidator;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad parameters: constants fail graph loading (and {@code patchline validate}, and live edits) with a message naming
 * the node, the parameter and the fix; computed values stop the node at cook time. No broker is contacted.
 */
class MqttClientDatValidationTest {

    private static final OperatorRegistry REGISTRY = OperatorRegistry.of(MqttClientDat.TYPE, TopicSelectDat.TYPE);

    @TempDir
    Path graphDir;

    /** Graph JSON: node 'sensors' (mqttClient) with {@code params}, and node 'hall' (topicSelect) with {@code filter}. */
    private static String graph(String params, String filter) {
        return """
                {"patchline": 1, "nodes": [
                  {"id": "sensors", "type": "mqttClient", "params": {"active": false, %s}},
                  {"id": "hall", "type": "topicSelect", "inputs": ["sensors"], "params": {"filter": %s}}
                ]}
                """.formatted(params, filter);
    }

    private Graph load(String json) {
        return GraphJson.read(json, "bad.json", REGISTRY, GraphValidator.Context.of(Map.of(), graphDir, null));
    }

    static Stream<Arguments> badConstants() {
        return Stream.of(
                Arguments.of(
                        "\"netaddress\": \"http://127.0.0.1:1883\"",
                        "node 'sensors' parameter 'netaddress': broker URL 'http://127.0.0.1:1883' has unsupported scheme"),
                Arguments.of(
                        "\"netaddress\": \"\"",
                        "node 'sensors' parameter 'netaddress': broker URL is empty;"
                                + " expected e.g. tcp://127.0.0.1:1883"),
                Arguments.of(
                        "\"subscriptions\": [{\"topic\": \"ok/#\"}, {\"topic\": \"a/#/b\", \"qos\": 1}]",
                        "node 'sensors' parameter 'subscriptions': entry 1 ('a/#/b'):"),
                Arguments.of("\"cafile\": \"certs/ca.pem\"", "node 'sensors' parameter 'cafile': cannot read file "),
                Arguments.of(
                        "\"columns\": {\"temp\": \"data/temp\"}",
                        "node 'sensors' parameter 'columns': 'temp' = 'data/temp' is not a JSON pointer"),
                Arguments.of(
                        "\"willtopic\": \"status/#\"",
                        "node 'sensors' parameter 'willtopic': 'status/#' is not a" + " valid topic name"),
                Arguments.of(
                        "\"maxlines\": 0", "/nodes/0/params/maxlines: parameter 'maxlines' must be between 1 and"));
    }

    @ParameterizedTest
    @MethodSource("badConstants")
    void a_bad_constant_fails_loading_naming_the_node_and_the_parameter(String params, String message) {
        assertThatThrownBy(() -> load(graph(params, "\"sensors/#\"")))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("bad.json:")
                .hasMessageContaining(message);
    }

    @Test
    void the_messages_say_how_to_fix_the_value() {
        assertThatThrownBy(() -> load(graph("\"subscriptions\": [{\"topic\": \"a/#/b\"}]", "\"sensors/#\"")))
                .hasMessageContaining("write a filter like sensors/+/temp or sensors/#");
        assertThatThrownBy(() -> load(graph("\"keyfile\": \"client.key\"", "\"sensors/#\"")))
                .hasMessageContaining(
                        "cannot read file " + graphDir.resolve("client.key").toAbsolutePath())
                .hasMessageContaining(
                        "(no such file); fix the path (a relative path starts at the graph file's folder)");
        assertThatThrownBy(() -> load(graph("\"netaddress\": \"127.0.0.1:1883\"", "\"sensors/#\"")))
                .hasMessageContaining("expected e.g. tcp://127.0.0.1:1883");
    }

    @Test
    void a_bad_topic_select_filter_fails_loading() {
        assertThatThrownBy(() -> load(graph("\"maxlines\": 10", "\"sensors/#/temp\"")))
                .hasMessageContaining("/nodes/1/params/filter: node 'hall' parameter 'filter':")
                .hasMessageContaining("write a filter like");
    }

    @Test
    void a_relative_file_that_exists_next_to_the_graph_is_accepted() throws Exception {
        Files.createDirectories(graphDir.resolve("certs"));
        Files.writeString(graphDir.resolve("certs/ca.pem"), "not checked here");
        Graph g = load(graph("\"cafile\": \"certs/ca.pem\", \"netaddress\": \"ssl://127.0.0.1:8883\"", "\"a/+/c\""));
        assertThat(g.nodes()).hasSize(2);
    }

    @Test
    void every_problem_of_the_graph_is_listed_at_once() {
        assertThatThrownBy(() -> load(graph("\"netaddress\": \"udp://x:1\", \"willtopic\": \"+\"", "\"#/x\"")))
                .hasMessageContaining("parameter 'netaddress'")
                .hasMessageContaining("parameter 'willtopic'")
                .hasMessageContaining("parameter 'filter'");
    }

    @Test
    void a_bad_live_value_is_refused_and_the_old_value_stays() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                .set(MqttClientDat.ACTIVE, false)
                .set(MqttClientDat.NETADDRESS, "tcp://127.0.0.1:1")) {
            r.cook();
            assertThatThrownBy(() -> r.set(MqttClientDat.NETADDRESS, "tcp//127.0.0.1:1"))
                    .hasMessageContaining("parameter 'netaddress': broker URL 'tcp//127.0.0.1:1'");
            assertThatThrownBy(() -> r.set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("a/#/b", 0))))
                    .hasMessageContaining("parameter 'subscriptions': entry 0 ('a/#/b')");
            r.cook();
            assertThat(r.par(MqttClientDat.NETADDRESS)).isEqualTo("tcp://127.0.0.1:1");
            assertThat(r.par(MqttClientDat.SUBSCRIPTIONS)).isEmpty();
            assertThat(r.state()).isNotEqualTo(NodeState.ERROR);
        }
    }

    static Stream<Arguments> badExpressions() {
        return Stream.of(
                Arguments.of(MqttClientDat.NETADDRESS, "'http://127.0.0.1:1883'", "parameter 'netaddress':"),
                Arguments.of(MqttClientDat.WILLTOPIC, "'status/' + '#'", "parameter 'willtopic':"),
                Arguments.of(
                        MqttClientDat.CAFILE,
                        "'/no/such/ca.pem'",
                        "parameter 'cafile': cannot read file /no/such/ca.pem"));
    }

    /** Values computed by expressions are not seen at load time: the node checks what it reads at cook time. */
    @ParameterizedTest
    @MethodSource("badExpressions")
    void a_bad_computed_value_is_an_error_on_the_node(
            ParameterDescriptor<String> parameter, String expression, String message) {
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE).expr(parameter, expression)) {
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).startsWith(message);
            assertThat(r.info("connected")).isZero();
        }
    }

    @Test
    void specifyid_without_an_id_is_an_error() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE).set(MqttClientDat.SPECIFYID, true)) {
            r.cook();
            assertThat(r.message()).startsWith("parameter 'usercid' is empty while 'specifyid' is on");
        }
    }

    @Test
    void publishing_while_inactive_is_refused_with_a_warning() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE).set(MqttClientDat.ACTIVE, false)) {
            r.input(0).setHeader("topic", "payload");
            r.input(0).appendRow("a/b", "x");
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.WARNING);
            assertThat(r.message()).contains("not active");
        }
    }

    @Test
    void docs_carry_a_touchdesigner_migration_table() {
        String details = MqttClientDat.TYPE.doc().details();
        assertThat(details).contains("### Coming from TouchDesigner");
        for (String td : List.of(
                "`active`",
                "`netaddress`",
                "`specifyid`",
                "`usercid`",
                "`keepalive`",
                "`maxinflight`",
                "`cleansession`",
                "`verifycert`",
                "`username`",
                "`password`",
                "`reconnect`",
                "`callbacks`",
                "`clamp`",
                "`maxlines`",
                "`clear`",
                "`bytes`",
                "`onConnect(dat)`",
                "`onConnectFailure(dat, msg)`",
                "`onConnectionLost(dat, msg)`",
                "`onSubscribe(dat)`",
                "`onSubscribeFailure(dat, msg)`",
                "`onUnsubscribe(dat)`",
                "`onUnsubscribeFailure(dat, msg)`",
                "`onPublish(dat)`",
                "`onMessage(dat, topic, payload, qos, retained, dup)`")) {
            assertThat(details).as("migration table mentions %s", td).contains(td);
        }
        for (String name : List.of(
                "active",
                "netaddress",
                "specifyid",
                "usercid",
                "keepalive",
                "maxinflight",
                "cleansession",
                "verifycert",
                "username",
                "password",
                "reconnect",
                "clamp",
                "maxlines",
                "clear",
                "bytes")) {
            assertThat(MqttClientDat.TYPE.parameter(name))
                    .as("TouchDesigner parameter %s", name)
                    .isNotNull();
        }
        assertThat(MqttClientDat.TYPE.parameter("maxlines").defaultValue()).isEqualTo(100);
    }

    @Test
    void mqttversion_reads_in_scripts_as_graph_files_write_it() {
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE)
                .set(MqttClientDat.ACTIVE, false)
                .set(MqttClientDat.MQTTVERSION, MqttVersion.V3_1_1)) {
            r.cook();
            assertThat(String.valueOf(r.node().getPar().get("mqttversion"))).isEqualTo("3.1.1");
            r.node().getPar().put("mqttversion", "5");
            r.cook();
            assertThat(r.par(MqttClientDat.MQTTVERSION)).isEqualTo(MqttVersion.V5);
            assertThat(String.valueOf(r.node().getPar().get("mqttversion"))).isEqualTo("5");
        }
    }
}
