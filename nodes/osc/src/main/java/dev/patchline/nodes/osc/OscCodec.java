package dev.patchline.nodes.osc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes OSC 1.0 packets with the OSC 1.1 / common extended types. Big-endian, every
 * field padded to a multiple of 4 bytes. Stateless and thread-safe.
 *
 * <table>
 *   <caption>Type tags and Java values</caption>
 *   <tr><td>i</td><td>Integer</td></tr> <tr><td>f</td><td>Float</td></tr>
 *   <tr><td>s</td><td>String</td></tr> <tr><td>S</td><td>{@link OscTypes.Symbol}</td></tr>
 *   <tr><td>b</td><td>byte[]</td></tr> <tr><td>h</td><td>Long</td></tr>
 *   <tr><td>t</td><td>{@link OscTypes.TimeTag}</td></tr> <tr><td>d</td><td>Double</td></tr>
 *   <tr><td>c</td><td>Character</td></tr> <tr><td>r</td><td>{@link OscTypes.Rgba}</td></tr>
 *   <tr><td>m</td><td>{@link OscTypes.Midi}</td></tr> <tr><td>T / F</td><td>Boolean</td></tr>
 *   <tr><td>N</td><td>{@link OscTypes.Nil}</td></tr> <tr><td>I</td><td>{@link OscTypes.Impulse}</td></tr>
 *   <tr><td>[ ]</td><td>List (an array)</td></tr>
 * </table>
 */
public final class OscCodec {
    private static final byte[] BUNDLE = "#bundle\0".getBytes(StandardCharsets.US_ASCII);
    /** Deepest bundle or array nesting accepted, so hostile packets cannot exhaust the stack. */
    private static final int MAX_DEPTH = 16;

    private OscCodec() {}

    // ------------------------------------------------------------------ building

    /** {@return a message whose type tags are inferred from the Java types of {@code args}} */
    public static OscPacket.Message message(String address, Object... args) {
        StringBuilder types = new StringBuilder();
        List<Object> list = new ArrayList<>();
        for (Object a : args) {
            appendTag(types, a);
            list.add(a == null ? OscTypes.Nil.INSTANCE : a);
        }
        return new OscPacket.Message(address, types.toString(), list);
    }

    private static void appendTag(StringBuilder types, Object a) {
        if (a instanceof List<?> l) {
            types.append('[');
            for (Object x : l) appendTag(types, x);
            types.append(']');
            return;
        }
        types.append(tagOf(a));
    }

    /** {@return the type tag for a Java value} @throws IllegalArgumentException for unsupported types */
    public static char tagOf(Object a) {
        if (a == null || a instanceof OscTypes.Nil) return 'N';
        if (a instanceof Integer || a instanceof Short || a instanceof Byte) return 'i';
        if (a instanceof Float) return 'f';
        if (a instanceof String) return 's';
        if (a instanceof OscTypes.Symbol) return 'S';
        if (a instanceof byte[]) return 'b';
        if (a instanceof Long) return 'h';
        if (a instanceof OscTypes.TimeTag) return 't';
        if (a instanceof Double) return 'd';
        if (a instanceof Character) return 'c';
        if (a instanceof OscTypes.Rgba) return 'r';
        if (a instanceof OscTypes.Midi) return 'm';
        if (a instanceof Boolean b) return b ? 'T' : 'F';
        if (a instanceof OscTypes.Impulse) return 'I';
        throw new IllegalArgumentException("OSC has no type for " + a.getClass().getSimpleName() + " value " + a);
    }

    // ------------------------------------------------------------------ encoding

    /** {@return the packet's bytes} @throws IllegalArgumentException when an argument does not match its type tag */
    public static byte[] encode(OscPacket packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        write(out, packet);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, OscPacket packet) {
        if (packet instanceof OscPacket.Bundle b) {
            out.writeBytes(BUNDLE);
            writeLong(out, b.timeTag().ntp());
            for (OscPacket e : b.elements()) {
                byte[] inner = encode(e);
                writeInt(out, inner.length);
                out.writeBytes(inner);
            }
            return;
        }
        OscPacket.Message m = (OscPacket.Message) packet;
        if (!m.address().startsWith("/"))
            throw new IllegalArgumentException("OSC address '" + m.address() + "' must start with /");
        writeString(out, m.address());
        writeString(out, "," + m.types());
        int[] pos = {0};
        writeArgs(out, m.types(), pos, m.args(), m.address());
        if (pos[0] != m.types().length())
            throw new IllegalArgumentException(
                    "type tags '" + m.types() + "' do not match the arguments of " + m.address());
    }

