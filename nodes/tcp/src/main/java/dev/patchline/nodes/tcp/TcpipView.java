package dev.patchline.nodes.tcp;

import dev.patchline.nodes.tcp.net.TcpConnection;
import dev.patchline.runtime.op.ForwardingNodeView;
import dev.patchline.runtime.op.NodeView;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The {@code dat} argument of the TCP/IP DAT's callbacks: the node (table, parameters, info) plus TouchDesigner's
 * methods {@code send(*messages, terminator=...)} and {@code sendBytes(*messages)}. On a server, both go to every
 * connected peer; answer one peer with {@link TcpPeer#send}. Cook thread only.
 */
public final class TcpipView extends ForwardingNodeView {
    private final TcpipLink link;

    TcpipView(TcpipLink link, NodeView node) {
        super(node);
        this.link = link;
    }

    /**
     * Sends each message (its {@code toString()}, encoded with the DAT's encoding) framed with the DAT's terminator,
     * to every peer.
     *
     * @return bytes queued per peer; a client that is connecting or reconnecting queues them for its next
     *         connection; a server with no peer connected sends nothing and returns 0
     */
    public int send(Object... messages) {
        return link.broadcast(null, messages);
    }

    /** Groovy named form: {@code dat.send('go', terminator: '\r')}; {@code terminator: ''} sends none. */
    public int send(Map<String, ?> options, Object... messages) {
        return link.broadcast(options, messages);
    }

    /** Sends raw bytes (byte[], String, or ints 0-255) with no terminator, to every peer. */
    public int sendBytes(Object... messages) {
        return link.broadcastBytes(messages);
    }

    /** The connected peers, in connection order. */
    public List<TcpPeer> getPeers() {
        return Collections.unmodifiableList(link.peers());
    }

    int sendTo(TcpConnection to, Map<String, ?> options, Object[] messages) {
        return link.sendTo(to, options, messages);
    }

    int sendBytesTo(TcpConnection to, Object[] messages) {
        return link.sendBytesTo(to, messages);
    }
}
