package dev.patchline.nodes.tcp.net;

import dev.patchline.protocol.stream.FrameHandler;
import dev.patchline.protocol.stream.FrameTooLongException;
import dev.patchline.protocol.stream.StreamFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection: its identity (remote address and port), its framer, and the hand-over of its messages to the
 * link's {@link EventSink}.
 *
 * <p>Inbound events are produced on the channel's event loop. When the sink refuses one, it and everything after it
 * waits in this connection's backlog (at most what one read produced) and reading stops until
 * {@link TcpLink#resume()} drains the backlog: backpressure reaches the sender through the TCP window.
 *
 * <p>{@link #write} and {@link #close} may be called from any thread; they never block.
 */
public final class TcpConnection extends ChannelInboundHandlerAdapter implements FrameHandler {
    private final TcpLink link;
    private final Channel channel;
    private final StreamFramer framer;
    private final boolean tls;
    // Set when the socket is connected: a client's channel exists before it has a remote address.
    private volatile String address = "?";
    private volatile int port;
    private volatile String hostname = "?";
    private volatile String id = "?";

    // Event-loop state.
    private final ArrayDeque<TcpEvent> backlog = new ArrayDeque<>();
    private volatile boolean announced;
    /** Messages per hand-over at most, so that one event never holds more than this many. */
    static final int MAX_BATCH = 256;

    private String[] batchTexts;
    /** Raw bytes of the decoded batch, one array per message. */
    private byte[][] batchBytes;
    /** Undecoded batch: message bytes back to back, and where each message ends; null after a hand-over. */
    private byte[] batchData;

    private int[] batchEnds;
    private int batchUsed;
    /** Bytes of the last undecoded hand-over, the first size of the next one's array. */
    private int nextBatchBytes = 1024;
    /** An undecoded batch holds at most this many bytes, unless a single message is longer. */
    static final int MAX_BATCH_BYTES = 64 * 1024;
    /** Whether the batch being filled is decoded (texts and raw bytes) rather than undecoded (data and ends). */
    private boolean batchDecoded;

    private int batchCount;
    private volatile String closeReason;
    private volatile long peakPendingBytes;
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();

    TcpConnection(TcpLink link, Channel channel, boolean tls) {
        this.link = link;
        this.channel = channel;
        this.framer = link.config().format().newFramer(channel.alloc());
        this.tls = tls;
    }

    private void identify() {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (remote == null) {
            return;
        }
        address = remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
        port = remote.getPort();
        // getHostString never does a reverse lookup, so it cannot block the event loop.
        hostname = remote.getHostString();
        id = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** Remote IP address as text. */
    public String address() {
        return address;
    }

    /** Remote port. */
    public int port() {
        return port;
    }

    /** Remote host as given or resolved earlier (no reverse DNS lookup). */
    public String hostname() {
        return hostname;
    }

    /** {@code address:port}, as shown in the output table's peer column. */
    public String id() {
        return id;
    }

    /** Whether this connection was made by {@code link} (and not by one it replaced). */
    public boolean belongsTo(TcpLink link) {
        return this.link == link;
    }

    /** Whether the socket is still open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Queues framed bytes for this peer; takes ownership of {@code framed}. Returns false (and releases it) when the
     * connection is closed.
     */
    public boolean write(ByteBuf framed, int messages) {
        if (!channel.isActive()) {
            framed.release();
            return false;
        }
        channel.writeAndFlush(new OutboundBatch(framed, messages), channel.voidPromise());
        return true;
    }

    /** Closes the connection; a Closed event follows. */
    public void close() {
        closeReason("closed locally");
        channel.close();
    }

    void problem(String text) {
        link.problem(text);
    }

    void closeReason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /**
     * The most bytes seen waiting for this peer after the write limit was applied (our queue plus Netty's); shows
     * that a slow peer's buffer stayed bounded.
     */
    public long peakPendingBytes() {
        return peakPendingBytes;
    }

    void recordPending(long bytes) {
        if (bytes > peakPendingBytes) {
            peakPendingBytes = bytes;
        }
    }

    /** The Netty channel, for tests that check socket options. */
    Channel channel() {
        return channel;
    }

    /** Messages waiting in this connection's backlog (approximate from other threads). */
    int backlogSize() {
        return backlog.size();
    }

    // ---------------------------------------------------------------- event loop side

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        identify();
        if (!tls) {
            announce();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            idle(ctx);
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent handshake = (SslHandshakeCompletionEvent) evt;
            if (handshake.isSuccess()) {
                announce();
            } else {
                link.problem("TLS handshake with " + id + " failed: "
                        + handshake.cause().getMessage());
                closeReason("TLS handshake failed: " + handshake.cause().getMessage());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * No traffic either way for the idle timeout: close, unless reading is paused because the consumer is behind
     * (then the silence is ours, not the peer's; the timer fires again later).
     */
    private void idle(ChannelHandlerContext ctx) {
        if (!backlog.isEmpty() || !channel.config().isAutoRead()) {
            return;
        }
        long seconds = link.config().idleTimeout().toSeconds();
        String limit =
                seconds > 0 ? seconds + " s" : link.config().idleTimeout().toMillis() + " ms";
        link.stats().idleClosed.increment();
        closeReason("idle: no traffic for " + limit + " (idletimeout)");
        link.problem("closed the connection " + (link.config().server() ? "from " : "to ") + id + ": no traffic"
                + " either way for " + limit + " (idletimeout)");
        ctx.close();
    }

    private void announce() {
        announced = true;
        link.connectionAnnounced(this);
        deliver(new TcpEvent.Connected(this));
    }

    boolean isAnnounced() {
        return announced;
    }

    /** Event loop only: writes one batch through the pipeline (write limit included). */
    void writeOnLoop(OutboundBatch batch) {
        channel.writeAndFlush(batch, channel.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            link.stats().bytesIn.add(in.readableBytes());
            framer.feed(in, this);
        } finally {
            in.release();
        }
    }

    @Override
    public void onFrame(ByteBuf buffer, int offset, int length) {
        boolean keepRaw = link.keepsRawBytes();
        if (batchCount > 0 && keepRaw != batchDecoded) {
            flushBatch(); // one hand-over carries one kind of batch
        }
        batchDecoded = keepRaw;
        if (keepRaw) {
            decodedFrame(buffer, offset, length);
        } else {
            undecodedFrame(buffer, offset, length);
        }
    }

    /** Someone reads raw bytes (bytes column, onReceive): each message gets its own byte[] and String. */
    private void decodedFrame(ByteBuf buffer, int offset, int length) {
        if (batchTexts == null) {
            // Sized for a whole hand-over at once: growing by doubling would copy the arrays several times per burst.
            batchTexts = new String[MAX_BATCH];
            batchBytes = new byte[MAX_BATCH][];
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        batchTexts[batchCount] = new String(bytes, link.config().charset());
        batchBytes[batchCount] = bytes;
        batchCount++;
        if (batchCount == MAX_BATCH) {
            flushBatch();
        }
    }

    /**
     * Nobody reads raw bytes: the message is appended to the batch's byte array and decoded by the cook thread only
     * if it becomes a visible row. One copy per message on the event loop, no object.
     */
    private void undecodedFrame(ByteBuf buffer, int offset, int length) {
        if (batchData != null && batchUsed + length > batchData.length) {
            if (batchUsed + length <= MAX_BATCH_BYTES) {
                batchData = Arrays.copyOf(
                        batchData, Math.min(MAX_BATCH_BYTES, Math.max(batchUsed + length, batchData.length * 2)));
            } else {
                flushBatch(); // bounded hand-overs: a batch holds at most MAX_BATCH_BYTES unless one message is longer
            }
        }
        if (batchData == null) {
            // The last hand-over's size is the best guess for the next (a steady stream reads alike).
            batchData = new byte[Math.max(length, nextBatchBytes)];
            batchEnds = new int[MAX_BATCH];
        }
        buffer.getBytes(offset, batchData, batchUsed, length);
        batchUsed += length;
        batchEnds[batchCount++] = batchUsed;
        if (batchCount == MAX_BATCH) {
            flushBatch();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushBatch();
        ctx.fireChannelReadComplete();
    }

    /**
     * Hands the messages framed since the last hand-over to the sink as one event: one inbox slot and one wakeup
     * per read burst instead of per message.
     */
    private void flushBatch() {
        if (batchCount == 0) {
            return;
        }
        link.stats().messagesIn.add(batchCount);
        TcpEvent event;
        if (!batchDecoded) {
            event = new TcpEvent.Lines(this, batchData, batchEnds, batchCount);
            nextBatchBytes = Math.min(MAX_BATCH_BYTES, Math.max(256, batchUsed)); // one huge message is no guide
            batchData = null; // handed over with the event
            batchEnds = null;
            batchUsed = 0;
        } else if (batchCount == 1) {
            event = new TcpEvent.Received(this, batchTexts[0], batchBytes[0]);
            batchTexts[0] = null; // the arrays stay for the next burst
            batchBytes[0] = null;
        } else {
            event = new TcpEvent.Messages(this, batchTexts, batchBytes, batchCount);
            batchTexts = null; // handed over with the event
            batchBytes = null;
        }
        batchCount = 0;
        deliver(event);
    }

    @Override
    public void onFrameTooLong(FrameTooLongException error) {
        link.stats().dropped.increment();
        link.problem("from " + id + ": " + error.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        flushBatch();
        framer.close();
        if (announced) {
            String reason = closeReason;
            deliver(new TcpEvent.Closed(this, reason == null ? "closed by peer" : reason));
        }
        link.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and TLS alerts end the connection; the reason travels with the Closed event.
        closeReason(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }

    private void deliver(TcpEvent event) {
        if (backlog.isEmpty() && link.sink().offer(event)) {
            return;
        }
        backlog.add(event);
        if (backlog.size() == 1) {
            // First refusal: stop reading until the consumer has made room; the TCP window does the rest.
            channel.config().setAutoRead(false);
            link.markBacklogged(this);
        }
    }

    /** Called by the link from the consumer's thread: retry the backlog on the event loop. */
    void scheduleResume() {
        if (resumeScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drainBacklog);
        }
    }

    private void drainBacklog() {
        resumeScheduled.set(false);
        while (!backlog.isEmpty()) {
            if (!link.sink().offer(backlog.peek())) {
                return; // still full: stay backlogged, the next resume() retries
            }
            backlog.poll();
        }
        link.backlogCleared(this);
        if (channel.isActive()) {
            channel.config().setAutoRead(true); // triggers a read
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
