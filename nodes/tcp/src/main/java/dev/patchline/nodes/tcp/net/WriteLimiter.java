package dev.patchline.nodes.tcp.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;

/**
 * Bounds what waits for one peer. Batches pass to Netty's outbound buffer while it holds less than half the limit;
 * the rest queue here. When queue plus Netty's buffer would exceed the limit the {@link SlowPeerPolicy} applies:
 * drop the oldest queued batches, or close the peer. So the bytes held for one peer never exceed the limit, however
 * fast the graph sends and however slowly the peer reads. Each write that reaches Netty carries a listener that
 * moves the queue on when the socket has taken it.
 */
final class WriteLimiter extends ChannelDuplexHandler {
    private final int limitBytes;
    private final int socketShare;
    private final SlowPeerPolicy policy;
    private final LinkStats stats;
    private final TcpConnection connection;
    private final ArrayDeque<OutboundBatch> queue = new ArrayDeque<>();
    private long queuedBytes;
    // Bytes handed to Netty and not yet written to the socket. Tracked here because Netty completes a write's
    // promise before it lowers its own pending count; writes complete in order, so a ring of sizes suffices.
    private long inSocketBytes;
    private int[] inFlight = new int[16];
    private int inFlightHead;
    private int inFlightCount;
    private ChannelFutureListener drainAgain;

    WriteLimiter(int limitBytes, SlowPeerPolicy policy, LinkStats stats, TcpConnection connection) {
        this.limitBytes = limitBytes;
        this.socketShare = Math.max(1, limitBytes / 2);
        this.policy = policy;
        this.stats = stats;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        drainAgain = future -> {
            if (inFlightCount > 0) {
                inSocketBytes -= inFlight[inFlightHead];
                inFlightHead = (inFlightHead + 1) & (inFlight.length - 1);
                inFlightCount--;
            }
            if (future.isSuccess() && !queue.isEmpty()) {
                drain(ctx);
                ctx.flush();
            }
        };
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof OutboundBatch)) {
            ctx.write(msg, promise);
            return;
        }
        OutboundBatch batch = (OutboundBatch) msg;
        int size = batch.content().readableBytes();
        if (size > limitBytes) {
            // Could never fit; dropping it keeps the bound and the connection.
            stats.dropped.add(batch.messages);
            batch.release();
            connection.problem("dropped " + batch.messages + " message(s) of " + size + " bytes for " + connection.id()
                    + ": larger than the write buffer limit of " + limitBytes + " bytes; raise the limit");
            return;
        }
        queue.add(batch);
        queuedBytes += size;
        drain(ctx);
        enforceLimit(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!queue.isEmpty()) {
            drain(ctx);
            ctx.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueue();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueue();
    }

    private long nettyPending(ChannelHandlerContext ctx) {
        return inSocketBytes;
    }

    private void trackInFlight(int size) {
        if (inFlightCount == inFlight.length) {
            int[] bigger = new int[inFlight.length * 2];
            for (int i = 0; i < inFlightCount; i++) {
                bigger[i] = inFlight[(inFlightHead + i) & (inFlight.length - 1)];
            }
            inFlight = bigger;
            inFlightHead = 0;
        }
        inFlight[(inFlightHead + inFlightCount) & (inFlight.length - 1)] = size;
        inFlightCount++;
        inSocketBytes += size;
    }

    /** Moves queued batches to Netty while its buffer stays within its share (or is empty). */
    private void drain(ChannelHandlerContext ctx) {
        while (!queue.isEmpty()) {
            OutboundBatch next = queue.peek();
            int size = next.content().readableBytes();
            long inSocket = nettyPending(ctx);
            if (inSocket > 0 && inSocket + size > socketShare) {
                return;
            }
            queue.poll();
            queuedBytes -= size;
            stats.bytesOut.add(size);
            trackInFlight(size);
            ChannelPromise written = ctx.newPromise();
            written.addListener(drainAgain);
            ctx.write(next.content(), written);
        }
    }

    private void enforceLimit(ChannelHandlerContext ctx) {
        long pending = queuedBytes + nettyPending(ctx);
        if (pending <= limitBytes) {
            connection.recordPending(pending);
            return;
        }
        if (policy == SlowPeerPolicy.CLOSE) {
            connection.closeReason(
                    "write buffer exceeded " + limitBytes + " bytes (peer reads too slowly; policy:" + " close)");
            releaseQueue();
            ctx.close();
            return;
        }
        while (!queue.isEmpty() && pending > limitBytes) {
            OutboundBatch oldest = queue.poll();
            queuedBytes -= oldest.content().readableBytes();
            stats.dropped.add(oldest.messages);
            oldest.release();
            pending = queuedBytes + nettyPending(ctx);
        }
        connection.recordPending(pending);
    }

    private void releaseQueue() {
        for (OutboundBatch batch; (batch = queue.poll()) != null; ) {
            stats.dropped.add(batch.messages);
            batch.release();
        }
        queuedBytes = 0;
    }
}
