package dev.patchline.protocol.mqtt.codec;

import static dev.patchline.protocol.mqtt.codec.Goldens.b;
import static dev.patchline.protocol.mqtt.codec.MqttDecodeException.MALFORMED_PACKET;
import static dev.patchline.protocol.mqtt.codec.MqttDecodeException.PACKET_TOO_LARGE;
import static dev.patchline.protocol.mqtt.codec.MqttDecodeException.PROTOCOL_ERROR;
import static dev.patchline.protocol.mqtt.codec.MqttDecodeException.TOPIC_NAME_INVALID;
import static dev.patchline.protocol.mqtt.codec.MqttDecodeException.UNSUPPORTED_PROTOCOL_VERSION;
import static dev.patchline.protocol.mqtt.codec.packet.MqttVersion.V3_1_1;
import static dev.patchline.protocol.mqtt.codec.packet.MqttVersion.V5;
import static dev.patchline.protocol.mqtt.codec.packet.Side.CLIENT;
import static dev.patchline.protocol.mqtt.codec.packet.Side.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule the decoder enforces, broken once: the exact reason code and normative statement. */
class DecoderRejectsTest {

    /** {@code on} is the side that decodes; {@code version} null = a server detecting it. */
    static Arguments bad(
            String name, MqttVersion version, Side on, ReasonCode reasonCode, String normativeId, byte[] bytes) {
        return Arguments.of(name, version, on, reasonCode, normativeId, bytes);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- fixed header
                bad("packet type 0 is reserved", V5, SERVER, MALFORMED_PACKET, null, b(0x00, 0x00)),
                bad("PUBLISH QoS 3", V5, SERVER, MALFORMED_PACKET, "MQTT-3.3.1-4", b(0x36, 0x03, 0x00, 0x01, "t")),
                bad("PUBREL flags 0000", V5, SERVER, MALFORMED_PACKET, "MQTT-3.6.1-1", b(0x60, 0x02, 0x00, 0x01)),
                bad(
                        "SUBSCRIBE flags 0000",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.8.1-1",
                        b(0x80, 0x06, 0x00, 0x01, 0x00, 0x01, "a", 0x00)),
                bad(
                        "UNSUBSCRIBE flags 0011",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.10.1-1",
                        b(0xA3, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, "a")),
                bad("PUBACK flags 0001", V3_1_1, CLIENT, MALFORMED_PACKET, "MQTT-2.1.3-1", b(0x41, 0x02, 0x00, 0x01)),
                bad("DISCONNECT flags 0001", V5, SERVER, MALFORMED_PACKET, "MQTT-3.14.1-1", b(0xE1, 0x00)),
                bad("AUTH flags 1000", V5, SERVER, MALFORMED_PACKET, "MQTT-3.15.1-1", b(0xF8, 0x00)),
                bad("AUTH in MQTT 3.1.1", V3_1_1, SERVER, MALFORMED_PACKET, null, b(0xF0, 0x00)),
                bad("remaining length not minimal", V5, SERVER, MALFORMED_PACKET, "MQTT-1.5.5-1", b(0xC0, 0x80, 0x00)),
                bad(
                        "remaining length of 5 bytes",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)),
                bad(
                        "SUBSCRIBE sent to a client",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        null,
                        b(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0x00)),
                bad("CONNACK sent to a server", V3_1_1, SERVER, PROTOCOL_ERROR, null, b(0x20, 0x02, 0x00, 0x00)),
                bad("MQTT 3.1.1 DISCONNECT sent to a client", V3_1_1, CLIENT, PROTOCOL_ERROR, null, b(0xE0, 0x00)),
                bad("first packet is not CONNECT", null, SERVER, PROTOCOL_ERROR, "MQTT-3.1.0-1", b(0xC0, 0x00)),

