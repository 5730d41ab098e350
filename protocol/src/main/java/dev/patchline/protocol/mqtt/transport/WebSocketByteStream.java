package dev.patchline.protocol.mqtt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;

/**
 * Turns a WebSocket connection back into the byte stream MQTT expects, and MQTT bytes into binary frames.
 *
 * <p>Inbound: the payload of every binary and continuation frame is passed on as it is. Frames are not aggregated,
 * because MQTT packets need not line up with frames (MQTT-6.0.0-2) and the streaming decoder after us reassembles them;
 * so a large packet costs no WebSocket aggregation buffer. A text frame is a protocol violation (MQTT-6.0.0-1) and
 * closes the connection.
 *
 * <p>Outbound: packets up to {@code fragmentSize} bytes go out as one binary frame; larger ones are fragmented into a
 * binary frame and continuation frames, so that servers with a per-frame limit (often 64 KiB) still accept them.
 */
final class WebSocketByteStream extends ChannelDuplexHandler {

    private final int fragmentSize;

    WebSocketByteStream(int fragmentSize) {
        this.fragmentSize = fragmentSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            // The frame's content is the frame's only reference-counted part: handing it on transfers ownership.
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
        } else if (msg instanceof WebSocketFrame frame) {
            String type = frame.getClass().getSimpleName();
            ReferenceCountUtil.release(frame);
            ctx.fireExceptionCaught(new CorruptedFrameException(
                    "broker sent a " + type + "; MQTT over WebSocket allows binary frames only (MQTT-6.0.0-1)"));
            ctx.close();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes) || !bytes.isReadable()) {
            ctx.write(msg, promise);
            return;
        }
        if (bytes.readableBytes() <= fragmentSize) {
            ctx.write(new BinaryWebSocketFrame(bytes), promise);
            return;
        }
        PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
        try {
            combiner.add(ctx.write(new BinaryWebSocketFrame(false, 0, bytes.readRetainedSlice(fragmentSize))));
            while (bytes.readableBytes() > fragmentSize) {
                combiner.add(
                        ctx.write(new ContinuationWebSocketFrame(false, 0, bytes.readRetainedSlice(fragmentSize))));
            }
            combiner.add(
                    ctx.write(new ContinuationWebSocketFrame(true, 0, bytes.readRetainedSlice(bytes.readableBytes()))));
        } finally {
            bytes.release();
        }
        ChannelPromise whole = promise;
        if (promise.isVoid()) {
            // A void promise cannot be combined into; report a failure the way a void write would: as an exception.
            whole = ctx.newPromise();
            whole.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
        combiner.finish(whole);
    }
}
