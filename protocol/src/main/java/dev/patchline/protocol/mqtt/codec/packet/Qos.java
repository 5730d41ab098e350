package dev.patchline.protocol.mqtt.codec.packet;

/** MQTT quality of service levels. */
public enum Qos {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    private static final Qos[] VALUES = values();

    /** The wire value 0, 1 or 2. */
    public int value() {
        return ordinal();
    }

    /**
     * The QoS for a wire value.
     *
     * @throws IllegalArgumentException if {@code value} is not 0, 1 or 2
     */
    public static Qos of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, got " + value);
        }
        return VALUES[value];
    }

    /** The lower of two QoS levels. */
    public Qos min(Qos other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