                // ---- packet identifiers, lengths
                bad(
                        "PUBACK packet identifier 0",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        "MQTT-2.2.1-3",
                        b(0x40, 0x02, 0x00, 0x00)),
                bad(
                        "PUBLISH QoS 1 packet identifier 0",
                        V3_1_1,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-2.2.1-3",
                        b(0x32, 0x05, 0x00, 0x01, "t", 0x00, 0x00)),
                bad("PINGREQ with a body", V5, SERVER, MALFORMED_PACKET, null, b(0xC0, 0x01, 0x00)),
                bad(
                        "MQTT 3.1.1 PUBACK too long",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x40, 0x03, 0x00, 0x01, 0x00)),
                bad(
                        "string length beyond the packet",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0x03, 0x00, 0x09, "t")),

                // ---- PUBLISH
                bad(
                        "PUBLISH QoS 0 with DUP",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.3.1-2",
                        b(0x38, 0x04, 0x00, 0x01, "t", 0x00)),
                bad(
                        "topic name with '#'",
                        V3_1_1,
                        SERVER,
                        TOPIC_NAME_INVALID,
                        "MQTT-3.3.2-2",
                        b(0x30, 0x05, 0x00, 0x03, "a/#")),
                bad(
                        "topic name with '+' after non-ASCII",
                        V3_1_1,
                        SERVER,
                        TOPIC_NAME_INVALID,
                        "MQTT-3.3.2-2",
                        b(0x30, 0x05, 0x00, 0x03, "é+")),
                bad(
                        "topic name with U+0000",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-1.5.4-2",
                        b(0x30, 0x04, 0x00, 0x02, "a", 0x00)),
                bad(
                        "topic name with an encoded surrogate",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-1.5.4-1",
                        b(0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80)),
                bad(
                        "topic name with an overlong encoding",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-1.5.4-1",
                        b(0x30, 0x04, 0x00, 0x02, 0xC0, 0xAF)),
                bad(
                        "topic name with a truncated character",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-1.5.4-1",
                        b(0x30, 0x04, 0x00, 0x02, 0xE6, 0x97)),
                bad(
                        "topic name with a code point above U+10FFFF",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-1.5.4-1",
                        b(0x30, 0x06, 0x00, 0x04, 0xF4, 0x90, 0x80, 0x80)),
                bad(
                        "MQTT 3.1.1 empty topic name",
                        V3_1_1,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-4.7.3-1",
                        b(0x30, 0x02, 0x00, 0x00)),
                bad(
                        "MQTT 5 empty topic name without alias",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.3.2-1",
                        b(0x30, 0x03, 0x00, 0x00, 0x00)),
                bad(
                        "Topic Alias 0",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.3.2-8",
                        b(0x30, 0x07, 0x00, 0x01, "t", 0x03, 0x23, 0x00, 0x00)),
                bad(
                        "property given twice",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        null,
                        b(
                                0x30, 0x0E, 0x00, 0x01, "t", 0x0A, 0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
                                0x02)),
                bad(
                        "property not allowed in PUBLISH",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0x09, 0x00, 0x01, "t", 0x05, 0x11, 0x00, 0x00, 0x00, 0x01)),
                bad(
                        "unknown property identifier",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0x06, 0x00, 0x01, "t", 0x02, 0x7F, 0x00)),
                bad(
                        "Subscription Identifier in PUBLISH from a client",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.3.4-6",
                        b(0x30, 0x06, 0x00, 0x01, "t", 0x02, 0x0B, 0x01)),
                bad(
                        "Subscription Identifier 0",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        null,
                        b(0x30, 0x06, 0x00, 0x01, "t", 0x02, 0x0B, 0x00)),
                bad(
                        "Subscription Identifier not minimal",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-1.5.5-1",
                        b(0x30, 0x07, 0x00, 0x01, "t", 0x03, 0x0B, 0x81, 0x00)),
                bad(
                        "Response Topic with a wildcard",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.3.2-14",
                        b(0x30, 0x08, 0x00, 0x01, "t", 0x04, 0x08, 0x00, 0x01, "#")),
                bad(
                        "Payload Format Indicator 2",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0x06, 0x00, 0x01, "t", 0x02, 0x01, 0x02)),
                bad(
                        "property length beyond the packet",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0x05, 0x00, 0x01, "t", 0x05, 0x01)),
                bad(
                        "property value beyond the property length",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x30, 0x09, 0x00, 0x01, "t", 0x02, 0x02, 0x00, 0x00, 0x00, 0x01)),

                // ---- acknowledgements
                bad(
                        "PUBACK reason code undefined",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-3.4.2-1",
                        b(0x40, 0x03, 0x00, 0x01, 0x05)),
                bad(
                        "PUBREL reason code of PUBACK",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-3.6.2-1",
                        b(0x62, 0x03, 0x00, 0x01, 0x10)),
                bad(
                        "PUBACK with Topic Alias property",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        null,
                        b(0x40, 0x07, 0x00, 0x01, 0x00, 0x03, 0x23, 0x00, 0x01)),

                // ---- CONNECT / CONNACK
                bad(
                        "CONNECT reserved flag",
                        null,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.1.2-3",
                        b(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x03, 0x00, 0x00, 0x00, 0x01, "x")),
                bad(
                        "CONNECT will QoS 3",
                        null,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.1.2-14",
                        b(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x1E, 0x00, 0x00, 0x00, 0x01, "x")),
                bad(
                        "CONNECT will retain without will",
                        null,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.1.2-11",
                        b(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x22, 0x00, 0x00, 0x00, 0x01, "x")),
                bad(
                        "MQTT 3.1.1 CONNECT password without user name",
                        null,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.1.2-22",
                        b(0x10, 0x10, 0x00, 0x04, "MQTT", 0x04, 0x42, 0x00, 0x00, 0x00, 0x01, "x", 0x00, 0x01, "p")),
                bad(
                        "CONNECT for MQTT 3.1 (MQIsdp)",
                        null,
                        SERVER,
                        UNSUPPORTED_PROTOCOL_VERSION,
                        "MQTT-3.1.2-1",
                        b(0x10, 0x0F, 0x00, 0x06, "MQIsdp", 0x03, 0x02, 0x00, 0x00, 0x00, 0x01, "x")),
                bad(
                        "CONNECT protocol level 6",
                        null,
                        SERVER,
                        UNSUPPORTED_PROTOCOL_VERSION,
                        "MQTT-3.1.2-2",
                        b(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x06, 0x02, 0x00, 0x00, 0x00, 0x01, "x")),
                bad(
                        "CONNECT level 4 to a server fixed on 5",
                        V5,
                        SERVER,
                        UNSUPPORTED_PROTOCOL_VERSION,
                        "MQTT-3.1.2-2",
                        b(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x02, 0x00, 0x00, 0x00, 0x01, "x")),
                bad(
                        "CONNECT with bytes after the last field",
                        null,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x10, 0x0E, 0x00, 0x04, "MQTT", 0x04, 0x02, 0x00, 0x00, 0x00, 0x01, "x", 0x00)),
                bad(
                        "CONNECT Receive Maximum 0",
                        null,
                        SERVER,
                        PROTOCOL_ERROR,
                        null,
                        b(
                                0x10, 0x11, 0x00, 0x04, "MQTT", 0x05, 0x02, 0x00, 0x00, 0x03, 0x21, 0x00, 0x00, 0x00,
                                0x01, "x")),
                bad(
                        "CONNECT Authentication Data without Method",
                        null,
                        SERVER,
                        PROTOCOL_ERROR,
                        null,
                        b(
                                0x10, 0x12, 0x00, 0x04, "MQTT", 0x05, 0x02, 0x00, 0x00, 0x04, 0x16, 0x00, 0x01, 0x09,
                                0x00, 0x01, "x")),
                bad(
                        "CONNECT Request Problem Information 2",
                        null,
                        SERVER,
                        PROTOCOL_ERROR,
                        null,
                        b(0x10, 0x10, 0x00, 0x04, "MQTT", 0x05, 0x02, 0x00, 0x00, 0x02, 0x17, 0x02, 0x00, 0x01, "x")),
                bad(
                        "CONNACK reserved flags",
                        V3_1_1,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-3.2.2-1",
                        b(0x20, 0x02, 0x02, 0x00)),
                bad(
                        "CONNACK session present with an error",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        "MQTT-3.2.2-6",
                        b(0x20, 0x03, 0x01, 0x80, 0x00)),
                bad(
                        "CONNACK undefined reason code",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-3.2.2-8",
                        b(0x20, 0x03, 0x00, 0x01, 0x00)),
                bad(
                        "MQTT 3.1.1 CONNACK return code 6",
                        V3_1_1,
                        CLIENT,
                        MALFORMED_PACKET,
                        null,
                        b(0x20, 0x02, 0x00, 0x06)),
                bad(
                        "CONNACK Maximum QoS 2",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        null,
                        b(0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02)),

                // ---- SUBSCRIBE family
                bad(
                        "SUBSCRIBE without filters",
                        V3_1_1,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.8.3-2",
                        b(0x82, 0x02, 0x00, 0x01)),
                bad(
                        "SUBSCRIBE options reserved bits",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.8.3-5",
                        b(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0xC0)),
                bad(
                        "SUBSCRIBE No Local on a shared subscription",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.8.3-4",
                        b(0x82, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0A, "$share/g/a", 0x04)),
                bad(
                        "SUBSCRIBE Retain Handling 3",
                        V5,
                        SERVER,
                        PROTOCOL_ERROR,
                        null,
                        b(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0x30)),
                bad(
                        "SUBSCRIBE QoS 3",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        null,
                        b(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, "a", 0x03)),
                bad(
                        "MQTT 3.1.1 SUBSCRIBE reserved bits",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-3.8.3-4",
                        b(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, "a", 0x04)),
                bad(
                        "filter with '#' not last",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-4.7.1-1",
                        b(0x82, 0x0A, 0x00, 0x01, 0x00, 0x05, "a/#/b", 0x00)),
                bad(
                        "filter with '+' inside a level",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-4.7.1-2",
                        b(0x82, 0x07, 0x00, 0x01, 0x00, 0x02, "a+", 0x00)),
                bad(
                        "empty filter",
                        V3_1_1,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-4.7.3-1",
                        b(0x82, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00)),
                bad(
                        "shared subscription without filter",
                        V5,
                        SERVER,
                        MALFORMED_PACKET,
                        "MQTT-4.8.2-2",
                        b(0x82, 0x0E, 0x00, 0x01, 0x00, 0x00, 0x08, "$share/g", 0x00)),
                bad(
                        "UNSUBSCRIBE without filters",
                        V3_1_1,
                        SERVER,
                        PROTOCOL_ERROR,
                        "MQTT-3.10.3-2",
                        b(0xA2, 0x02, 0x00, 0x01)),
                bad(
                        "MQTT 3.1.1 SUBACK code 3",
                        V3_1_1,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-3.9.3-2",
                        b(0x90, 0x03, 0x00, 0x01, 0x03)),
                bad(
                        "SUBACK without codes",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        "MQTT-3.8.4-6",
                        b(0x90, 0x03, 0x00, 0x01, 0x00)),
                bad(
                        "UNSUBACK undefined code",
                        V5,
                        CLIENT,
                        MALFORMED_PACKET,
                        "MQTT-3.11.3-2",
                        b(0xB0, 0x04, 0x00, 0x01, 0x00, 0x01)),

                // ---- DISCONNECT / AUTH
                bad(
                        "DISCONNECT with will sent by the server",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        "MQTT-3.14.2-1",
                        b(0xE0, 0x01, 0x04)),
                bad("DISCONNECT undefined code", V5, SERVER, MALFORMED_PACKET, "MQTT-3.14.2-1", b(0xE0, 0x01, 0x03)),
                bad(
                        "DISCONNECT from server with Session Expiry",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        "MQTT-3.14.2-2",
                        b(0xE0, 0x07, 0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x01)),
                bad(
                        "AUTH re-authenticate sent by the server",
                        V5,
                        CLIENT,
                        PROTOCOL_ERROR,
                        "MQTT-3.15.2-1",
                        b(0xF0, 0x06, 0x19, 0x04, 0x15, 0x00, 0x01, "m")),
                bad("AUTH continue without method", V5, SERVER, PROTOCOL_ERROR, null, b(0xF0, 0x02, 0x18, 0x00)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decode_rejects(
            String name, MqttVersion version, Side on, ReasonCode reasonCode, String normativeId, byte[] bytes) {
        MqttDecoder decoder = new MqttDecoder(new DecoderConfig(version, CodecTesting.LIMIT, on));
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            MqttDecodeException e = catchThrowableOfType(MqttDecodeException.class, () -> decoder.decode(in));
            assertThat(e).as("decoding %s must fail", name).isNotNull();
            assertThat(e.reasonCode()).as("reason code of: %s", e.getMessage()).isEqualTo(reasonCode);
            assertThat(e.normativeId())
                    .as("normative id of: %s", e.getMessage())
                    .isEqualTo(normativeId);
            assertThat(decoder.isFailed()).isTrue();
            assertThat(in.isReadable())
                    .as("a failed decoder discards its input")
                    .isFalse();
        } finally {
            in.release();
        }
    }

    @Test
    void decode_packet_too_large_is_rejected_from_the_fixed_header_alone() {
        MqttDecoder decoder = new MqttDecoder(DecoderConfig.client(V5, 100));
        // PUBLISH announcing 16,383 bytes; only the 3 header bytes have arrived
        ByteBuf in = Unpooled.wrappedBuffer(b(0x30, 0xFF, 0x7F));
        try {
            MqttDecodeException e = catchThrowableOfType(MqttDecodeException.class, () -> decoder.decode(in));
            assertThat(e.reasonCode()).isEqualTo(PACKET_TOO_LARGE);
            assertThat(e.getMessage()).contains("16386 bytes").contains("100 bytes");
        } finally {
            in.release();
        }
    }

    @Test
    void decode_accepts_a_packet_of_exactly_the_maximum_size() throws MqttDecodeException {
        MqttDecoder decoder = new MqttDecoder(DecoderConfig.client(V5, 8));
        ByteBuf in = Unpooled.wrappedBuffer(b(0x30, 0x06, 0x00, 0x01, "t", 0x00, "ab")); // 8 bytes
        try {
            MqttPacket p = decoder.decode(in);
            assertThat(p).isNotNull();
            CodecTesting.release(p);
        } finally {
            in.release();
        }
    }

    @Test
    void decode_second_connect_is_a_protocol_error() throws MqttDecodeException {
        byte[] connect = b(0x10, 0x0D, 0x00, 0x04, "MQTT", 0x04, 0x02, 0x00, 0x00, 0x00, 0x01, "x");
        MqttDecoder decoder = new MqttDecoder(DecoderConfig.server(CodecTesting.LIMIT));
        ByteBuf in = Unpooled.wrappedBuffer(connect, connect);
        try {
            assertThat(decoder.decode(in)).isNotNull();
            assertThat(decoder.version()).isEqualTo(V3_1_1);
            MqttDecodeException e = catchThrowableOfType(MqttDecodeException.class, () -> decoder.decode(in));
            assertThat(e.normativeId()).isEqualTo("MQTT-3.1.0-2");
        } finally {
            in.release();
        }
    }

    @Test
    void decode_after_failure_keeps_failing_and_discards_input() {
        MqttDecoder decoder = new MqttDecoder(DecoderConfig.client(V5, CodecTesting.LIMIT));
        ByteBuf bad = Unpooled.wrappedBuffer(b(0x36, 0x03, 0x00, 0x01, "t"));
        ByteBuf good = Unpooled.wrappedBuffer(b(0xD0, 0x00));
        try {
            MqttDecodeException first = catchThrowableOfType(MqttDecodeException.class, () -> decoder.decode(bad));
            assertThatThrownBy(() -> decoder.decode(good)).isSameAs(first);
            assertThat(good.isReadable()).isFalse();
        } finally {
            bad.release();
            good.release();
        }
    }

    @Test
    void decode_unsupported_version_is_still_reported_for_the_connack() {
        MqttDecoder decoder = new MqttDecoder(DecoderConfig.server(CodecTesting.LIMIT));
        // a valid MQTT 5 CONNECT header whose will QoS is 3: the version is known before the error
        ByteBuf in = Unpooled.wrappedBuffer(
                b(0x10, 0x0E, 0x00, 0x04, "MQTT", 0x05, 0x1E, 0x00, 0x00, 0x00, 0x00, 0x01, "x"));
        try {
            catchThrowableOfType(MqttDecodeException.class, () -> decoder.decode(in));
            assertThat(decoder.version()).as("version to answer the CONNECT in").isEqualTo(V5);
        } finally {
            in.release();
        }
    }
}
