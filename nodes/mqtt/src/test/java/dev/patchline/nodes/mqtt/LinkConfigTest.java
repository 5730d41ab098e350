package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkConfigTest {

    private static LinkConfig config(boolean qos2Guard) {
        return new LinkConfig(
                "tcp://127.0.0.1:1",
                true,
                "dat-1",
                30,
                20,
                false,
                600,
                qos2Guard,
                true,
                "",
                "",
                "",
                List.of(),
                "",
                "",
                Map.of(),
                "",
                "",
                0,
                false,
                0,
                1 << 20);
    }

    @Test
    void parameters_reach_the_clients_engine_config() {
        MqttClient client = config(true).newClient(null);
        try {
            assertThat(client.engineConfig().qos2ReplayGuard()).isTrue();
            assertThat(client.engineConfig().version()).isEqualTo(MqttVersion.V5);
            assertThat(client.engineConfig().clientId()).isEqualTo("dat-1");
            assertThat(client.engineConfig().cleanStart()).isFalse();
            assertThat(client.engineConfig().sessionExpiryInterval()).isEqualTo(600);
            assertThat(client.engineConfig().maxInflight()).isEqualTo(20);
            assertThat(client.engineConfig().maximumPacketSize()).isEqualTo(1 << 20);
        } finally {
            client.close();
        }
    }

    @Test
    void the_qos2_replay_guard_is_off_unless_asked() {
        MqttClient client = config(false).newClient(null);
        try {
            assertThat(client.engineConfig().qos2ReplayGuard()).isFalse();
        } finally {
            client.close();
        }
    }
}
