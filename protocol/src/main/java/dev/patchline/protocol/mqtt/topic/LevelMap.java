package dev.patchline.protocol.mqtt.topic;

import java.util.Arrays;

/**
 * An open-addressing hash map from topic level to child node that is looked up by a region of a larger string, so
 * that matching a topic never cuts it into substrings.
 *
 * <p>The hash of a region equals {@link String#hashCode()} of the same characters, so stored keys use their cached
 * hash. Linear probing with backward-shift deletion keeps lookups short without tombstones.
 */
final class LevelMap<N> {
    private static final int INITIAL_CAPACITY = 2;

    private String[] keys = new String[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    N get(String text, int start, int end) {
        if (size == 0) {
            return null;
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        int mask = keys.length - 1;
        int length = end - start;
        for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (key.length() == length && key.hashCode() == h && key.regionMatches(0, text, start, length)) {
                return (N) values[slot];
            }
        }
    }

    void put(String key, N value) {
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int slot = spread(key.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == null) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return;
            }
            if (keys[slot].equals(key)) {
                values[slot] = value;
                return;
            }
        }
    }

    void remove(String key) {
        int mask = keys.length - 1;
        int slot = spread(key.hashCode()) & mask;
        while (keys[slot] != null && !keys[slot].equals(key)) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == null) {
            return;
        }
        size--;
        // Backward-shift deletion: pull later entries of the same probe run into the hole.
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = spread(keys[next].hashCode()) & mask;
            boolean homeBeforeOrAtHole = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (homeBeforeOrAtHole) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[hole] = null;
        values[hole] = null;
    }

    void clear() {
        keys = new String[INITIAL_CAPACITY];
        values = new Object[INITIAL_CAPACITY];
        size = 0;
    }

    private void resize(int capacity) {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new String[capacity];
        values = new Object[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = spread(oldKeys[i].hashCode()) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
        Arrays.fill(oldValues, null);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
