package dev.patchline.protocol.mqtt.codec.packet;

/** The MQTT protocol versions this codec speaks, with their CONNECT protocol level. */
public enum MqttVersion {
    /** MQTT 3.1.1, protocol level 4. */
    V3_1_1(4),
    /** MQTT 5.0, protocol level 5. */
    V5(5);

    private final int protocolLevel;

    MqttVersion(int protocolLevel) {
        this.protocolLevel = protocolLevel;
    }

    /** The protocol level byte sent in CONNECT. */
    public int protocolLevel() {
        return protocolLevel;
    }

    /** The version for a CONNECT protocol level, or {@code null} when this codec does not speak it. */
    public static MqttVersion ofProtocolLevel(int level) {
        return switch (level) {
            case 4 -> V3_1_1;
            case 5 -> V5;
            default -> null;
        };
    }

    public boolean isV5() {
        return this == V5;
    }
}
