package dev.patchline.runtime.cook;

import java.util.Arrays;

/**
 * A set of small non-negative ints (topological positions of nodes with pending work) as a bitmap
 * with a size counter, so "is anything pending" is O(1) and a scan skips 64 idle nodes per word.
 * Cook thread only.
 */
final class IndexSet {
    private long[] words = new long[1];
    private int size;

    /** Adds {@code i}; returns whether it was absent. */
    boolean add(int i) {
        int w = i >>> 6;
        if (w >= words.length) words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        long bit = 1L << i;
        if ((words[w] & bit) != 0) return false;
        words[w] |= bit;
        size++;
        return true;
    }

    /** Removes {@code i}; returns whether it was present. */
    boolean remove(int i) {
        int w = i >>> 6;
        if (w >= words.length) return false;
        long bit = 1L << i;
        if ((words[w] & bit) == 0) return false;
        words[w] &= ~bit;
        size--;
        return true;
    }

    boolean contains(int i) {
        int w = i >>> 6;
        return w < words.length && (words[w] & (1L << i)) != 0;
    }

    /** {@return the smallest member >= from, or -1} */
    int next(int from) {
        if (size == 0) return -1;
        int w = from >>> 6;
        if (w >= words.length) return -1;
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) return (w << 6) + Long.numberOfTrailingZeros(word);
            if (++w == words.length) return -1;
            word = words[w];
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(words, 0L);
        size = 0;
    }
}
