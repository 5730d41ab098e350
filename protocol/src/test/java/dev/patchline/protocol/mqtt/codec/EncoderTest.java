package dev.patchline.protocol.mqtt.codec;

import static dev.patchline.protocol.mqtt.codec.Goldens.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PingReq;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import dev.patchline.protocol.mqtt.codec.packet.SubAck;
import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoder behaviour beyond the goldens: size limits, omission of diagnostics, string rules, 3.1.1 mapping. */
class EncoderTest {

    private static final String LONG_REASON = "x".repeat(50);

    private static PubAck ackWithDiagnostics() {
        return new PubAck(7, PubAckReasonCode.QUOTA_EXCEEDED, LONG_REASON, UserProperties.of("k", "v"));
    }

    private static MqttPacket roundTrip(MqttEncoder encoder, MqttPacket p, Side sender) throws MqttDecodeException {
        ByteBuf buf = encoder.encode(p, Unpooled.buffer().alloc());
        try {
            return CodecTesting.decoderFor(encoder.version(), sender).decode(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void encode_keeps_everything_when_the_packet_fits() throws MqttDecodeException {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5, 1000);
        assertThat(roundTrip(encoder, ackWithDiagnostics(), Side.CLIENT)).isEqualTo(ackWithDiagnostics());
    }

    @Test
    void encode_omitReasonString_when_peer_maximum_is_too_small() throws MqttDecodeException {
        int full = new MqttEncoder(MqttVersion.V5).encodedSize(ackWithDiagnostics()); // 2+1 header, 2 id, 1 code, props
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5, full - 1);
        MqttPacket decoded = roundTrip(encoder, ackWithDiagnostics(), Side.CLIENT);
        // MQTT-3.4.2-2: the Reason String goes first, the User Property stays
        assertThat(decoded)
                .isEqualTo(new PubAck(7, PubAckReasonCode.QUOTA_EXCEEDED, null, UserProperties.of("k", "v")));
        assertThat(encoder.encodedSize(ackWithDiagnostics())).isLessThan(full);
    }

    @Test
    void encode_omitUserProperties_too_when_still_too_large() throws MqttDecodeException {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5, 6);
        MqttPacket decoded = roundTrip(encoder, ackWithDiagnostics(), Side.CLIENT);
        // MQTT-3.4.2-3: then the User Properties; reason code kept: 0x40 0x03 id id code
        assertThat(decoded).isEqualTo(PubAck.of(7, PubAckReasonCode.QUOTA_EXCEEDED));
        assertThat(encoder.encodedSize(ackWithDiagnostics())).isEqualTo(5);
    }

