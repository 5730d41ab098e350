package dev.patchline.runtime.cook;

import java.util.Arrays;

/**
 * What one evaluation (an expression, a bind, or an operator's cook) read: the nodes, each with its
 * change stamp at that moment, and whether it read the clock. Re-evaluation is needed exactly when a
 * stamp moved on or the clock was read. Cook thread only.
 */
final class Reads {
    NodeRuntime[] nodes = new NodeRuntime[2];
    long[] stamps = new long[2];
    int count;
    boolean time;

    void clear() {
        for (int i = 0; i < count; i++) nodes[i] = null;
        count = 0;
        time = false;
    }

    void add(NodeRuntime n) {
        for (int i = 0; i < count; i++) {
            if (nodes[i] == n) return;
        }
        if (count == nodes.length) {
            nodes = Arrays.copyOf(nodes, count * 2);
            stamps = Arrays.copyOf(stamps, count * 2);
        }
        nodes[count] = n;
        stamps[count] = n.stamp;
        count++;
    }

    /** Re-reads the stamps (after the reader consumed the values). */
    void refresh() {
        for (int i = 0; i < count; i++) stamps[i] = nodes[i].stamp;
    }

    /** {@return whether any node read has changed since} */
    boolean changed() {
        for (int i = 0; i < count; i++) {
            if (nodes[i].stamp != stamps[i]) return true;
        }
        return false;
    }
}
