package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records frames as ISO-8859-1 strings (one char per byte) and over-long messages as "!TOO_LONG@offset". */
final class Collector implements FrameHandler {
    final List<String> events = new ArrayList<>();
    final List<FrameTooLongException> errors = new ArrayList<>();

    @Override
    public void onFrame(ByteBuf buffer, int offset, int length) {
        int readerBefore = buffer.readerIndex();
        int writerBefore = buffer.writerIndex();
        events.add(buffer.toString(offset, length, StandardCharsets.ISO_8859_1));
        if (buffer.readerIndex() != readerBefore || buffer.writerIndex() != writerBefore) {
            throw new AssertionError("toString moved indices");
        }
    }

    @Override
    public void onFrameTooLong(FrameTooLongException error) {
        errors.add(error);
        events.add("!TOO_LONG@" + error.streamOffset());
    }
}
