package dev.patchline.protocol.stream;

import io.netty.buffer.ByteBuf;

/**
 * Receives what a {@link StreamFramer} finds in a stream.
 *
 * <p>A frame is passed as a region of a buffer rather than as a new object, so that framing allocates nothing per
 * message. The region is valid only during the call: copy it (or {@code retainedSlice} it) to keep it. The handler
 * must not change the buffer's indices, and must not feed the same framer from inside the call.
 */
public interface FrameHandler {

    /** One complete message: {@code length} bytes of {@code buffer} starting at absolute index {@code offset}. */
    void onFrame(ByteBuf buffer, int offset, int length);

    /**
     * A message was longer than the format's maximum and was dropped; framing continues with the next message.
     * The default does nothing, so a handler that does not care still gets a usable stream.
     */
    default void onFrameTooLong(FrameTooLongException error) {}
}
