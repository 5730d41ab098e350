package dev.patchline.nodes.tcp.net;

import java.util.ArrayDeque;

/**
 * What a client was asked to send while it had no connection (connecting, or waiting to reconnect), kept in order
 * until the next connection is up. Bounded by the same byte limit as a peer's write buffer: beyond it the oldest
 * batches are dropped and counted, whatever the slow-peer policy (with no connection there is nothing to close).
 * Confined to the client's event loop.
 */
final class PendingSends {
    private final int limitBytes;
    private final LinkStats stats;
    private final ArrayDeque<OutboundBatch> queue = new ArrayDeque<>();
    private long bytes;
    private volatile int messages;

    PendingSends(int limitBytes, LinkStats stats) {
        this.limitBytes = limitBytes;
        this.stats = stats;
    }

    /** Queues {@code batch} (taking ownership), dropping the oldest batches while the total exceeds the limit. */
    void add(OutboundBatch batch) {
        int size = batch.content().readableBytes();
        if (size > limitBytes) {
            stats.dropped.add(batch.messages);
            batch.release();
            return;
        }
        queue.add(batch);
        bytes += size;
        messages += batch.messages;
        while (bytes > limitBytes) {
            OutboundBatch oldest = queue.poll();
            bytes -= oldest.content().readableBytes();
            messages -= oldest.messages;
            stats.dropped.add(oldest.messages);
            oldest.release();
        }
    }

    /** Removes and returns the oldest batch, or null. */
    OutboundBatch poll() {
        OutboundBatch batch = queue.poll();
        if (batch != null) {
            bytes -= batch.content().readableBytes();
            messages -= batch.messages;
        }
        return batch;
    }

    /** Messages waiting (readable from any thread). */
    int messages() {
        return messages;
    }

    /** Drops everything (the link closes); dropped messages are counted. */
    void clear() {
        for (OutboundBatch batch; (batch = poll()) != null; ) {
            stats.dropped.add(batch.messages);
            batch.release();
        }
    }
}
