package dev.patchline.nodes.core;

import java.util.Arrays;

/** A growable ring of longs (FIFO with O(1) add at the tail and remove at the head). Not thread-safe. */
public final class LongRing {
    private long[] items = new long[16];
    private int head;
    private int size;

    public void add(long v) {
        if (size == items.length) {
            long[] bigger = new long[items.length * 2];
            for (int i = 0; i < size; i++) bigger[i] = items[(head + i) & (items.length - 1)];
            items = bigger;
            head = 0;
        }
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    public long get(int i) {
        return items[(head + i) & (items.length - 1)];
    }

    /** {@return the index of {@code v} in a ring kept in ascending order, or -1} */
    public int indexOfSorted(long v) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = get(mid);
            if (m < v) lo = mid + 1;
            else if (m > v) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    public void removeHead(int n) {
        head = (head + n) & (items.length - 1);
        size -= n;
    }

    public int size() {
        return size;
    }

    public void clear() {
        head = 0;
        size = 0;
    }

    @Override
    public String toString() {
        long[] a = new long[size];
        for (int i = 0; i < size; i++) a[i] = get(i);
        return Arrays.toString(a);
    }
}
