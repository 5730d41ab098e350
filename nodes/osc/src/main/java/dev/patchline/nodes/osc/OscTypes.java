package dev.patchline.nodes.osc;

import java.util.Arrays;
import java.util.List;

/** Java values for the OSC argument types that have no natural Java counterpart. */
public final class OscTypes {
    private OscTypes() {}

    /** {@code S}: an alternate string type ("symbol"). */
    public record Symbol(String value) {
        @Override
        public String toString() {
            return value;
        }
    }

    /** {@code r}: a 32-bit RGBA colour. */
    public record Rgba(int value) {
        @Override
        public String toString() {
            return String.format("#%08x", value);
        }
    }

    /** {@code m}: a 4-byte MIDI message (port id, status, data1, data2). */
    public record Midi(byte port, byte status, byte data1, byte data2) {
        @Override
        public String toString() {
            return String.format("midi(%d,%02x,%d,%d)", port, status & 0xff, data1, data2);
        }
    }

    /** {@code t}: an NTP time tag (seconds since 1900 in the high 32 bits, fraction in the low 32). */
    public record TimeTag(long ntp) {
        /** The special time tag meaning "immediately". */
        public static final TimeTag IMMEDIATELY = new TimeTag(1);

        /** {@return the time tag for a Java epoch-millisecond instant} */
        public static TimeTag ofMillis(long epochMillis) {
            long seconds = epochMillis / 1000 + 2_208_988_800L;
            long fraction = ((epochMillis % 1000) << 32) / 1000;
            return new TimeTag(seconds << 32 | fraction);
        }

        /** {@return epoch milliseconds of this time tag} */
        public long toMillis() {
            long seconds = (ntp >>> 32) - 2_208_988_800L;
            long fraction = ntp & 0xffffffffL;
            return seconds * 1000 + ((fraction * 1000 + (1L << 31)) >>> 32); // round to the nearest millisecond
        }

        @Override
        public String toString() {
            return ntp == 1 ? "immediately" : Long.toUnsignedString(ntp);
        }
    }

    /** {@code I}: "infinitum" / impulse, a value without data. */
    public enum Impulse {
        INSTANCE;

        @Override
        public String toString() {
            return "impulse";
        }
    }

    /** {@code N}: nil, a value without data. */
    public enum Nil {
        INSTANCE;

        @Override
        public String toString() {
            return "nil";
        }
    }

    /** {@return a readable rendering of an argument (blobs as hex)} */
    public static String text(Object arg) {
        if (arg instanceof byte[] b) {
            StringBuilder s = new StringBuilder("0x");
            for (byte x : b) s.append(String.format("%02x", x));
            return s.toString();
        }
        if (arg instanceof Float f)
            return f == Math.rint(f) && Math.abs(f) < 1e7 ? Integer.toString(f.intValue()) + ".0" : f.toString();
        if (arg instanceof List<?> l) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) s.append(i == 0 ? "" : " ").append(text(l.get(i)));
            return s.append(']').toString();
        }
        if (arg instanceof Object[] a) return Arrays.toString(a);
        return String.valueOf(arg);
    }
}
