package dev.patchline.protocol.mqtt.codec.packet;

/** The MQTT 5 Payload Format Indicator (property 0x01). */
public enum PayloadFormat {
    /** 0: unspecified bytes. */
    UNSPECIFIED,
    /** 1: UTF-8 encoded character data. */
    UTF_8;

    public int value() {
        return ordinal();
    }
}
