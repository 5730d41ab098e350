package dev.patchline.protocol.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.Goldens.Golden;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-check with io.netty:netty-codec-mqtt: our bytes decode in Netty to the same packet, and the
 * bytes Netty writes for a packet decode in ours to the same packet. Runs over the goldens and over
 * random packets of every type, both versions, both directions.
 */
class NettyCrossCheckTest {

    static Stream<Golden> goldens() {
        return Goldens.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void golden_packets_agree_with_netty(Golden g) throws MqttDecodeException {
        MqttPacket packet = g.packet().get();
        try {
            crossCheck(packet, g.version(), g.sender(), "golden " + g.name());
        } finally {
            CodecTesting.release(packet);
        }
    }

    @ParameterizedTest(name = "{0} from {1}, seed {2}")
    @CsvSource({"V3_1_1, CLIENT, 101", "V3_1_1, SERVER, 102", "V5, CLIENT, 103", "V5, SERVER, 104"})
    void random_packets_agree_with_netty(MqttVersion version, Side sender, long baseSeed) throws MqttDecodeException {
        long seed = RoundTripPropertyTest.seed(baseSeed);
        RandomPackets gen = new RandomPackets(new Random(seed), version);
        Set<PacketType> seen = EnumSet.noneOf(PacketType.class);
        for (int i = 0; i < 300; i++) {
            MqttPacket packet = gen.next(sender);
            seen.add(packet.type());
            try {
                crossCheck(packet, version, sender, "seed " + seed + " packet " + i);
            } finally {
                CodecTesting.release(packet);
            }
        }
        assertThat(seen).as("packet types exercised").hasSizeGreaterThanOrEqualTo(version.isV5() ? 9 : 8);
    }

    private static void crossCheck(MqttPacket packet, MqttVersion version, Side sender, String what)
            throws MqttDecodeException {
        // ours -> bytes -> Netty
        ByteBuf ours = new MqttEncoder(version).encode(packet, ByteBufAllocator.DEFAULT);
        MqttMessage nettyDecoded = NettyBridge.nettyDecode(ours, version);
        MqttPacket back = NettyBridge.fromNetty(nettyDecoded, version);
        try {
            assertThat(back).as("%s: our bytes decoded by Netty", what).isEqualTo(packet);
        } finally {
            CodecTesting.release(back);
            NettyBridge.release(nettyDecoded);
        }

        // Netty -> bytes -> ours
        ByteBuf nettyBytes = NettyBridge.nettyEncode(NettyBridge.toNetty(packet, version), version);
        MqttPacket decoded = null;
        try {
            decoded = CodecTesting.decoderFor(version, sender).decode(nettyBytes);
            assertThat(decoded).as("%s: Netty's bytes decoded by us", what).isEqualTo(packet);
            assertThat(nettyBytes.isReadable())
                    .as("%s: bytes left after our decode", what)
                    .isFalse();
        } finally {
            nettyBytes.release();
            if (decoded != null) {
                CodecTesting.release(decoded);
            }
        }
    }
}
