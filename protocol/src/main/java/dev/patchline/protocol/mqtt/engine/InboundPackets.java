package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;

/**
 * Received bytes of one connection turned into packets: buffers them, decodes whole packets while the engine
 * accepts them, and turns bytes that are no valid packet into a protocol error that says why. Same thread as the
 * engine.
 */
final class InboundPackets {

    /** Where decoded packets go. */
    interface Sink {
        /** Whether decoding may go on (not while inbound is paused or the connection is ending). */
        boolean accepting();

        /** One decoded packet, in the order received. */
        void handle(MqttPacket packet);
    }

    private final EngineConfig config;
    private final EngineContext ctx;
    private final InboundBytes bytes;
    private MqttDecoder decoder;

    InboundPackets(EngineConfig config, EngineContext ctx) {
        this.config = config;
        this.ctx = ctx;
        this.bytes = new InboundBytes(config.allocator(), config.maximumPacketSize());
    }

    /** A new connection: a fresh decoder (a failed one stays failed). */
    void open() {
        decoder = new MqttDecoder(DecoderConfig.client(config.version(), config.maximumPacketSize()));
    }

    /** Takes ownership of {@code in} and appends it to the undecoded bytes. */
    void append(ByteBuf in) {
        bytes.append(in);
    }

    /** Bytes received and not decoded yet. */
    int readable() {
        return bytes.readable();
    }

    /** Complete PINGRESP packets among the undecoded bytes (see {@link InboundBytes#pingResponsesWaiting()}). */
    int pingResponsesWaiting() {
        return bytes.pingResponsesWaiting();
    }

    /** Decodes and hands over whole packets while {@code sink} accepts them. */
    void decode(Sink sink) {
        ByteBuf in = bytes.buffer();
        if (in == null) {
            return;
        }
        try {
            while (sink.accepting()) {
                MqttPacket packet;
                try {
                    packet = decoder.decode(in);
                } catch (MqttDecodeException e) {
                    ctx.protocolError(
                            e.disconnectReasonCode(),
                            e.reasonCode() == MqttDecodeException.PACKET_TOO_LARGE
                                    ? tooLarge(e)
                                    : "the server sent an invalid packet: " + e.getMessage(),
                            e);
                    break;
                }
                if (packet == null) {
                    break;
                }
                try {
                    sink.handle(packet);
                } catch (MqttEncodeException e) {
                    // only with a server whose Maximum Packet Size is too small for an acknowledgement
                    ctx.dropConnection("cannot answer the server: " + e.getMessage(), e);
                }
            }
        } finally {
            bytes.releaseIfDrained();
        }
    }

    /**
     * Why a packet above our Maximum Packet Size ends the connection. MQTT 5 announced the limit in CONNECT and the
     * server must not exceed it ([MQTT-3.1.2-24]; the engine answers DISCONNECT 0x95); MQTT 3.1.1 has no way to
     * announce it, so a larger message can only be refused by closing the connection.
     */
    private String tooLarge(MqttDecodeException e) {
        return "the server sent a packet larger than this client accepts: " + e.getMessage()
                + (config.version().isV5()
                        ? " (announced in CONNECT; the server must not send more, MQTT-3.1.2-24)"
                        : " (MQTT 3.1.1 cannot announce this limit to the server, so the connection is closed)")
                + "; raise the client's maximum packet size to receive such messages";
    }

    /** Forgets the bytes and decoder of a connection that is gone. */
    void discard() {
        bytes.discard();
        decoder = null;
    }
}
