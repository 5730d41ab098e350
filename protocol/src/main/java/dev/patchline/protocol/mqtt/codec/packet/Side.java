package dev.patchline.protocol.mqtt.codec.packet;

/**
 * One end of an MQTT connection. Reason codes say which side may send them; the decoder is told
 * which side it runs on so that it can reject packets that only the other side may send.
 */
public enum Side {
    CLIENT,
    SERVER;

    /** The other end of the connection. */
    public Side peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
