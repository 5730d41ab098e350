package dev.patchline.bench.tcp;

import java.nio.charset.StandardCharsets;

/** The benchmark's payload: 32-byte lines (31 characters and {@code \n}). */
final class Lines {
    static final int LINE_BYTES = 32;
    static final int LINES_PER_CHUNK = 2048;

    /** Pre-built line texts, cycled by both sides so that neither pays for formatting numbers. */
    static final String[] TEXTS = new String[4096];

    static {
        for (int i = 0; i < TEXTS.length; i++) {
            TEXTS[i] = text(i);
        }
    }

    private Lines() {}

    /** Text of line {@code i} without its terminator: 31 ASCII characters. */
    static String text(long i) {
        String n = Long.toString(i);
        return "line-" + "0".repeat(26 - n.length()) + n;
    }

    /** {@link #LINES_PER_CHUNK} lines, terminated, ready to write to a socket again and again. */
    static byte[] chunk() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LINES_PER_CHUNK; i++) {
            sb.append(text(i)).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != LINES_PER_CHUNK * LINE_BYTES) {
            throw new AssertionError("line length drifted: " + bytes.length);
        }
        return bytes;
    }
}
