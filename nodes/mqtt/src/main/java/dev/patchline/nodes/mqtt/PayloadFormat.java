package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.param.MenuLabel;

/** How the {@code payload} column shows a message's bytes (the {@code format} parameter). */
public enum PayloadFormat {
    /** UTF-8 text when the bytes are valid UTF-8 (or MQTT 5 says they are), else base64. */
    @MenuLabel("Auto")
    AUTO,
    /** UTF-8 text; invalid sequences become U+FFFD. */
    @MenuLabel("String")
    STRING,
    /** Compact JSON text; a payload that is not JSON leaves the cell empty and counts in {@code json_errors}. */
    @MenuLabel("JSON")
    JSON,
    /** Base64 (RFC 4648) of the bytes. */
    @MenuLabel("Base64")
    BASE64,
    /** Lowercase hexadecimal, two digits per byte. */
    @MenuLabel("Bytes (hex)")
    BYTES;
}
