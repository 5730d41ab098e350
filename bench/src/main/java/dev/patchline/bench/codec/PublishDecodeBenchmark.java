package dev.patchline.bench.codec;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
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
 * Decode one MQTT 5 QoS 1 PUBLISH. {@code impl}: {@code patchline} calls our decoder directly;
 * {@code patchline-pipeline} runs it in an embedded Netty pipeline exactly like {@code netty}, whose
 * ReplayingDecoder cannot run outside one: that pair is the fair comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishDecodeBenchmark {

    @Param({"16", "256", "4096"})
    public int payloadSize;

    @Param({"false", "true"})
    public boolean properties;

    @Param({"patchline", "patchline-pipeline", "netty"})
    public String impl;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf wire;
    private MqttDecoder decoder;
    private EmbeddedChannel channel;
    private MqttEncoder encoder;
    private Publish publish;
    private MqttPublishMessage nettyPublish;

    @Setup(Level.Trial)
    public void setUp() {
        publish = Samples.publish(payloadSize, properties);
        nettyPublish = Samples.nettyPublish(payloadSize, properties);
        byte[] bytes = Samples.bytes(publish);
        if (!Samples.samePacket(nettyPublish, publish)) {
            throw new IllegalStateException("the two sample PUBLISH packets differ");
        }
        wire = alloc.directBuffer(bytes.length).writeBytes(bytes);
        encoder = new MqttEncoder(MqttVersion.V5);
        decoder = new MqttDecoder(DecoderConfig.client(MqttVersion.V5, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE));
        channel = switch (impl) {
            case "netty" -> NettyCodec.decodingChannel();
            case "patchline-pipeline" -> new EmbeddedChannel(new PatchlineFrameDecoder(decoder));
            default -> null;
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wire.release();
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        nettyPublish.release();
    }

    @Benchmark
    public void decode(Blackhole bh) throws MqttDecodeException {
        if (channel == null) {
            wire.readerIndex(0);
            Publish p = (Publish) decoder.decode(wire);
            bh.consume(p.topic());
            p.release();
        } else {
            channel.writeInbound(wire.retainedDuplicate());
            Object m = channel.readInbound();
            bh.consume(m);
            ReferenceCountUtil.release(m instanceof Publish p ? p.payload() : m);
        }
    }
}
