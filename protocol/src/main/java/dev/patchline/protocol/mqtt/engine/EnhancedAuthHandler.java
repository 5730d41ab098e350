package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;

/**
 * MQTT 5 enhanced authentication (section 4.12): a challenge/response exchange of AUTH packets between CONNECT and
 * CONNACK, and again whenever the client asks to re-authenticate. Called on the engine's thread; must not block
 * (a handler that needs slow work should precompute it).
 */
public interface EnhancedAuthHandler {

    /** The Authentication Method sent in CONNECT, e.g. {@code SCRAM-SHA-256}. */
    String method();

    /** Authentication Data for the CONNECT (or the re-authentication AUTH), or {@code null} for none. */
    BinaryData initialData();

    /**
     * The server continues the exchange (AUTH reason 0x18).
     *
     * @param serverData the server's Authentication Data, or {@code null}
     * @return the data to answer with in AUTH 0x18, or {@code null} for none
     * @throws RuntimeException to abort: the engine sends DISCONNECT "Not authorized" and drops the link
     */
    BinaryData challenge(BinaryData serverData);

    /** The server accepted the authentication (CONNACK success or AUTH success), with its final data or {@code null}. */
    default void succeeded(BinaryData serverData) {}
}
