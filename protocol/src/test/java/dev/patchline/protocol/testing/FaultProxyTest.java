package dev.patchline.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    @Test
    void forwardsBothWays() throws IOException {
        try (MosquittoBroker broker = MosquittoBroker.start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
                RawMqttClient client = RawMqttClient.connect(proxy.host(), proxy.port(), "through-proxy")) {
            client.subscribe("proxy/echo", 0);
            client.publish("proxy/echo", "ping".getBytes(StandardCharsets.UTF_8), 0);
            assertThat(new String(client.readPublishPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("ping");
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void cutAllResetsTheClientAndKeepsAccepting() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            RawMqttClient first = RawMqttClient.connect(proxy.host(), proxy.port(), "first");
            first.ping();
            assertThat(proxy.cutAll()).isEqualTo(1);
            // RST, not FIN: the client's next read fails with "Connection reset" instead of a clean end of stream.
            assertThatThrownBy(first::ping).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            first.close();
            try (RawMqttClient second = RawMqttClient.connect(proxy.host(), proxy.port(), "second")) {
                second.ping();
            }
            assertThat(proxy.acceptedConnections()).isEqualTo(2);
            assertThat(proxy.cutConnections()).isEqualTo(1);
        }
    }

    @Test
    void targetDownLooksLikeAResetToTheClient() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
            broker.stop();
            assertThatThrownBy(() -> RawMqttClient.connect(proxy.host(), proxy.port(), "nobody-home"))
                    .isInstanceOf(IOException.class);
            broker.launch();
            try (RawMqttClient client = RawMqttClient.connect(proxy.host(), proxy.port(), "back")) {
                client.ping();
            }
        }
    }
}
