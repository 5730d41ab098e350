package dev.patchline.protocol.mqtt.codec.packet;

/**
 * A reason code of one packet type. Codes below 0x80 report success, codes from 0x80 report failure
 * (MQTT 5, section 2.4). Each code knows which side of the connection may send it.
 */
public interface ReasonCode {

    /** The one-byte wire value. */
    int code();

    /** Whether {@code side} may put this code into a packet. */
    boolean canBeSentBy(Side side);

    /** Whether this code reports a failure (0x80 or greater). */
    default boolean isError() {
        return code() >= 0x80;
    }
}
