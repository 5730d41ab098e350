package dev.patchline.bench.codec;

import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
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

/** Encode one MQTT 5 QoS 1 PUBLISH into a pooled buffer; both encoders are called directly. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishEncodeBenchmark {

    @Param({"16", "256", "4096"})
    public int payloadSize;

    @Param({"false", "true"})
    public boolean properties;

    @Param({"patchline", "netty"})
    public String impl;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private MqttEncoder encoder;
    private Publish publish;
    private MqttPublishMessage nettyPublish;

    @Setup(Level.Trial)
    public void setUp() {
        publish = Samples.publish(payloadSize, properties);
        nettyPublish = Samples.nettyPublish(payloadSize, properties);
        if (!Samples.samePacket(nettyPublish, publish)) {
            throw new IllegalStateException("the two sample PUBLISH packets differ");
        }
        encoder = new MqttEncoder(MqttVersion.V5);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nettyPublish.release();
    }

    @Benchmark
    public void encode(Blackhole bh) {
        ByteBuf out = impl.equals("netty") ? NettyCodec.encode(nettyPublish) : encoder.encode(publish, alloc);
        bh.consume(out.writerIndex());
        out.release();
    }
}