    private static void writeArgs(
            ByteArrayOutputStream out, String types, int[] pos, List<Object> args, String address) {
        for (Object a : args) {
            if (pos[0] >= types.length())
                throw new IllegalArgumentException("more arguments than type tags '" + types + "' in " + address);
            char t = types.charAt(pos[0]++);
            if (t == '[') {
                if (!(a instanceof List<?> l))
                    throw new IllegalArgumentException("type tag [ in " + address + " needs a List argument");
                @SuppressWarnings("unchecked")
                List<Object> inner = (List<Object>) l;
                writeArgs(out, types, pos, inner, address);
                if (pos[0] >= types.length() || types.charAt(pos[0]) != ']')
                    throw new IllegalArgumentException("array in " + address + " is not closed with ]");
                pos[0]++;
                continue;
            }
            try {
                switch (t) {
                    case 'i' -> writeInt(out, ((Number) a).intValue());
                    case 'f' -> writeInt(out, Float.floatToIntBits(((Number) a).floatValue()));
                    case 's', 'S' -> writeString(out, a.toString());
                    case 'b' -> {
                        byte[] b = (byte[]) a;
                        writeInt(out, b.length);
                        out.writeBytes(b);
                        pad(out, b.length);
                    }
                    case 'h' -> writeLong(out, ((Number) a).longValue());
                    case 't' -> writeLong(out, ((OscTypes.TimeTag) a).ntp());
                    case 'd' -> writeLong(out, Double.doubleToLongBits(((Number) a).doubleValue()));
                    case 'c' -> writeInt(out, (Character) a);
                    case 'r' -> writeInt(out, ((OscTypes.Rgba) a).value());
                    case 'm' -> {
                        OscTypes.Midi m = (OscTypes.Midi) a;
                        out.write(m.port());
                        out.write(m.status());
                        out.write(m.data1());
                        out.write(m.data2());
                    }
                    case 'T', 'F', 'N', 'I' -> {}
                    default -> throw new IllegalArgumentException("unknown OSC type tag '" + t + "' in " + address);
                }
            } catch (ClassCastException e) {
                throw new IllegalArgumentException(
                        "argument " + a + " of " + address + " does not fit type tag '" + t + "'");
            }
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(b);
        out.write(0);
        pad(out, b.length + 1);
    }

    private static void pad(ByteArrayOutputStream out, int written) {
        for (int i = written; (i & 3) != 0; i++) out.write(0);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        writeInt(out, (int) (v >>> 32));
        writeInt(out, (int) v);
    }

    // ------------------------------------------------------------------ decoding

    /** {@return the packet in {@code data[0..length)}} @throws OscFormatException naming the problem and its offset */
    public static OscPacket decode(byte[] data, int length) {
        ByteBuffer buf = ByteBuffer.wrap(data, 0, length);
        OscPacket p = read(buf, 0);
        return p;
    }

    private static OscPacket read(ByteBuffer buf, int depth) {
        if (depth > MAX_DEPTH)
            throw new OscFormatException("bundles nested deeper than " + MAX_DEPTH + " at byte " + buf.position());
        if (buf.remaining() == 0) throw new OscFormatException("empty packet at byte " + buf.position());
        if (buf.remaining() % 4 != 0)
            throw new OscFormatException(
                    "packet size " + buf.remaining() + " at byte " + buf.position() + " is not a multiple of 4");
        byte first = buf.get(buf.position());
        if (first == '#') return readBundle(buf, depth);
        if (first != '/')
            throw new OscFormatException("packet at byte " + buf.position() + " starts with neither '/' nor '#bundle'");
        String address = readString(buf, "address");
        if (!buf.hasRemaining())
            return new OscPacket.Message(address, "", List.of()); // OSC 1.0 allows a missing type tag string
        int tagAt = buf.position();
        String tags = readString(buf, "type tags");
        if (!tags.startsWith(","))
            throw new OscFormatException("type tag string at byte " + tagAt + " does not start with ','");
        String types = tags.substring(1);
        int[] pos = {0};
        List<Object> args = readArgs(buf, types, pos, address, 0);
        return new OscPacket.Message(address, types, args);
    }

    private static List<Object> readArgs(ByteBuffer buf, String types, int[] pos, String address, int depth) {
        if (depth > MAX_DEPTH)
            throw new OscFormatException("arrays nested deeper than " + MAX_DEPTH + " in " + address);
        List<Object> args = new ArrayList<>();
        while (pos[0] < types.length()) {
            char t = types.charAt(pos[0]++);
            if (t == ']') {
                if (depth == 0) throw new OscFormatException("']' without '[' in type tags of " + address);
                return args;
            }
            int at = buf.position();
            switch (t) {
                case '[' -> args.add(readArgs(buf, types, pos, address, depth + 1));
                case 'i' -> args.add(need(buf, 4, t, at, address).getInt());
                case 'f' -> args.add(need(buf, 4, t, at, address).getFloat());
                case 's' -> args.add(readString(buf, "string argument of " + address));
                case 'S' -> args.add(new OscTypes.Symbol(readString(buf, "symbol argument of " + address)));
                case 'b' -> {
                    int n = need(buf, 4, t, at, address).getInt();
                    if (n < 0 || n > buf.remaining())
                        throw new OscFormatException(
                                "blob of " + n + " bytes at byte " + at + " of " + address + " exceeds the packet");
                    byte[] b = new byte[n];
                    buf.get(b);
                    skipPad(buf, n);
                    args.add(b);
                }
                case 'h' -> args.add(need(buf, 8, t, at, address).getLong());
                case 't' ->
                    args.add(new OscTypes.TimeTag(need(buf, 8, t, at, address).getLong()));
                case 'd' -> args.add(need(buf, 8, t, at, address).getDouble());
                case 'c' -> args.add((char) need(buf, 4, t, at, address).getInt());
                case 'r' ->
                    args.add(new OscTypes.Rgba(need(buf, 4, t, at, address).getInt()));
                case 'm' -> {
                    need(buf, 4, t, at, address);
                    args.add(new OscTypes.Midi(buf.get(), buf.get(), buf.get(), buf.get()));
                }
                case 'T' -> args.add(Boolean.TRUE);
                case 'F' -> args.add(Boolean.FALSE);
                case 'N' -> args.add(OscTypes.Nil.INSTANCE);
                case 'I' -> args.add(OscTypes.Impulse.INSTANCE);
                default -> throw new OscFormatException("unknown type tag '" + t + "' in " + address);
            }
        }
        if (depth > 0) throw new OscFormatException("'[' without ']' in type tags of " + address);
        return args;
    }

    private static ByteBuffer need(ByteBuffer buf, int n, char t, int at, String address) {
        if (buf.remaining() < n)
            throw new OscFormatException("argument '" + t + "' of " + address + " at byte " + at + " needs " + n
                    + " bytes, " + buf.remaining() + " left");
        return buf;
    }

    private static OscPacket readBundle(ByteBuffer buf, int depth) {
        int at = buf.position();
        if (buf.remaining() < 16)
            throw new OscFormatException("bundle at byte " + at + " is shorter than its 16-byte header");
        byte[] head = new byte[8];
        buf.get(head);
        if (!Arrays.equals(head, BUNDLE))
            throw new OscFormatException("packet at byte " + at + " starts with '#' but not '#bundle'");
        OscTypes.TimeTag tag = new OscTypes.TimeTag(buf.getLong());
        List<OscPacket> elements = new ArrayList<>();
        while (buf.hasRemaining()) {
            int sizeAt = buf.position();
            if (buf.remaining() < 4)
                throw new OscFormatException("bundle element size at byte " + sizeAt + " is cut off");
            int size = buf.getInt();
            if (size <= 0 || size > buf.remaining())
                throw new OscFormatException(
                        "bundle element of " + size + " bytes at byte " + sizeAt + " exceeds the bundle");
            ByteBuffer inner = buf.slice(buf.position(), size);
            elements.add(readAt(inner, depth + 1, buf.position()));
            buf.position(buf.position() + size);
        }
        return new OscPacket.Bundle(tag, elements);
    }

    private static OscPacket readAt(ByteBuffer inner, int depth, int offset) {
        try {
            return read(inner, depth);
        } catch (OscFormatException e) {
            throw new OscFormatException(e.getMessage() + " (in the bundle element at byte " + offset + ")");
        }
    }

    private static String readString(ByteBuffer buf, String what) {
        int start = buf.position();
        int end = start;
        while (end < buf.limit() && buf.get(end) != 0) end++;
        if (end >= buf.limit())
            throw new OscFormatException(what + " at byte " + start + " has no terminating zero byte");
        String s = new String(buf.array(), buf.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        int next = (end + 4) & ~3;
        if (next > buf.limit()) throw new OscFormatException(what + " at byte " + start + " is not padded to 4 bytes");
        buf.position(next);
        return s;
    }

    private static void skipPad(ByteBuffer buf, int n) {
        int pad = (4 - (n & 3)) & 3;
        if (buf.remaining() < pad)
            throw new OscFormatException("blob padding at byte " + buf.position() + " is cut off");
        buf.position(buf.position() + pad);
    }
}
