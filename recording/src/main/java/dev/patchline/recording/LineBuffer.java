package dev.patchline.recording;

import java.util.Arrays;

/**
 * A growable byte array that a record is written into as JSON before it goes to the file in one write: JSON strings
 * escaped as RFC 8259 asks, numbers, and base64 (RFC 4648, with padding) written straight from the source bytes.
 * Reused from record to record, so writing allocates nothing once the buffer is as large as the largest record.
 */
final class LineBuffer {
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Digits of Long.MIN_VALUE plus its sign. */
    private static final int MAX_LONG_CHARS = 20;

    private byte[] bytes;
    private int length;

    LineBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void clear() {
        length = 0;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    LineBuffer ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) bytes[length++] = (byte) text.charAt(i);
        return this;
    }

    LineBuffer bool(boolean value) {
        return ascii(value ? "true" : "false");
    }

    LineBuffer number(long value) {
        ensure(MAX_LONG_CHARS);
        if (value == Long.MIN_VALUE) return ascii("-9223372036854775808");
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        return this;
    }

    /** A JSON string: quotes, escapes for {@code "}, {@code \} and control characters, the rest as UTF-8. */
    LineBuffer string(String text) {
        int n = text.length();
        ensure(n * 6 + 2); // the longest form of a char is \\u00XX; a surrogate pair takes 4 bytes for 2 chars
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') bytes[length++] = '\\';
                bytes[length++] = (byte) c;
            } else if (c < 0x20) {
                escape(c);
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xC0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                bytes[length++] = (byte) (0xF0 | (cp >> 18));
                bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                escape(c); // a lone surrogate has no UTF-8 form; JSON can still carry it
            } else {
                bytes[length++] = (byte) (0xE0 | (c >> 12));
                bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        bytes[length++] = '"';
        return this;
    }

    private void escape(char c) {
        bytes[length++] = '\\';
        bytes[length++] = 'u';
        bytes[length++] = HEX[(c >> 12) & 0xF];
        bytes[length++] = HEX[(c >> 8) & 0xF];
        bytes[length++] = HEX[(c >> 4) & 0xF];
        bytes[length++] = HEX[c & 0xF];
    }

    /** {@code src[offset, offset+count)} as a quoted base64 string. */
    LineBuffer base64(byte[] src, int offset, int count) {
        ensure((count + 2) / 3 * 4 + 2);
        bytes[length++] = '"';
        int end = offset + count;
        int i = offset;
        for (; i + 3 <= end; i += 3) {
            int v = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            bytes[length++] = BASE64[v >>> 18];
            bytes[length++] = BASE64[(v >>> 12) & 0x3F];
            bytes[length++] = BASE64[(v >>> 6) & 0x3F];
            bytes[length++] = BASE64[v & 0x3F];
        }
        int rest = end - i;
        if (rest > 0) {
            int v = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            bytes[length++] = BASE64[v >>> 18];
            bytes[length++] = BASE64[(v >>> 12) & 0x3F];
            bytes[length++] = rest == 2 ? BASE64[(v >>> 6) & 0x3F] : (byte) '=';
            bytes[length++] = '=';
        }
        bytes[length++] = '"';
        return this;
    }

    private void ensure(int more) {
        long needed = (long) length + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("a record of " + needed + " bytes");
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, bytes.length * 2L)));
        }
    }
}
