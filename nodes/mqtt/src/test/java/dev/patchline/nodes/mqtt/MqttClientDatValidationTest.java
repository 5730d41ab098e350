package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.testing.OperatorTestRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad parameters stop the node with a message naming the parameter; no broker is contacted. */
class MqttClientDatValidationTest {

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of(MqttClientDat.NETADDRESS, "http://127.0.0.1:1883", "parameter 'netaddress':"),
                Arguments.of(MqttClientDat.NETADDRESS, "", "parameter 'netaddress':"),
                Arguments.of(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("ok/#", 0), SubscriptionSpec.of("a/#/b", 1)),
                        "parameter 'subscriptions' entry 1 ('a/#/b'):"),
                Arguments.of(MqttClientDat.CAFILE, "/no/such/ca.pem", "parameter 'cafile': cannot read file /no/such/ca.pem; check the path"),
                Arguments.of(MqttClientDat.COLUMNS, Map.of("temp", "data/temp"), "parameter 'columns': 'temp' = 'data/temp'"),
                Arguments.of(MqttClientDat.WILLTOPIC, "status/#", "parameter 'willtopic':"));
    }

    @ParameterizedTest
    @MethodSource("badParameters")
    <T> void a_bad_parameter_is_an_error_naming_it(ParameterDescriptor<T> parameter, T value, String message) {
        try (OperatorTestRunner r = OperatorTestRunner.of(MqttClientDat.TYPE).set(parameter, value)) {
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
        for (String td : List.of("`active`", "`netaddress`", "`specifyid`", "`usercid`", "`keepalive`", "`maxinflight`",
                "`cleansession`", "`verifycert`", "`username`", "`password`", "`reconnect`", "`callbacks`", "`clamp`",
                "`maxlines`", "`clear`", "`bytes`", "`onConnect(dat)`", "`onConnectFailure(dat, msg)`",
                "`onConnectionLost(dat, msg)`", "`onSubscribe(dat)`", "`onSubscribeFailure(dat, msg)`", "`onUnsubscribe(dat)`",
                "`onUnsubscribeFailure(dat, msg)`", "`onPublish(dat)`", "`onMessage(dat, topic, payload, qos, retained, dup)`")) {
            assertThat(details).as("migration table mentions %s", td).contains(td);
        }
        for (String name : List.of("active", "netaddress", "specifyid", "usercid", "keepalive", "maxinflight", "cleansession",
                "verifycert", "username", "password", "reconnect", "clamp", "maxlines", "clear", "bytes")) {
            assertThat(MqttClientDat.TYPE.parameter(name)).as("TouchDesigner parameter %s", name).isNotNull();
        }
        assertThat(MqttClientDat.TYPE.parameter("maxlines").defaultValue()).isEqualTo(100);
    }
}
