package dev.patchline.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddedHiveMqTest {

    @Test
    void routesMessagesAndRestartsOnTheSamePort() throws IOException {
        try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().persistence(true).start()) {
            int port = broker.port();
            try (RawMqttClient subscriber = RawMqttClient.connect(broker.host(), port, "sub");
                    RawMqttClient publisher = RawMqttClient.connect(broker.host(), port, "pub")) {
                subscriber.subscribe("hive/#", 1);
                publisher.publishRetained("hive/retained", "kept".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(subscriber.readPublishPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("kept");
            }
            broker.restart();
            assertThat(broker.port()).isEqualTo(port);
            try (RawMqttClient late = RawMqttClient.connect(broker.host(), port, "late")) {
                late.subscribe("hive/retained", 0);
                assertThat(new String(late.readPublishPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("kept");
            }
        }
    }
}
