package dev.patchline.protocol.mqtt.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * MQTT "UTF-8 Encoded String" rules (MQTT 5 section 1.5.4): well-formed UTF-8 per RFC 3629 with no
 * surrogate code points (MQTT-1.5.4-1) and no U+0000 (MQTT-1.5.4-2). A BOM is kept as U+FEFF
 * (MQTT-1.5.4-3). Decoding reads straight from the buffer; pure ASCII takes a fast path.
 */
final class Utf8 {

    /** Stops at U+0000 and at any non-ASCII byte (both are negative or zero as signed bytes). */
    private static final ByteProcessor PLAIN_ASCII = value -> value > 0;

    /** Like {@link #PLAIN_ASCII}, and also stops at the wildcards '+' and '#'. */
    private static final ByteProcessor PLAIN_ASCII_NO_WILDCARD = value -> value > 0 && value != '+' && value != '#';

    private Utf8() {}

    /**
     * Decodes {@code length} bytes at {@code index} as an MQTT UTF-8 string.
     *
     * @param field names the field in error messages
     * @return the string, never {@code null}
     */
    static String decode(ByteBuf in, int index, int length, String field, String normativeId)
            throws MqttDecodeException {
        if (length == 0) {
            return "";
        }
        int stop = in.forEachByte(index, length, PLAIN_ASCII);
        if (stop < 0) {
            return in.toString(index, length, StandardCharsets.US_ASCII);
        }
        validate(in, stop, index + length, field, normativeId);
        return in.toString(index, length, StandardCharsets.UTF_8);
    }

    /**
     * Decodes a topic name: an MQTT UTF-8 string without the wildcards '+' and '#' (MQTT-3.3.2-2).
     * Returns {@code null} when the name contains a wildcard, so that the caller can pick the
     * reason code.
     */
    static String decodeTopicName(ByteBuf in, int index, int length, String field) throws MqttDecodeException {
        if (length == 0) {
            return "";
        }
        int stop = in.forEachByte(index, length, PLAIN_ASCII_NO_WILDCARD);
        if (stop < 0) {
            return in.toString(index, length, StandardCharsets.US_ASCII);
        }
        byte b = in.getByte(stop);
        if (b == '+' || b == '#') {
            return null;
        }
        validate(in, stop, index + length, field, "MQTT-1.5.4-1");
        // Past the first non-ASCII byte wildcards can still follow; UTF-8 never hides '+' or '#'
        // inside a multi-byte sequence, so a byte search is exact.
        if (in.indexOf(stop, index + length, (byte) '+') >= 0 || in.indexOf(stop, index + length, (byte) '#') >= 0) {
            return null;
        }
        return in.toString(index, length, StandardCharsets.UTF_8);
    }

    /** Checks bytes {@code [from, to)} for well-formed UTF-8 without surrogates or U+0000. */
    private static void validate(ByteBuf in, int from, int to, String field, String normativeId)
            throws MqttDecodeException {
        int i = from;
        while (i < to) {
            int b = in.getByte(i) & 0xFF;
            if (b < 0x80) {
                if (b == 0) {
                    throw MqttDecodeException.malformed(
                            "MQTT-1.5.4-2", field + " contains U+0000 at byte " + (i - from));
                }
                i++;
                continue;
            }
            int extra;
            int min2;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
                min2 = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
                min2 = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                if (b == 0xED) {
                    max2 = 0x9F; // ED A0..BF encodes U+D800..U+DFFF, the surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
                min2 = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                if (b == 0xF4) {
                    max2 = 0x8F; // beyond U+10FFFF
                }
            } else {
                throw MqttDecodeException.malformed(
                        normativeId,
                        field + " is not well-formed UTF-8: byte 0x" + Integer.toHexString(b)
                                + " cannot start a character");
            }
            if (i + extra >= to) {
                throw MqttDecodeException.malformed(
                        normativeId, field + " is not well-formed UTF-8: truncated character at the end");
            }
            int b2 = in.getByte(i + 1) & 0xFF;
            if (b2 < min2 || b2 > max2) {
                throw MqttDecodeException.malformed(
                        normativeId,
                        field + " is not well-formed UTF-8"
                                + (b == 0xED && b2 >= 0xA0 ? " (it encodes a surrogate)" : "") + ": bad byte 0x"
                                + Integer.toHexString(b2) + " after 0x" + Integer.toHexString(b));
            }
            for (int k = 2; k <= extra; k++) {
                int bk = in.getByte(i + k) & 0xFF;
                if ((bk & 0xC0) != 0x80) {
                    throw MqttDecodeException.malformed(
                            normativeId,
                            field + " is not well-formed UTF-8: 0x" + Integer.toHexString(bk)
                                    + " is not a continuation byte");
                }
            }
            i += extra + 1;
        }
    }

    /**
     * The UTF-8 length of {@code s}, checking the MQTT rules a sender must keep (MQTT-1.5.4-1,
     * MQTT-1.5.4-2) and the 65,535-byte limit.
     */
    static int encodedLength(String s, String field) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw new MqttEncodeException("MQTT-1.5.4-2", field + " contains U+0000 at index " + i);
                }
            } else if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // 4 bytes for 2 chars
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MqttEncodeException("MQTT-1.5.4-1", field + " contains an unpaired surrogate at index " + i);
            } else {
                bytes += 2;
            }
        }
        if (bytes > 65_535) {
            throw new MqttEncodeException(
                    "MQTT-1.5.4-1", field + " is " + bytes + " bytes in UTF-8; the limit is 65535");
        }
        return bytes;
    }

    /** Writes a two-byte length and the UTF-8 bytes of a string already checked by {@link #encodedLength}. */
    static void write(ByteBuf out, String s, int encodedLength) {
        out.writeShort(encodedLength);
        if (encodedLength == s.length()) {
            ByteBufUtil.writeAscii(out, s);
        } else {
            ByteBufUtil.reserveAndWriteUtf8(out, s, encodedLength);
        }
    }
}
