package dev.patchline.protocol.mqtt.codec;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import io.netty.buffer.ByteBuf;

/**
 * Reads MQTT data types (MQTT 5 section 1.5) from a buffer whose readable bytes are exactly the rest
 * of the current packet: every read first checks that the packet still holds enough bytes, so a
 * length that lies becomes a {@link MqttDecodeException}, never an {@link IndexOutOfBoundsException}.
 * Field names are constants and messages are built only when a read fails: the decode path
 * allocates no text.
 */
final class Wire {

    static final int MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

    private Wire() {}

    static void need(ByteBuf in, int bytes, String field) throws MqttDecodeException {
        if (in.readableBytes() < bytes) {
            throw MqttDecodeException.malformed(
                    null,
                    field + " needs " + bytes + " byte(s) but the packet has only " + in.readableBytes()
                            + " left; the remaining length or a field length is wrong");
        }
    }

    static int readByte(ByteBuf in, String field) throws MqttDecodeException {
        need(in, 1, field);
        return in.readUnsignedByte();
    }

    static int readTwoByteInt(ByteBuf in, String field) throws MqttDecodeException {
        need(in, 2, field);
        return in.readUnsignedShort();
    }

    static long readFourByteInt(ByteBuf in, String field) throws MqttDecodeException {
        need(in, 4, field);
        return in.readUnsignedInt();
    }

    /** MQTT-2.2.1-3 / MQTT-2.2.1-4: packet identifiers are non-zero. */
    static int readPacketId(ByteBuf in, String packet) throws MqttDecodeException {
        if (in.readableBytes() < 2) {
            throw MqttDecodeException.malformed(
                    null, packet + " ends before its packet identifier; the remaining length is wrong");
        }
        int id = in.readUnsignedShort();
        if (id == 0) {
            throw MqttDecodeException.protocolError(
                    "MQTT-2.2.1-3", packet + " has packet identifier 0; it must be non-zero");
        }
        return id;
    }

    static String readString(ByteBuf in, String field) throws MqttDecodeException {
        int len = readTwoByteInt(in, field);
        need(in, len, field);
        String s = Utf8.decode(in, in.readerIndex(), len, field, "MQTT-1.5.4-1");
        in.skipBytes(len);
        return s;
    }

    static BinaryData readBinary(ByteBuf in, String field) throws MqttDecodeException {
        int len = readTwoByteInt(in, field);
        need(in, len, field);
        return BinaryData.read(in, len);
    }

    /** A variable byte integer in minimal form (MQTT-1.5.5-1). */
    static int readVariableByteInteger(ByteBuf in, String field) throws MqttDecodeException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = readByte(in, field);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw MqttDecodeException.malformed(
                            "MQTT-1.5.5-1", field + " is not encoded in the minimum number of bytes");
                }
                return value;
            }
        }
        throw MqttDecodeException.malformed(null, field + " is a variable byte integer longer than 4 bytes");
    }

    static int variableByteIntegerSize(int value) {
        if (value < 128) {
            return 1;
        } else if (value < 16_384) {
            return 2;
        } else if (value < 2_097_152) {
            return 3;
        }
        return 4;
    }

    static void writeVariableByteInteger(ByteBuf out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    static void requireEnd(ByteBuf in, String packet) throws MqttDecodeException {
        if (in.isReadable()) {
            throw MqttDecodeException.malformed(
                    null,
                    packet + " has " + in.readableBytes()
                            + " unexpected byte(s) after its last field; the remaining length is wrong");
        }
    }
}
