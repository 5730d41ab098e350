package dev.patchline.protocol.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PUBLISH hot path allocates what the design promises and nothing else: decoding makes the
 * packet, its topic string and the payload slice (plus the property values when there are
 * properties); encoding into a caller's buffer makes nothing. Bytes are counted by the JVM, per
 * thread, so the bounds hold regardless of speed.
 */
class HotPathAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 20_000;
    private static ResourceLeakDetector.Level leakDetection;

    /**
     * Netty's leak tracking (paranoid in the build's tests) wraps the buffers and allocates an access record on
     * every read: that is the test harness's cost, not the hot path's. The buffers here are allocated without it.
     */
    @BeforeAll
    static void withoutLeakTracking() {
        leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }

    @AfterAll
    static void restoreLeakTracking() {
        ResourceLeakDetector.setLevel(leakDetection);
    }

    private static Publish sample(boolean properties) {
        PublishProperties props = properties
                ? PublishProperties.builder()
                        .payloadFormat(PayloadFormat.UTF_8)
                        .messageExpiryInterval(60L)
                        .contentType("application/json")
                        .userProperties(UserProperties.of("unit", "C"))
                        .build()
                : PublishProperties.NONE;
        return Publish.builder("building/3/floor/2/room/17/temperature")
                .qos(Qos.AT_LEAST_ONCE)
                .packetId(4711)
                .payload(new byte[256])
                .properties(props)
                .build();
    }

    private static long decodeBytesPerPacket(boolean properties) throws MqttDecodeException {
        Publish p = sample(properties);
        ByteBuf wire = Unpooled.directBuffer();
        new MqttEncoder(MqttVersion.V5).encode(p, wire);
        p.release();
        MqttDecoder decoder =
                new MqttDecoder(DecoderConfig.client(MqttVersion.V5, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE));
        long total = 0;
        for (int pass = 0; pass < 2; pass++) { // pass 0 warms up
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < ROUNDS; i++) {
                wire.readerIndex(0);
                ((Publish) decoder.decode(wire)).release();
            }
            total = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        wire.release();
        return total / ROUNDS;
    }

    @Test
    void decode_publish_without_properties_allocates_packet_topic_and_slice_only() throws MqttDecodeException {
        // Publish record ~40 B, topic String ~80 B, payload slice ~70 B: well under 256
        assertThat(decodeBytesPerPacket(false)).isLessThan(256);
    }

    @Test
    void decode_publish_with_properties_allocates_only_the_property_values() throws MqttDecodeException {
        // plus PublishProperties, three strings and the user-property arrays; no message text
        assertThat(decodeBytesPerPacket(true)).isLessThan(640);
    }

    @Test
    void encode_publish_into_a_caller_buffer_allocates_nothing() {
        for (boolean properties : new boolean[] {false, true}) {
            Publish p = sample(properties);
            MqttEncoder encoder = new MqttEncoder(MqttVersion.V5);
            ByteBuf out = Unpooled.directBuffer(1024);
            long perPacket = 0;
            for (int pass = 0; pass < 2; pass++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ROUNDS; i++) {
                    out.clear();
                    encoder.encode(p, out);
                }
                perPacket = (THREADS.getCurrentThreadAllocatedBytes() - before) / ROUNDS;
            }
            out.release();
            p.release();
            assertThat(perPacket)
                    .as("bytes allocated per encoded PUBLISH, properties=%s", properties)
                    .isLessThan(8);
        }
    }
}
