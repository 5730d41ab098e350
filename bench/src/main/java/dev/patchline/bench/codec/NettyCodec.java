package dev.patchline.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs netty-codec-mqtt the way it is built to run: its decoder is a {@code ReplayingDecoder} and
 * needs a channel pipeline; its encoder's work is done by the static {@code MqttEncoder.doEncode},
 * called here directly so that encoding is measured without pipeline overhead, like ours.
 */
final class NettyCodec {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
    private static final MethodHandle DO_ENCODE;
    private static final EmbeddedChannel ENCODE_CHANNEL = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private static final ChannelHandlerContext ENCODE_CTX;

    static {
        try {
            var method =
                    MqttEncoder.class.getDeclaredMethod("doEncode", ChannelHandlerContext.class, MqttMessage.class);
            method.setAccessible(true);
            DO_ENCODE = MethodHandles.lookup()
                    .unreflect(method)
                    .asType(MethodType.methodType(ByteBuf.class, ChannelHandlerContext.class, MqttMessage.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ENCODE_CHANNEL.attr(VERSION).set(MqttVersion.MQTT_5);
        ENCODE_CTX = ENCODE_CHANNEL.pipeline().context(MqttEncoder.INSTANCE);
    }

    private NettyCodec() {}

    /** Encodes with Netty's encoder as MQTT 5. Like the pipeline encoder, it does not consume the message. */
    static ByteBuf encode(MqttMessage message) {
        try {
            return (ByteBuf) DO_ENCODE.invokeExact(ENCODE_CTX, message);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A channel with Netty's MQTT decoder, already switched to MQTT 5. */
    static EmbeddedChannel decodingChannel() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder(1 << 20));
        ch.attr(VERSION).set(MqttVersion.MQTT_5);
        return ch;
    }
}
