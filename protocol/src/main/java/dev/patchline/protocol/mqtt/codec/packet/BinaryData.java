package dev.patchline.protocol.mqtt.codec.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Immutable MQTT "Binary Data" (a two-byte length followed by at most 65,535 bytes): passwords,
 * will payloads, correlation and authentication data. Unlike a PUBLISH payload it is small and
 * copied, so it needs no release.
 */
public final class BinaryData {

    public static final int MAX_LENGTH = 65_535;
    public static final BinaryData EMPTY = new BinaryData(new byte[0]);

    private final byte[] bytes;

    private BinaryData(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static BinaryData of(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("binary data holds at most 65535 bytes, got " + bytes.length);
        }
        return bytes.length == 0 ? EMPTY : new BinaryData(bytes.clone());
    }

    /** The UTF-8 bytes of {@code text}. */
    public static BinaryData ofUtf8(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@code length} bytes at the reader index of {@code in} and advances it. */
    public static BinaryData read(ByteBuf in, int length) {
        if (length == 0) {
            return EMPTY;
        }
        byte[] b = new byte[length];
        in.readBytes(b);
        return new BinaryData(b);
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Writes the bytes (without a length prefix) to {@code out}. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    public String toUtf8String() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryData b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length <= 32 ? "0x" + HexFormat.of().formatHex(bytes) : bytes.length + " bytes";
    }
}
