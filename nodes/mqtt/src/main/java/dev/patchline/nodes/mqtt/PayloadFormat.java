package dev.patchline.nodes.mqtt;

import dev.patchline.runtime.param.MenuChoice;

/** How the {@code payload} column shows a message's bytes (the {@code format} parameter). */
public enum PayloadFormat implements MenuChoice {
    /** UTF-8 text when the bytes are valid UTF-8 (or MQTT 5 says they are), else base64. */
    AUTO("auto", "Auto"),
    /** UTF-8 text; invalid sequences become U+FFFD. */
    STRING("string", "String"),
    /** Compact JSON text; a payload that is not JSON leaves the cell empty and counts in {@code json_errors}. */
    JSON("json", "JSON"),
    /** Base64 (RFC 4648) of the bytes. */
    BASE64("base64", "Base64"),
    /** Lowercase hexadecimal, two digits per byte. */
    BYTES("bytes", "Bytes (hex)");

    private final String menuName;
    private final String menuLabel;

    PayloadFormat(String menuName, String menuLabel) {
        this.menuName = menuName;
        this.menuLabel = menuLabel;
    }

    @Override
    public String menuName() {
        return menuName;
    }

    @Override
    public String menuLabel() {
        return menuLabel;
    }
}
