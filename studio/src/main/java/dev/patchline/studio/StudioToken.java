package dev.patchline.studio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret of one studio start: 128 random bits from {@link SecureRandom}, as 32 hex digits. Every HTTP request and
 * WebSocket must present it; comparison takes the same time wherever the first wrong character is, so that timing
 * tells an attacker nothing. Immutable; {@link #toString()} never shows the value.
 */
final class StudioToken {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String value;
    private final byte[] bytes;

    private StudioToken(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@return a new random token} */
    static StudioToken random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new StudioToken(HexFormat.of().formatHex(b));
    }

    /** {@return the token text, for the one URL printed at start} */
    String value() {
        return value;
    }

    /** {@return whether {@code candidate} is the token, compared in constant time; false for null} */
    boolean matches(String candidate) {
        if (candidate == null) return false;
        // MessageDigest.isEqual does not stop at the first difference; a length difference shows only the length.
        return MessageDigest.isEqual(bytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "StudioToken[hidden]";
    }
}
