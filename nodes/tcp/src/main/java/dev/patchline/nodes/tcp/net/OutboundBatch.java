package dev.patchline.nodes.tcp.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Framed messages for one peer, sent together: the unit that a slow-peer policy drops. Reference counted through
 * its content, so Netty releases it if the channel is already closed.
 */
final class OutboundBatch extends DefaultByteBufHolder {
    final int messages;

    OutboundBatch(ByteBuf content, int messages) {
        super(content);
        this.messages = messages;
    }
}
