package dev.patchline.bench.codec;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode an MQTT 5 CONNECT (with properties and credentials) and a SUBSCRIBE of three
 * filters. A server decoder takes one CONNECT per connection (MQTT-3.1.0-2), so the Patchline
 * CONNECT decode includes creating its decoder, as a new connection would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ControlDecodeBenchmark {

    @Param({"connect", "subscribe"})
    public String packet;

    @Param({"patchline", "patchline-pipeline", "netty"})
    public String impl;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private MqttPacket ours;
    private MqttMessage theirs;
    private ByteBuf wire;
    private MqttEncoder encoder;
    private MqttDecoder subscribeDecoder;
    private EmbeddedChannel channel;
    private PatchlineFrameDecoder frameDecoder;

    @Setup(Level.Trial)
    public void setUp() {
        boolean connect = packet.equals("connect");
        ours = connect ? Samples.connect() : Samples.subscribe();
        theirs = connect ? Samples.nettyConnect() : Samples.nettySubscribe();
        byte[] bytes = Samples.bytes(ours);
        if (!Samples.samePacket(theirs, ours)) {
            throw new IllegalStateException("the two sample " + packet + " packets differ");
        }
        wire = alloc.directBuffer(bytes.length).writeBytes(bytes);
        encoder = new MqttEncoder(MqttVersion.V5);
        subscribeDecoder = newDecoder();
        if (impl.equals("netty")) {
            channel = NettyCodec.decodingChannel();
        } else if (impl.equals("patchline-pipeline")) {
            frameDecoder = new PatchlineFrameDecoder(subscribeDecoder);
            channel = new EmbeddedChannel(frameDecoder);
        }
    }

    private static MqttDecoder newDecoder() {
        return new MqttDecoder(
                new DecoderConfig(MqttVersion.V5, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE, Side.SERVER));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wire.release();
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Benchmark
    public void decode(Blackhole bh) throws MqttDecodeException {
        boolean connect = packet.equals("connect");
        switch (impl) {
            case "netty" -> {
                channel.writeInbound(wire.retainedDuplicate());
                bh.consume((Object) channel.readInbound());
            }
            case "patchline-pipeline" -> {
                if (connect) {
                    frameDecoder.use(newDecoder());
                }
                channel.writeInbound(wire.retainedDuplicate());
                bh.consume((Object) channel.readInbound());
            }
            default -> {
                wire.readerIndex(0);
                bh.consume((connect ? newDecoder() : subscribeDecoder).decode(wire));
            }
        }
    }
}
