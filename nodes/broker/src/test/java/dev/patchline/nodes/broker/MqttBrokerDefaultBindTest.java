package dev.patchline.nodes.broker;

import static dev.patchline.nodes.broker.BrokerTesting.awaitState;
import static dev.patchline.nodes.broker.BrokerTesting.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.testing.BindProbe;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded broker's listeners take this machine only unless told otherwise. */
class MqttBrokerDefaultBindTest {

    @Test
    void mqtt_and_websocket_listeners_bind_loopback_only_by_default() throws Exception {
        assertThat(MqttBrokerDat.ADDRESS.defaultValue()).isEqualTo("127.0.0.1");
        try (OperatorTestRunner r = OperatorTestRunner.of(BrokerTesting.brokerType(Map.of()))) {
            r.set(MqttBrokerDat.PORT, 0);
            r.set(MqttBrokerDat.WEBSOCKET, true);
            r.set(MqttBrokerDat.WSPORT, 0);
            awaitState(r, "running");
            assertThat(row(r, "address")).isEqualTo("127.0.0.1");
            for (String name : new String[] {"port", "wsport"}) {
                int port = Integer.parseInt(row(r, name));
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                }
                assertThat(BindProbe.tcpListensOnAllInterfaces(port))
                        .as("%s %d bound to every interface", name, port)
                        .isFalse();
            }
        }
    }
}
