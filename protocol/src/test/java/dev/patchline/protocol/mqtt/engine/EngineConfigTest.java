package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void invalidValuesNameTheFieldAndTheRange() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineConfig.builder().receiveMaximum(0).build());
        assertTrue(e.getMessage().contains("receiveMaximum must be in 1..65535, got 0"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineConfig.builder().keepAliveSeconds(70_000).build());
        assertTrue(e.getMessage().contains("keepAliveSeconds"), e.getMessage());
    }

    @Test
    void willTopicIsValidated() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineConfig.builder()
                        .will(Will.of("status/#", BinaryData.ofUtf8("x"), Qos.AT_MOST_ONCE, false))
                        .build());
        assertTrue(e.getMessage().contains("will topic"), e.getMessage());
    }

    @Test
    void mqtt311RulesAreCheckedUpFront() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineConfig.builder()
                        .version(MqttVersion.V3_1_1)
                        .clientId("")
                        .cleanStart(false)
                        .build());
        assertTrue(e.getMessage().contains("MQTT-3.1.3-7"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineConfig.builder()
                        .version(MqttVersion.V3_1_1)
                        .clientId("c")
                        .password(BinaryData.ofUtf8("p"))
                        .build());
        assertTrue(e.getMessage().contains("MQTT-3.1.2-22"), e.getMessage());
    }
}
