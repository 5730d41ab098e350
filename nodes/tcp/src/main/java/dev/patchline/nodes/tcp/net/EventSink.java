package dev.patchline.nodes.tcp.net;

/** Where a link delivers events: a bounded queue that refuses rather than blocks (the operator's inbox). */
@FunctionalInterface
public interface EventSink {
    /** Returns false when full; the link then pauses reading and retries after {@link TcpLink#resume()}. */
    boolean offer(TcpEvent event);
}
