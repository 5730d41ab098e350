package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;

/**
 * TouchDesigner's {@code all}: whatever one read delivered is one message. The sender's message boundaries are
 * not preserved by TCP, so the application reassembles; a read above the maximum length is dropped and reported.
 */
final class PerReadFramer extends StreamFramer {
    PerReadFramer(StreamFormat format) {
        super(format);
    }

    @Override
    protected void decode(ByteBuf in, int start, int end, FrameHandler handler) {
        int length = end - start;
        if (length == 0) {
            return;
        }
        if (length > format.maxLength()) {
            handler.onFrameTooLong(tooLong(position, length, true));
            return;
        }
        handler.onFrame(in, start, length);
    }

    @Override
    public int bufferedBytes() {
        return 0;
    }
}
