package dev.patchline.bench.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The few MQTT 3.1.1 packets the benchmarks read and write by hand, where a client library would be in the way. */
public final class MqttWire {

    /** Protocol level of MQTT 3.1.1 in CONNECT (MQTT-3.1.2-2). */
    public static final int LEVEL_3_1_1 = 4;
    /** Protocol level of MQTT 5.0 in CONNECT. */
    public static final int LEVEL_5 = 5;

    private MqttWire() {}

    /**
     * Reads the fixed header and body of one packet; returns the body (its first byte type in {@code typeOut[0]}), or
     * null at end of stream.
     */
    public static byte[] readPacket(DataInputStream in, int[] typeOut) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        typeOut[0] = type;
        return body;
    }

    /**
     * The size of the fixed header (type byte plus remaining-length bytes) of the packet at {@code pos}, or -1 when
     * {@code bytes} up to {@code limit} do not hold all of it yet.
     */
    public static int headerLength(byte[] bytes, int pos, int limit) {
        for (int i = pos + 1; i < limit && i <= pos + 4; i++) {
            if ((bytes[i] & 0x80) == 0) {
                return i - pos + 1;
            }
        }
        return -1;
    }

    /** The remaining length of the packet at {@code pos}, whose fixed header {@link #headerLength} found complete. */
    public static int remainingLength(byte[] bytes, int pos) {
        int length = 0;
        int shift = 0;
        int i = pos + 1;
        int digit;
        do {
            digit = bytes[i++] & 0xFF;
            length |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        return length;
    }

    /** A 3.1.1 CONNECT: clean session, keep-alive 60 s, no will or credentials; ids shorter than 100 bytes. */
    public static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 100) {
            throw new IllegalArgumentException(
                    "client id '" + clientId + "' is longer than the 100 bytes a one-byte length allows here");
        }
        byte[] p = new byte[2 + 10 + 2 + id.length];
        p[0] = 0x10;
        p[1] = (byte) (10 + 2 + id.length);
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', LEVEL_3_1_1, 0x02, 0, 60}; // 0x02 = clean session
        System.arraycopy(variable, 0, p, 2, variable.length);
        p[12] = 0;
        p[13] = (byte) id.length;
        System.arraycopy(id, 0, p, 14, id.length);
        return p;
    }

    /** A SUBSCRIBE with packet id 1 and one filter (MQTT-3.8.1-1: fixed-header flags 0010). */
    public static byte[] subscribe(String filter, int qos) {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + 2 + f.length + 1;
        if (remaining > 127) {
            throw new IllegalArgumentException("filter '" + filter + "' is too long for a one-byte remaining length");
        }
        byte[] p = new byte[2 + remaining];
        p[0] = (byte) 0x82;
        p[1] = (byte) remaining;
        p[3] = 1;
        p[5] = (byte) f.length;
        System.arraycopy(f, 0, p, 6, f.length);
        p[6 + f.length] = (byte) qos;
        return p;
    }

    /** Reads the answer to a CONNECT and fails with what the broker said unless it accepted the connection. */
    public static void expectConnAck(DataInputStream in, String clientId) throws IOException {
        int[] type = new int[1];
        byte[] connack = readPacket(in, type);
        if (connack == null || (type[0] & 0xF0) != 0x20 || connack.length < 2 || connack[1] != 0) {
            throw new IOException(clientId + ": broker refused the connection"
                    + (connack != null && connack.length >= 2 ? " (CONNACK return code " + connack[1] + ")" : ""));
        }
    }
}
