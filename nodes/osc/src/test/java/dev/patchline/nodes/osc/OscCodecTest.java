package dev.patchline.nodes.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OscCodecTest {
    @Test
    void golden_message_bytes() {
        byte[] b = OscCodec.encode(OscCodec.message("/oscillator/4/frequency", 440.0f));
        // The OSC 1.0 specification's own example: address padded to 24 bytes, ",f\0\0", 440.0f = 0x43DC0000.
        byte[] expected = {
            '/',
            'o',
            's',
            'c',
            'i',
            'l',
            'l',
            'a',
            't',
            'o',
            'r',
            '/',
            '4',
            '/',
            'f',
            'r',
            'e',
            'q',
            'u',
            'e',
            'n',
            'c',
            'y',
            0,
            ',',
            'f',
            0,
            0,
            0x43,
            (byte) 0xdc,
            0,
            0
        };
        assertThat(b).isEqualTo(expected);
    }

    @Test
    void every_type_round_trips() {
        OscPacket.Message m = OscCodec.message(
                "/all",
                1,
                2.5f,
                "text",
                new byte[] {1, 2, 3, 4, 5},
                1L << 40,
                OscTypes.TimeTag.ofMillis(1_700_000_000_123L),
                3.25,
                'x',
                new OscTypes.Rgba(0x11223344),
                new OscTypes.Midi((byte) 0, (byte) 0x90, (byte) 60, (byte) 100),
                true,
                false,
                null,
                OscTypes.Impulse.INSTANCE,
                new OscTypes.Symbol("sym"),
                List.of(7, "in array", List.of(8)));
        assertThat(m.types()).isEqualTo("ifsbhtdcrmTFNIS[is[i]]");
        OscPacket.Message back = (OscPacket.Message) decode(OscCodec.encode(m));
        assertThat(back.types()).isEqualTo(m.types());
        assertThat(OscInDat.args(back)).isEqualTo(OscInDat.args(m));
        assertThat(((OscTypes.TimeTag) back.args().get(5)).toMillis()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void nested_bundles_round_trip() {
        OscPacket inner = new OscPacket.Bundle(new OscTypes.TimeTag(42), List.of(OscCodec.message("/b", "x")));
        OscPacket outer = new OscPacket.Bundle(OscTypes.TimeTag.IMMEDIATELY, List.of(OscCodec.message("/a", 1), inner));
        OscPacket.Bundle back = (OscPacket.Bundle) decode(OscCodec.encode(outer));
        assertThat(back.timeTag()).isEqualTo(OscTypes.TimeTag.IMMEDIATELY);
        assertThat(back.elements()).hasSize(2);
        assertThat(((OscPacket.Bundle) back.elements().get(1)).elements().get(0))
                .isEqualTo(OscCodec.message("/b", "x"));
    }

    @Test
    void malformed_packets_name_the_problem_and_offset() {
        byte[] ok = OscCodec.encode(OscCodec.message("/a", 1));
        assertThatThrownBy(() -> OscCodec.decode(ok, ok.length - 4))
                .hasMessage("argument 'i' of /a at byte 8 needs 4 bytes, 0 left");
        assertThatThrownBy(() -> OscCodec.decode(new byte[] {'x', 0, 0, 0}, 4))
                .hasMessage("packet at byte 0 starts with neither '/' nor '#bundle'");
        assertThatThrownBy(() -> OscCodec.decode(new byte[] {'/', 'a', 0, 0, ',', 'q', 0, 0}, 8))
                .hasMessage("unknown type tag 'q' in /a");
        assertThatThrownBy(() -> OscCodec.decode(new byte[] {'/', 'a', 'b'}, 3))
                .hasMessage("packet size 3 at byte 0 is not a multiple of 4");
    }

    @Test
    void random_garbage_never_escapes_as_anything_but_a_format_error() {
        Random rnd = new Random(1234);
        byte[] valid = OscCodec.encode(new OscPacket.Bundle(
                OscTypes.TimeTag.IMMEDIATELY, List.of(OscCodec.message("/x", 1, "s", new byte[] {9}, List.of(2.0)))));
        for (int i = 0; i < 20_000; i++) {
            byte[] b = valid.clone();
            for (int k = rnd.nextInt(4); k >= 0; k--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            int len = rnd.nextInt(b.length + 1) & ~3;
            try {
                OscCodec.decode(b, len);
            } catch (OscFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static OscPacket decode(byte[] b) {
        return OscCodec.decode(b, b.length);
    }
}