    @Test
    void encode_omits_diagnostics_of_connack_disconnect_suback_auth_too() throws MqttDecodeException {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5, 12);
        ConnAck connAck = new ConnAck(
                false,
                ConnectReasonCode.NOT_AUTHORIZED,
                ConnAckProperties.builder()
                        .reasonString(LONG_REASON)
                        .serverKeepAlive(10)
                        .build());
        assertThat(roundTrip(encoder, connAck, Side.SERVER))
                .isEqualTo(new ConnAck(
                        false,
                        ConnectReasonCode.NOT_AUTHORIZED,
                        ConnAckProperties.builder().serverKeepAlive(10).build()));
        assertThat(roundTrip(encoder, Disconnect.of(DisconnectReasonCode.SERVER_BUSY, LONG_REASON), Side.SERVER))
                .isEqualTo(Disconnect.of(DisconnectReasonCode.SERVER_BUSY));
        assertThat(roundTrip(
                        encoder,
                        new SubAck(3, List.of(SubAckReasonCode.GRANTED_QOS_1), LONG_REASON, null),
                        Side.SERVER))
                .isEqualTo(SubAck.of(3, SubAckReasonCode.GRANTED_QOS_1));
        assertThat(roundTrip(
                        encoder,
                        new Auth(AuthReasonCode.CONTINUE_AUTHENTICATION, "m", null, LONG_REASON, null),
                        Side.SERVER))
                .isEqualTo(new Auth(AuthReasonCode.CONTINUE_AUTHENTICATION, "m", null, null, null));
    }

    @Test
    void encode_rejects_a_packet_that_cannot_fit_and_writes_nothing() {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5, 4);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> encoder.encode(ackWithDiagnostics(), out))
                    .isInstanceOf(MqttEncodeException.class)
                    .hasMessageContaining("Maximum Packet Size of 4");
            assertThat(out.writerIndex()).isZero();
        } finally {
            out.release();
        }
    }

    @Test
    void encode_never_drops_user_properties_of_a_publish() {
        Publish p = Publish.builder("t")
                .payload(new byte[20])
                .properties(PublishProperties.builder()
                        .userProperties(UserProperties.of("k", "v"))
                        .build())
                .build();
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5, 30);
        assertThatThrownBy(() -> encoder.encodedSize(p))
                .isInstanceOf(MqttEncodeException.class)
                .extracting(e -> ((MqttEncodeException) e).normativeId())
                .asString()
                .contains("MQTT-3.2.2-15");
    }

    @Test
    void encode_rejects_strings_mqtt_forbids() {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5);
        assertThatThrownBy(() -> encoder.encodedSize(Publish.builder("a\u0000b").build()))
                .isInstanceOf(MqttEncodeException.class)
                .hasMessageContaining("MQTT-1.5.4-2");
        assertThatThrownBy(() -> encoder.encodedSize(Publish.builder("a\uD800b").build()))
                .isInstanceOf(MqttEncodeException.class)
                .hasMessageContaining("MQTT-1.5.4-1");
        assertThatThrownBy(() ->
                        encoder.encodedSize(Publish.builder("é".repeat(40_000)).build()))
                .isInstanceOf(MqttEncodeException.class)
                .hasMessageContaining("80000 bytes");
    }

    @Test
    void encode_mqtt_3_1_1_maps_or_refuses_what_it_cannot_carry() throws MqttDecodeException {
        MqttEncoder v3 = new MqttEncoder(MqttVersion.V3_1_1);
        assertThatThrownBy(() -> v3.encodedSize(new Auth(AuthReasonCode.SUCCESS, null, null, null, null)))
                .isInstanceOf(MqttEncodeException.class);
        assertThatThrownBy(() -> v3.encodedSize(new ConnAck(false, ConnectReasonCode.QUOTA_EXCEEDED, null)))
                .isInstanceOf(MqttEncodeException.class)
                .hasMessageContaining("no MQTT 3.1.1 return code");
        // every failure becomes 0x80, the one failure code of 3.1.1
        assertThat(ByteBufUtil.hexDump(
                        CodecTesting.encode(SubAck.of(1, SubAckReasonCode.NOT_AUTHORIZED), MqttVersion.V3_1_1)))
                .isEqualTo("9003000180");
        assertThat(roundTrip(v3, SubAck.of(1, SubAckReasonCode.NOT_AUTHORIZED), Side.SERVER))
                .isEqualTo(SubAck.of(1, SubAckReasonCode.UNSPECIFIED_ERROR));
    }

    @Test
    void encode_into_a_caller_buffer_batches_packets_and_leaves_the_payload_untouched() throws MqttDecodeException {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5);
        Publish p = Publish.builder("a/b")
                .payload("hello".getBytes(StandardCharsets.UTF_8))
                .build();
        ByteBuf out = Unpooled.buffer(4);
        try {
            int first = encoder.encode(p, out);
            int second = encoder.encode(PingReq.INSTANCE, out);
            assertThat(first).isEqualTo(encoder.encodedSize(p));
            assertThat(second).isEqualTo(2);
            assertThat(out.readableBytes()).isEqualTo(first + second);
            assertThat(p.payload().readerIndex()).isZero();
            assertThat(p.payload().readableBytes()).isEqualTo(5);
            MqttDecoder decoder = CodecTesting.decoderFor(MqttVersion.V5, Side.CLIENT);
            MqttPacket decoded = decoder.decode(out);
            assertThat(decoded).isEqualTo(p);
            CodecTesting.release(decoded);
            assertThat(decoder.decode(out)).isEqualTo(PingReq.INSTANCE);
        } finally {
            out.release();
            p.release();
        }
    }

    @Test
    void encode_allocates_exactly_the_packet_size() {
        MqttEncoder encoder = new MqttEncoder(MqttVersion.V5);
        Publish p = Publish.builder("日本/ü").payload(new byte[300]).build();
        ByteBuf buf = encoder.encode(p, Unpooled.buffer().alloc());
        try {
            assertThat(buf.capacity()).isEqualTo(buf.readableBytes()).isEqualTo(encoder.encodedSize(p));
        } finally {
            buf.release();
            p.release();
        }
    }

    @Test
    void decode_keeps_a_byte_order_mark() throws MqttDecodeException {
        // MQTT-1.5.4-3: EF BB BF is U+FEFF and must not be stripped
        MqttPacket p = CodecTesting.decodeOne(
                b(0x30, 0x06, 0x00, 0x04, 0xEF, 0xBB, 0xBF, "t"), MqttVersion.V3_1_1, Side.CLIENT);
        try {
            assertThat(((Publish) p).topic()).isEqualTo("\uFEFFt");
        } finally {
            CodecTesting.release(p);
        }
    }

    @Test
    void decoded_publish_payload_is_a_zero_copy_slice_released_by_its_owner() throws MqttDecodeException {
        ByteBuf in = Unpooled.directBuffer().writeBytes(b(0x30, 0x07, 0x00, 0x03, "a/b", "hi"));
        MqttDecoder v3 = CodecTesting.decoderFor(MqttVersion.V3_1_1, Side.SERVER);
        Publish q = (Publish) v3.decode(in);
        assertThat(in.refCnt()).as("the payload holds a reference to the input").isEqualTo(2);
        assertThat(q.payload().memoryAddress()).isEqualTo(in.memoryAddress() + 7);
        in.release();
        assertThat(q.payload().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(q.release()).isTrue();
        assertThat(in.refCnt()).isZero();
    }
}
