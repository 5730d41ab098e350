package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.TcpConnection;
import dev.patchline.nodes.tcp.net.TcpLink;
import dev.patchline.protocol.stream.FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Cook-thread side of sending. Messages for all peers are framed once into one buffer and handed to every peer
 * when the cook ends (one write per peer per cook, whatever the message count). A message for one peer first
 * seals the pending broadcast, so each peer receives everything in the order it was sent.
 *
 * <p>A client hands its broadcasts to the link instead of to its peers: the link sends them on the connection that
 * is up, or queues them (bounded) while it is connecting or reconnecting, and flushes them in order on connect.
 */
final class Outbound {
    private final FrameEncoder encoder;
    private final Charset charset;
    private final ByteBufAllocator allocator;
    private final List<TcpPeer> peers;
    private final Runnable wakeup;
    /** The client link that queues sends while not connected; null for a server, whose sends go to its peers. */
    private final TcpLink client;

    private ByteBuf broadcast;
    private int broadcastMessages;

    Outbound(
            FrameEncoder encoder,
            Charset charset,
            ByteBufAllocator allocator,
            List<TcpPeer> peers,
            Runnable wakeup,
            TcpLink client) {
        this.client = client;
        this.encoder = encoder;
        this.charset = charset;
        this.allocator = allocator;
        this.peers = peers;
        this.wakeup = wakeup;
    }

    /**
     * Queues framed text for every peer; returns the bytes per peer, 0 when a server has nobody connected (a client
     * keeps it for its next connection).
     */
    int broadcastText(CharSequence text, byte[] terminator) {
        if (client == null && peers.isEmpty()) {
            return 0;
        }
        int n = encoder.writeText(broadcastBuffer(), text, charset, terminator);
        broadcastMessages++;
        return n;
    }

    /** Queues raw bytes (no framing) for every peer. */
    int broadcastRaw(byte[] bytes) {
        if (client == null && peers.isEmpty()) {
            return 0;
        }
        broadcastBuffer().writeBytes(bytes);
        broadcastMessages++;
        return bytes.length;
    }

    int sendText(TcpConnection to, CharSequence text, byte[] terminator) {
        seal();
        ByteBuf buf = allocator.buffer();
        int n;
        try {
            n = encoder.writeText(buf, text, charset, terminator);
        } catch (RuntimeException refused) { // e.g. a terminator for a length-prefixed format: no buffer left behind
            buf.release();
            throw refused;
        }
        return to.write(buf, 1) ? n : 0;
    }

    int sendRaw(TcpConnection to, byte[] bytes) {
        seal();
        return to.write(allocator.buffer(bytes.length).writeBytes(bytes), 1) ? bytes.length : 0;
    }

    /** Hands the pending broadcast to every peer. Called at the end of each cook and before a direct send. */
    void seal() {
        ByteBuf batch = broadcast;
        if (batch == null) {
            return;
        }
        broadcast = null;
        int messages = broadcastMessages;
        broadcastMessages = 0;
        if (client != null) {
            client.sendOrQueue(batch, messages);
            return;
        }
        try {
            for (int i = 0; i < peers.size(); i++) {
                peers.get(i).connection().write(batch.retainedDuplicate(), messages);
            }
        } finally {
            batch.release();
        }
    }

    /** Drops anything not yet sealed (the link is being replaced). */
    void discard() {
        if (broadcast != null) {
            broadcast.release();
            broadcast = null;
            broadcastMessages = 0;
        }
    }

    private ByteBuf broadcastBuffer() {
        if (broadcast == null) {
            broadcast = allocator.buffer(256);
            // A send from another node's callback must still go out this frame: make sure this node cooks.
            wakeup.run();
        }
        return broadcast;
    }
}
