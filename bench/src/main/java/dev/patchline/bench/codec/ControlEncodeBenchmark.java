package dev.patchline.bench.codec;

import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.infra.Blackhole;

/** Encode an MQTT 5 CONNECT (with properties and credentials) and a SUBSCRIBE of three filters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ControlEncodeBenchmark {

    @Param({"connect", "subscribe"})
    public String packet;

    @Param({"patchline", "netty"})
    public String impl;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private MqttPacket ours;
    private MqttMessage theirs;
    private MqttEncoder encoder;

    @Setup(Level.Trial)
    public void setUp() {
        boolean connect = packet.equals("connect");
        ours = connect ? Samples.connect() : Samples.subscribe();
        theirs = connect ? Samples.nettyConnect() : Samples.nettySubscribe();
        if (!Samples.samePacket(theirs, ours)) {
            throw new IllegalStateException("the two sample " + packet + " packets differ");
        }
        encoder = new MqttEncoder(MqttVersion.V5);
    }

    @Benchmark
    public void encode(Blackhole bh) {
        ByteBuf out = impl.equals("netty") ? NettyCodec.encode(theirs) : encoder.encode(ours, alloc);
        bh.consume(out.writerIndex());
        out.release();
    }
}
