package dev.patchline.protocol.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.Goldens.Golden;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden packet decodes to its model, encodes to its bytes, and survives any split of its bytes. */
class GoldenPacketTest {

    static Stream<Golden> goldens() {
        return Goldens.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decode_golden_bytes_gives_the_packet(Golden g) throws MqttDecodeException {
        MqttPacket expected = g.packet().get();
        MqttPacket decoded = CodecTesting.decodeOne(g.bytes(), g.version(), g.sender());
        try {
            assertThat(decoded).isEqualTo(expected);
        } finally {
            CodecTesting.release(decoded);
            CodecTesting.release(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void encode_packet_gives_the_golden_bytes(Golden g) {
        MqttPacket packet = g.packet().get();
        try {
            MqttEncoder encoder = new MqttEncoder(g.version());
            assertThat(encoder.encodedSize(packet)).isEqualTo(g.bytes().length);
            assertThat(ByteBufUtil.hexDump(CodecTesting.encode(packet, g.version())))
                    .isEqualTo(ByteBufUtil.hexDump(g.bytes()));
        } finally {
            CodecTesting.release(packet);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decode_split_at_every_offset(Golden g) throws MqttDecodeException {
        byte[] bytes = g.bytes();
        MqttPacket expected = g.packet().get();
        try {
            for (int cut = 0; cut <= bytes.length; cut++) {
                List<byte[]> chunks =
                        List.of(Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length));
                List<MqttPacket> got =
                        CodecTesting.decodeChunks(CodecTesting.decoderFor(g.version(), g.sender()), chunks);
                try {
                    assertThat(got).as("split at byte %d", cut).containsExactly(expected);
                } finally {
                    CodecTesting.releaseAll(got);
                }
            }
        } finally {
            CodecTesting.release(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decode_one_byte_at_a_time_then_a_second_copy(Golden g) throws MqttDecodeException {
        byte[] bytes = g.bytes();
        List<byte[]> chunks = new ArrayList<>();
        for (int rep = 0; rep < 2; rep++) {
            for (byte b : bytes) {
                chunks.add(new byte[] {b});
            }
        }
        MqttPacket expected = g.packet().get();
        MqttDecoder decoder =
                g.packet().get().type() == PacketType.CONNECT ? null : CodecTesting.decoderFor(g.version(), g.sender());
        if (decoder == null) {
            // a server decoder takes one CONNECT per connection (MQTT-3.1.0-2): one copy only
            chunks = chunks.subList(0, bytes.length);
            decoder = new MqttDecoder(DecoderConfig.server(CodecTesting.LIMIT));
        }
        List<MqttPacket> got = CodecTesting.decodeChunks(decoder, chunks);
        try {
            assertThat(got).allSatisfy(p -> assertThat(p).isEqualTo(expected));
            assertThat(got).hasSize(chunks.size() / bytes.length);
        } finally {
            CodecTesting.releaseAll(got);
            CodecTesting.release(expected);
        }
    }

    @Test
    void goldens_cover_every_packet_type_of_both_versions() {
        for (MqttVersion v : MqttVersion.values()) {
            Set<PacketType> types = EnumSet.noneOf(PacketType.class);
            for (Golden g : Goldens.ALL) {
                if (g.version() == v) {
                    MqttPacket p = g.packet().get();
                    types.add(p.type());
                    CodecTesting.release(p);
                }
            }
            Set<PacketType> expected = EnumSet.allOf(PacketType.class);
            if (v == MqttVersion.V3_1_1) {
                expected.remove(PacketType.AUTH);
            }
            assertThat(types).as("packet types with goldens for %s", v).isEqualTo(expected);
        }
    }
}
