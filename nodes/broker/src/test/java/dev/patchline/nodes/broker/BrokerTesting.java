package dev.patchline.nodes.broker;

import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorDoc;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.op.PortSpec;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.testing.OperatorTestRunner;
import dev.patchline.testing.ExternalTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Helpers shared by the broker tests. */
final class BrokerTesting {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private BrokerTesting() {}

    /** The mqttBroker type, reading user passwords from {@code environment} instead of the process environment. */
    static OperatorType brokerType(Map<String, String> environment) {
        OperatorType t = MqttBrokerDat.TYPE;
        return new OperatorType() {
            @Override
            public String id() {
                return t.id();
            }

            @Override
            public Family family() {
                return t.family();
            }

            @Override
            public List<ParameterDescriptor<?>> parameters() {
                return t.parameters();
            }

            @Override
            public List<PortSpec> inputs() {
                return t.inputs();
            }

            @Override
            public PortSpec output() {
                return t.output();
            }

            @Override
            public OperatorDoc doc() {
                return t.doc();
            }

            @Override
            public boolean cookAlways() {
                return t.cookAlways();
            }

            @Override
            public boolean timeDependent() {
                return t.timeDependent();
            }

            @Override
            public Operator create() {
                return new MqttBrokerDat(environment::get);
            }
        };
    }

    /** {@return the value of status row {@code name} of the broker node's table} */
    static String row(OperatorTestRunner r, String name) {
        var t = r.output();
        for (int i = 0; i < t.numRows(); i++) {
            if (t.cell(i, 0).equals(name)) return t.cell(i, 1);
        }
        throw new AssertionError("no row '" + name + "' in the broker table");
    }

    /** Cooks (on this thread: the runner is single-threaded) until the table shows {@code state}. */
    static void awaitState(OperatorTestRunner r, String state) {
        await().atMost(START_TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(50))
                .until(() -> state.equals(row(r.cook(), "state")));
    }

    /** Cooks until the table row {@code name} has {@code value}. */
    static void awaitRow(OperatorTestRunner r, String name, String value) {
        await().atMost(Duration.ofSeconds(20))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(50))
                .until(() -> value.equals(row(r.cook(), name)));
    }

    /** {@return the mosquitto client tool {@code name}; skips without it unless REQUIRE_MOSQUITTO or REQUIRE_TOOLS is set} */
    static Path mosquittoTool(String name) {
        return ExternalTools.presentOrRequired(name, "apt-get install mosquitto-clients", null, "REQUIRE_MOSQUITTO");
    }
}
