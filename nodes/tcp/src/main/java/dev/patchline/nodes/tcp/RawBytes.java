package dev.patchline.nodes.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/** The arguments of {@code sendBytes}: byte arrays, strings and single byte values, concatenated. */
final class RawBytes {
    private RawBytes() {}

    static byte[] concat(Object[] messages, Charset charset) {
        if (messages.length == 1 && messages[0] instanceof byte[] only) {
            return only;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < messages.length; i++) {
            Object m = messages[i];
            if (m instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else if (m instanceof CharSequence text) {
                out.writeBytes(text.toString().getBytes(charset));
            } else if (m instanceof Number number) {
                long v = number.longValue();
                if (v < 0 || v > 255 || number.doubleValue() != v) {
                    throw new IllegalArgumentException(
                            "sendBytes argument " + (i + 1) + " is " + m + "; a number must be a byte value 0-255");
                }
                out.write((int) v);
            } else {
                throw new IllegalArgumentException("sendBytes argument " + (i + 1) + " is a "
                        + (m == null ? "null" : m.getClass().getSimpleName())
                        + "; pass byte arrays, strings or byte values 0-255");
            }
        }
        return out.toByteArray();
    }
}
