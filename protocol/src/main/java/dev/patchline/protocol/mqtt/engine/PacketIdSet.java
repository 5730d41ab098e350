package dev.patchline.protocol.mqtt.engine;

import java.util.Arrays;

/**
 * A set of packet identifiers (1..65535) as bits. It grows to the highest identifier seen, so an idle client costs
 * a few words and a busy one at most 8 KiB; unlike {@link java.util.BitSet} a clear never rescans the words, so
 * every operation is O(1) except {@link #nextClear}, which skips 64 identifiers per step.
 */
final class PacketIdSet {

    static final int MAX_ID = 65_535;

    private long[] words = new long[2];
    private int size;

    boolean contains(int id) {
        int w = id >>> 6;
        return w < words.length && (words[w] & (1L << id)) != 0;
    }

    /** Adds {@code id}; returns false when it was present. */
    boolean add(int id) {
        int w = id >>> 6;
        if (w >= words.length) {
            long[] grown = new long[Math.min(1024, Math.max(words.length * 2, w + 1))];
            System.arraycopy(words, 0, grown, 0, words.length);
            words = grown;
        }
        long bit = 1L << id;
        if ((words[w] & bit) != 0) {
            return false;
        }
        words[w] |= bit;
        size++;
        return true;
    }

    /** Removes {@code id}; returns false when it was absent. */
    boolean remove(int id) {
        int w = id >>> 6;
        long bit = 1L << id;
        if (w >= words.length || (words[w] & bit) == 0) {
            return false;
        }
        words[w] &= ~bit;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        Arrays.fill(words, 0L);
        size = 0;
    }

    /** The first identifier at or after {@code from} (wrapping after 65535 to 1) not in the set, or 0 if all are. */
    int nextClear(int from) {
        if (size >= MAX_ID) {
            return 0;
        }
        int id = from < 1 || from > MAX_ID ? 1 : from;
        while (true) {
            int w = id >>> 6;
            if (w >= words.length) {
                return id; // beyond what was ever used
            }
            long free = ~words[w] & (-1L << id); // free bits of this word from id on
            if (free != 0) {
                int candidate = (w << 6) + Long.numberOfTrailingZeros(free);
                if (candidate >= 1 && candidate <= MAX_ID) {
                    return candidate;
                }
            }
            id = (w + 1) << 6;
            if (id > MAX_ID) {
                id = 1;
            }
        }
    }
}
