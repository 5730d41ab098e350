package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;

/** TouchDesigner's {@code perbyte}: every byte is a message. */
final class PerByteFramer extends StreamFramer {
    PerByteFramer(StreamFormat format) {
        super(format);
    }

    @Override
    protected void decode(ByteBuf in, int start, int end, FrameHandler handler) {
        for (int i = start; i < end; i++) {
            handler.onFrame(in, i, 1);
        }
    }

    @Override
    public int bufferedBytes() {
        return 0;
    }
}
