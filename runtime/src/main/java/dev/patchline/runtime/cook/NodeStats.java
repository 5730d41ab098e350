package dev.patchline.runtime.cook;

import dev.patchline.runtime.op.NodeState;
import java.util.Map;

/**
 * A snapshot of one node for a live view: state, counters and info channels. Rates come from two
 * snapshots: {@link #cooksPerSecond(NodeStats)}, {@link #rowsPerSecond(NodeStats)}.
 *
 * @param id          node id
 * @param type        operator type id
 * @param state       state after the last cook
 * @param message     state message ("" when OK)
 * @param cookCount   cooks since start
 * @param rowsAdded   DAT rows appended since start (0 for CHOPs)
 * @param drops       the node's {@code dropped} info channel, or 0
 * @param lastError   the last error message ever reported, or ""
 * @param cookNanos   estimated total time spent in cook, in nanoseconds: the mean of the timed cooks times the cook
 *                    count (one cook in 64 is timed, because
 *                    reading the clock can cost more than a small cook)
 * @param atNanos     {@link System#nanoTime()} when the snapshot was taken
 * @param info        info channels
 */
public record NodeStats(
        String id,
        String type,
        NodeState state,
        String message,
        long cookCount,
        long rowsAdded,
        long drops,
        String lastError,
        long cookNanos,
        long atNanos,
        Map<String, Double> info) {

    public NodeStats {
        info = Map.copyOf(info);
    }

    /** {@return cooks per second between {@code earlier} and this snapshot} */
    public double cooksPerSecond(NodeStats earlier) {
        return rate(cookCount - earlier.cookCount, earlier);
    }

    /** {@return DAT rows appended per second between {@code earlier} and this snapshot} */
    public double rowsPerSecond(NodeStats earlier) {
        return rate(rowsAdded - earlier.rowsAdded, earlier);
    }

    private double rate(long delta, NodeStats earlier) {
        long dt = atNanos - earlier.atNanos;
        return dt <= 0 ? 0.0 : delta * 1e9 / dt;
    }
}
