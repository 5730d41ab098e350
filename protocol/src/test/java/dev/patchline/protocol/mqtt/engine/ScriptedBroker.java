package dev.patchline.protocol.mqtt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The server side of an engine test, in the style of mosquitto's {@code test/lib}: the test states the exact bytes
 * the client must send next ({@link #expect}) and scripts the bytes the server answers ({@link #send}), on a
 * simulated clock ({@link #advance}) that fires the engine's deadlines exactly when due.
 *
 * <p>What the client sent accumulates in one stream, so an expectation does not care how the engine batched its
 * packets into buffers. Expected bytes are written as hex (commented in the tests) or encoded from a packet with
 * the codec, whose own tests pin its bytes.
 */
final class ScriptedBroker implements AutoCloseable {

    /** An arbitrary non-zero epoch, so that no code can get away with treating 0 as "unset". */
    static final long EPOCH = 1_000_000_000_000L;

    final MqttClientEngine engine;
    final RecordingListener events;
    final MqttVersion version;
    private final ByteBuf fromClient = Unpooled.buffer();
    private MqttEncoder serverEncoder;
    private MqttEncoder clientEncoder;
    private MqttDecoder serverDecoder;
    long now = EPOCH;
    boolean linkOpen;

    ScriptedBroker(EngineConfig config) {
        this.events = new RecordingListener();
        this.engine = new MqttClientEngine(config, events);
        this.version = config.version();
        this.serverEncoder = new MqttEncoder(version);
        this.clientEncoder = new MqttEncoder(version);
    }

    static ScriptedBroker v5(EngineConfig.Builder config) {
        return new ScriptedBroker(config.build());
    }

    // ------------------------------------------------------------------ link

    /** Opens a link: the engine queues CONNECT. */
    ScriptedBroker open() {
        fromClient.clear();
        serverDecoder = new MqttDecoder(DecoderConfig.server(DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE));
        linkOpen = true;
        engine.connectionOpened(now);
        return this;
    }

    /** Opens a link, checks a CONNECT went out and answers CONNACK success. */
    ScriptedBroker connect(boolean sessionPresent, ConnAckProperties properties) {
        open();
        MqttPacket connect = nextPacket();
        assertEquals("CONNECT", connect.type().name());
        send(new ConnAck(sessionPresent, ConnectReasonCode.SUCCESS, properties));
        assertEquals(true, engine.isConnected(), "engine connected after CONNACK");
        return this;
    }

    ScriptedBroker connect() {
        return connect(false, ConnAckProperties.NONE);
    }

    /** The link breaks; bytes the client had queued but not "written" are gone. */
    void drop() {
        drain();
        fromClient.clear();
        linkOpen = false;
        engine.connectionClosed(now, new IOException("connection reset (scripted)"));
    }

    // ------------------------------------------------------------------ server -> client

    void send(MqttPacket packet) {
        ByteBuf bytes = serverEncoder.encode(packet, UnpooledByteBufAllocator.DEFAULT);
        engine.receive(bytes, now);
    }

    /** Sends several packets in one buffer, as one TCP read would deliver them. */
    void sendTogether(MqttPacket... packets) {
        ByteBuf bytes = Unpooled.buffer();
        for (MqttPacket p : packets) {
            serverEncoder.encode(p, bytes);
        }
        engine.receive(bytes, now);
    }

    void sendHex(String hex) {
        engine.receive(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", ""))), now);
    }

    // ------------------------------------------------------------------ client -> server

    /** Moves everything the engine queued into the client-to-server stream and reports it written, as a transport does. */
    void drain() {
        ByteBuf b;
        while ((b = engine.pollOutbound()) != null) {
            int n = b.readableBytes();
            fromClient.writeBytes(b);
            b.release();
            engine.outboundWritten(n, now);
        }
    }

    /** The next bytes the client sent must be exactly {@code hex} (spaces ignored). */
    void expect(String hex) {
        byte[] expected = HexFormat.of().parseHex(hex.replace(" ", ""));
        drain();
        if (fromClient.readableBytes() < expected.length) {
            fail("expected " + hex + " but the client sent only " + ByteBufUtil.hexDump(fromClient));
        }
        byte[] actual = new byte[expected.length];
        fromClient.readBytes(actual);
        assertEquals(
                HexFormat.of().formatHex(expected),
                HexFormat.of().formatHex(actual),
                "bytes from the client (rest of stream: " + ByteBufUtil.hexDump(fromClient) + ")");
        track(actual);
    }

    /** Lets the server-side decoder see packets checked as bytes, so that it knows the CONNECT came first. */
    private void track(byte[] packets) {
        ByteBuf in = Unpooled.wrappedBuffer(packets);
        try {
            MqttPacket p;
            while ((p = serverDecoder.decode(in)) != null) {
                if (p instanceof Publish publish) {
                    publish.release();
                }
            }
        } catch (MqttDecodeException e) {
            throw new AssertionError("the client sent an invalid packet: " + e.getMessage(), e);
        }
    }

    /** The next packet the client sent must encode to the same bytes as {@code packet}. */
    void expect(MqttPacket packet) {
        ByteBuf encoded = clientEncoder.encode(packet, UnpooledByteBufAllocator.DEFAULT);
        try {
            expect(ByteBufUtil.hexDump(encoded));
        } finally {
            encoded.release();
        }
    }

    void expectNothing() {
        drain();
        assertEquals("", ByteBufUtil.hexDump(fromClient), "the client should have sent nothing");
    }

    /** Decodes the next packet the client sent (for tests that check fields rather than bytes). */
    MqttPacket nextPacket() {
        drain();
        try {
            MqttPacket p = serverDecoder.decode(fromClient);
            if (p == null) {
                fail("the client sent no complete packet; pending: " + ByteBufUtil.hexDump(fromClient));
            }
            return p;
        } catch (MqttDecodeException e) {
            throw new AssertionError("the client sent an invalid packet: " + e.getMessage(), e);
        }
    }

    /** Decodes the rest of a packet whose first byte a previous {@link #expect(String)} consumed. */
    MqttPacket nextPacketAfterFirstByte(byte first) {
        drain();
        ByteBuf rest = Unpooled.buffer();
        rest.writeByte(first).writeBytes(fromClient);
        fromClient.clear();
        try {
            return serverDecoder.decode(rest);
        } catch (MqttDecodeException e) {
            throw new AssertionError(e);
        } finally {
            rest.release();
        }
    }

    Publish nextPublish() {
        MqttPacket p = nextPacket();
        assertEquals("PUBLISH", p.type().name(), "next packet from the client");
        return (Publish) p;
    }

    /** Applies the peer's Maximum Packet Size to packets the test encodes as "the client's" expected bytes. */
    void clientLimit(long maximumPacketSize) {
        clientEncoder = clientEncoder.withPeerMaximumPacketSize(maximumPacketSize);
    }

    // ------------------------------------------------------------------ time

    /** Moves the clock forward, firing every engine deadline at its exact time on the way. */
    void advance(Duration d) {
        long target = now + d.toNanos();
        while (true) {
            long deadline = engine.nextDeadlineNanos();
            if (deadline == Long.MAX_VALUE || deadline - target > 0) {
                break;
            }
            now = Math.max(now, deadline);
            engine.handleTimeout(now);
            if (engine.nextDeadlineNanos() == deadline) {
                fail("the engine did not move its deadline after handleTimeout at " + (deadline - EPOCH) + " ns");
            }
        }
        now = target;
    }

    long elapsedMillis() {
        return (now - EPOCH) / 1_000_000;
    }

    @Override
    public void close() {
        events.releaseAll();
        engine.close(now);
        fromClient.release();
    }
}
