package dev.patchline.bench.codec;

import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/** Patchline's decoder inside a Netty pipeline, to compare with Netty's decoder on equal terms. */
final class PatchlineFrameDecoder extends ByteToMessageDecoder {

    private MqttDecoder decoder;

    PatchlineFrameDecoder(MqttDecoder decoder) {
        this.decoder = decoder;
    }

    /** Starts over with a fresh decoder, as a new connection would. */
    void use(MqttDecoder fresh) {
        this.decoder = fresh;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        MqttPacket p;
        while ((p = decoder.decode(in)) != null) {
            out.add(p);
        }
    }
}
