package dev.patchline.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttWireTest {

    @Test
    void fixedHeaderOfOneByteLength() {
        byte[] puback = {0x40, 2, 0, 7};
        assertThat(MqttWire.headerLength(puback, 0, puback.length)).isEqualTo(2);
        assertThat(MqttWire.remainingLength(puback, 0)).isEqualTo(2);
    }

    @Test
    void fixedHeaderOfTwoByteLengthAtAnOffset() {
        // 321 = 0x41 + 2 * 128: encoded 0xC1 0x02 (MQTT section 1.5.5)
        byte[] bytes = {9, 9, 0x30, (byte) 0xC1, 0x02};
        assertThat(MqttWire.headerLength(bytes, 2, bytes.length)).isEqualTo(3);
        assertThat(MqttWire.remainingLength(bytes, 2)).isEqualTo(321);
    }

    @Test
    void incompleteFixedHeaderIsReportedAsSuch() {
        byte[] bytes = {0x30, (byte) 0xC1};
        assertThat(MqttWire.headerLength(bytes, 0, bytes.length)).isEqualTo(-1);
        assertThat(MqttWire.headerLength(bytes, 0, 1)).isEqualTo(-1);
    }
}
