package dev.patchline.nodes.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Turns parameter text such as {@code \r\n}, {@code \0} or {@code \x04} into bytes. */
final class Escapes {
    private Escapes() {}

    /**
     * @throws IllegalArgumentException naming the bad escape and its position
     */
    static byte[] unescape(String text, String parameter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(utf8);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw bad(parameter, text, i, "ends with a lone backslash; write \\\\ for a backslash");
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    int value = hex(text, i + 1, parameter);
                    out.write(value);
                    i += 2;
                }
                default ->
                    throw bad(
                            parameter,
                            text,
                            i - 1,
                            "has the unknown escape \\" + e + "; use \\n, \\r, \\t, \\0, \\\\ or \\xHH");
            }
        }
        return out.toByteArray();
    }

    private static int hex(String text, int at, String parameter) {
        if (at + 2 > text.length()) {
            throw bad(parameter, text, at - 2, "has \\x without two hex digits; write e.g. \\x04");
        }
        int hi = Character.digit(text.charAt(at), 16);
        int lo = Character.digit(text.charAt(at + 1), 16);
        if (hi < 0 || lo < 0) {
            throw bad(parameter, text, at - 2, "has \\x without two hex digits; write e.g. \\x04");
        }
        return hi * 16 + lo;
    }

    private static IllegalArgumentException bad(String parameter, String text, int index, String what) {
        return new IllegalArgumentException(
                "parameter '" + parameter + "' value \"" + text + "\" " + what + " (at character " + index + ")");
    }
}
