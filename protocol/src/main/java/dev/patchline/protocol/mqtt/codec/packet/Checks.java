package dev.patchline.protocol.mqtt.codec.packet;

/** Argument checks shared by the packet constructors; they throw {@link IllegalArgumentException}. */
final class Checks {

    static final int MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

    private Checks() {}

    static void uint32(Long value, String what) {
        if (value != null) {
            range(value, 0, 0xFFFF_FFFFL, what);
        }
    }

    static void range(long value, long min, long max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** MQTT-2.2.1-3: packets that carry an identifier carry a non-zero one. */
    static void packetId(int packetId) {
        if (packetId < 1 || packetId > 65_535) {
            throw new IllegalArgumentException("packet identifier must be in 1..65535, got " + packetId);
        }
    }
}
