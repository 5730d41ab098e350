/**
 * Framing of byte streams (TCP) into messages and back: per byte, per line, per read, custom delimiter and
 * length-prefixed, each with a maximum message length after which the stream resynchronises.
 *
 * <p>Independent of Netty channels: framers work on {@link io.netty.buffer.ByteBuf}s handed to them, so they run
 * in a channel handler, in a test, or over a file alike.
 *
 * <p><b>Threading:</b> {@link dev.patchline.protocol.stream.StreamFormat} and
 * {@link dev.patchline.protocol.stream.FrameEncoder} are immutable and safe from any thread.
 * A {@link dev.patchline.protocol.stream.StreamFramer} holds the partial message of one stream and belongs to the
 * one thread that reads that stream (a connection's event loop); create one per connection.
 */
package dev.patchline.protocol.stream;
