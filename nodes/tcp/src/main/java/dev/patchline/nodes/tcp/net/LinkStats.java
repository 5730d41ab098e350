package dev.patchline.nodes.tcp.net;

import java.util.concurrent.atomic.LongAdder;

/** Counters updated by event loops and read by the cook thread for the info channels. */
public final class LinkStats {
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder idleClosed = new LongAdder();

    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes handed to the socket (after slow-peer drops). */
    public long bytesOut() {
        return bytesOut.sum();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Messages dropped: outgoing ones for slow peers, and incoming ones longer than the maximum length. */
    public long dropped() {
        return dropped.sum();
    }

    /** Server: connections closed at once because the server already had its maximum number of peers. */
    public long refused() {
        return refused.sum();
    }

    /** Connections closed because nothing was sent or received for the idle timeout. */
    public long idleClosed() {
        return idleClosed.sum();
    }
}
