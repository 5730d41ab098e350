package dev.patchline.protocol.mqtt.codec;

import static dev.patchline.protocol.mqtt.codec.packet.MqttVersion.V3_1_1;
import static dev.patchline.protocol.mqtt.codec.packet.MqttVersion.V5;
import static dev.patchline.protocol.mqtt.codec.packet.Side.CLIENT;
import static dev.patchline.protocol.mqtt.codec.packet.Side.SERVER;

import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PingReq;
import dev.patchline.protocol.mqtt.codec.packet.PingResp;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRecReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.PubRelReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.RetainHandling;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import dev.patchline.protocol.mqtt.codec.packet.SubAck;
import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Subscribe;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.SubscriptionOptions;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAck;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Unsubscribe;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.codec.packet.WillProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Golden packets: exact bytes, written by hand from the specification with a comment per field,
 * and the packet they mean. Every packet type of both versions appears at least once. The same
 * bytes are the seed corpus of the fuzz test.
 */
final class Goldens {

    /**
     * @param sender who sends it; the test decodes it with a decoder for the other side
     * @param packet a fresh packet each call (a PUBLISH payload is released by the test)
     */
    record Golden(String name, MqttVersion version, Side sender, byte[] bytes, Supplier<MqttPacket> packet) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Golden> ALL = new ArrayList<>();

    private static void golden(
            String name, MqttVersion version, Side sender, byte[] bytes, Supplier<MqttPacket> packet) {
        ALL.add(new Golden(name, version, sender, bytes, packet));
    }

    /** Bytes from ints (one byte each) and strings (their ASCII/UTF-8 bytes, no length prefix). */
    static byte[] b(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    static {
        // ============================================================ MQTT 3.1.1

        golden(
                "v3 CONNECT with will, user name and password",
                V3_1_1,
                CLIENT,
                b(
                        0x10, // CONNECT, flags 0000
                        0x1C, // remaining length 28
                        0x00,
                        0x04,
                        "MQTT", // protocol name
                        0x04, // protocol level 4 = 3.1.1
                        0xEE, // flags: user name 1, password 1, will retain 1, will QoS 01, will 1, clean session 1,
                        // reserved 0
                        0x00,
                        0x3C, // keep alive 60 s
                        0x00,
                        0x02,
                        "c1", // client identifier
                        0x00,
                        0x01,
                        "w", // will topic
                        0x00,
                        0x03,
                        "bye", // will message
                        0x00,
                        0x01,
                        "u", // user name
                        0x00,
                        0x01,
                        "p"), // password
                () -> Connect.builder(V3_1_1, "c1")
                        .keepAliveSeconds(60)
                        .username("u")
                        .password(BinaryData.ofUtf8("p"))
                        .will(Will.of("w", BinaryData.ofUtf8("bye"), Qos.AT_LEAST_ONCE, true))
                        .build());

        golden(
                "v3 CONNECT minimal, empty client identifier",
                V3_1_1,
                CLIENT,
                b(
                        0x10, 0x0C, // CONNECT, remaining length 12
                        0x00, 0x04, "MQTT", // protocol name
                        0x04, // level 4
                        0x02, // flags: clean session only
                        0x00, 0x00, // keep alive 0 (off)
                        0x00, 0x00), // client identifier "" (server assigns one)
                () -> Connect.builder(V3_1_1, "").keepAliveSeconds(0).build());

        golden(
                "v3 CONNACK accepted, session present",
                V3_1_1,
                SERVER,
                b(
                        0x20, 0x02, // CONNACK, remaining length 2
                        0x01, // acknowledge flags: session present
                        0x00), // return code 0 accepted
                () -> ConnAck.success(true));

        golden(
                "v3 CONNACK refused, not authorized",
                V3_1_1,
                SERVER,
                b(
                        0x20, 0x02, // CONNACK, remaining length 2
                        0x00, // no session
                        0x05), // return code 5 not authorized
                () -> new ConnAck(false, ConnectReasonCode.NOT_AUTHORIZED, null));

        golden(
                "v3 PUBLISH QoS 0",
                V3_1_1,
                CLIENT,
                b(
                        0x30, 0x07, // PUBLISH, DUP 0, QoS 0, RETAIN 0; remaining length 7
                        0x00, 0x03, "a/b", // topic name
                        "hi"), // payload, no packet identifier at QoS 0
                () -> Publish.builder("a/b")
                        .payload("hi".getBytes(StandardCharsets.UTF_8))
                        .build());

        golden(
                "v3 PUBLISH QoS 2, DUP, RETAIN",
                V3_1_1,
                SERVER,
                b(
                        0x3D, 0x08, // PUBLISH, DUP 1, QoS 2 (bits 2-1 = 10), RETAIN 1; remaining length 8
                        0x00, 0x01, "t", // topic name
                        0x00, 0x07, // packet identifier 7
                        0x01, 0x02, 0x03), // payload
                () -> Publish.builder("t")
                        .qos(Qos.EXACTLY_ONCE)
                        .dup(true)
                        .retain(true)
                        .packetId(7)
                        .payload(new byte[] {1, 2, 3})
                        .build());

        golden(
                "v3 PUBACK",
                V3_1_1,
                CLIENT,
                b(0x40, 0x02, 0x00, 0x07), // PUBACK, length 2, packet identifier 7
                () -> PubAck.of(7));
        golden(
                "v3 PUBREC",
                V3_1_1,
                CLIENT,
                b(0x50, 0x02, 0x00, 0x07), // PUBREC, length 2, packet identifier 7
                () -> PubRec.of(7));
        golden(
                "v3 PUBREL",
                V3_1_1,
                SERVER,
                b(0x62, 0x02, 0x00, 0x07), // PUBREL, flags 0010, length 2, id 7
                () -> PubRel.of(7));
        golden(
                "v3 PUBCOMP",
                V3_1_1,
                CLIENT,
                b(0x70, 0x02, 0x00, 0x07), // PUBCOMP, length 2, packet identifier 7
                () -> PubComp.of(7));

        golden(
                "v3 SUBSCRIBE two filters",
                V3_1_1,
                CLIENT,
                b(
                        0x82, 0x0E, // SUBSCRIBE, flags 0010; remaining length 14
                        0x00, 0x0A, // packet identifier 10
                        0x00, 0x03, "a/#", // topic filter
                        0x01, // requested QoS 1
                        0x00, 0x03, "+/b", // topic filter
                        0x02), // requested QoS 2
                () -> Subscribe.of(
                        10, Subscription.of("a/#", Qos.AT_LEAST_ONCE), Subscription.of("+/b", Qos.EXACTLY_ONCE)));

        golden(
                "v3 SUBACK granted and failed",
                V3_1_1,
                SERVER,
                b(
                        0x90, 0x04, // SUBACK, remaining length 4
                        0x00, 0x0A, // packet identifier 10
                        0x01, // granted QoS 1
                        0x80), // failure
                () -> SubAck.of(10, SubAckReasonCode.GRANTED_QOS_1, SubAckReasonCode.UNSPECIFIED_ERROR));

        golden(
                "v3 UNSUBSCRIBE",
                V3_1_1,
                CLIENT,
                b(
                        0xA2, 0x07, // UNSUBSCRIBE, flags 0010; remaining length 7
                        0x00, 0x0B, // packet identifier 11
                        0x00, 0x03, "a/#"), // topic filter
                () -> Unsubscribe.of(11, "a/#"));

        golden(
                "v3 UNSUBACK",
                V3_1_1,
                SERVER,
                b(0xB0, 0x02, 0x00, 0x0B), // UNSUBACK, length 2, id 11
                () -> UnsubAck.of(11));
        golden("v3 PINGREQ", V3_1_1, CLIENT, b(0xC0, 0x00), () -> PingReq.INSTANCE);
        golden("v3 PINGRESP", V3_1_1, SERVER, b(0xD0, 0x00), () -> PingResp.INSTANCE);
        golden("v3 DISCONNECT", V3_1_1, CLIENT, b(0xE0, 0x00), () -> Disconnect.NORMAL);

        // ============================================================ MQTT 5.0

        golden(
                "v5 CONNECT with properties, will properties and credentials",
                V5,
                CLIENT,
                b(
                        0x10, 0x5C, // CONNECT, remaining length 92
                        0x00, 0x04, "MQTT", // protocol name
                        0x05, // protocol version 5
                        0xC6, // flags: user name 1, password 1, will retain 0, will QoS 00, will 1, clean start 1
                        0x00, 0x1E, // keep alive 30 s
                        0x22, // property length 34
                        0x11, 0x00, 0x00, 0x00, 0x78, // Session Expiry Interval 120
                        0x21, 0x00, 0x0A, // Receive Maximum 10
                        0x27, 0x00, 0x00, 0x10, 0x00, // Maximum Packet Size 4096
                        0x22, 0x00, 0x05, // Topic Alias Maximum 5
                        0x19, 0x01, // Request Response Information 1
                        0x17, 0x00, // Request Problem Information 0
                        0x26, 0x00, 0x01, "k", 0x00, 0x01, "v", // User Property k=v
                        0x26, 0x00, 0x01, "k", 0x00, 0x01, "w", // User Property k=w (repeated name kept)
                        0x00, 0x02, "c5", // client identifier
                        0x1C, // will property length 28
                        0x18, 0x00, 0x00, 0x00, 0x0A, // Will Delay Interval 10
                        0x01, 0x01, // Payload Format Indicator 1 (UTF-8)
                        0x02, 0x00, 0x00, 0x00, 0x3C, // Message Expiry Interval 60
                        0x03, 0x00, 0x04, "text", // Content Type
                        0x08, 0x00, 0x01, "r", // Response Topic
                        0x09, 0x00, 0x02, 0xCA, 0xFE, // Correlation Data
                        0x00, 0x01, "w", // will topic
                        0x00, 0x02, "ok", // will payload
                        0x00, 0x01, "u", // user name
                        0x00, 0x02, "pw"), // password
                () -> Connect.builder(V5, "c5")
                        .keepAliveSeconds(30)
                        .username("u")
                        .password(BinaryData.ofUtf8("pw"))
                        .will(new Will(
                                "w",
                                BinaryData.ofUtf8("ok"),
                                Qos.AT_MOST_ONCE,
                                false,
                                WillProperties.builder()
                                        .willDelayInterval(10L)
                                        .payloadFormat(PayloadFormat.UTF_8)
                                        .messageExpiryInterval(60L)
                                        .contentType("text")
                                        .responseTopic("r")
                                        .correlationData(BinaryData.of(new byte[] {(byte) 0xCA, (byte) 0xFE}))
                                        .build()))
                        .properties(ConnectProperties.builder()
                                .sessionExpiryInterval(120L)
                                .receiveMaximum(10)
                                .maximumPacketSize(4096L)
                                .topicAliasMaximum(5)
                                .requestResponseInformation(true)
                                .requestProblemInformation(false)
                                .userProperties(UserProperties.of("k", "v", "k", "w"))
                                .build())
                        .build());

        golden(
                "v5 CONNECT minimal",
                V5,
                CLIENT,
                b(
                        0x10, 0x0E, // CONNECT, remaining length 14
                        0x00, 0x04, "MQTT", // protocol name
                        0x05, // version 5
                        0x02, // flags: clean start
                        0x00, 0x00, // keep alive 0
                        0x00, // property length 0
                        0x00, 0x01, "x"), // client identifier
                () -> Connect.builder(V5, "x").keepAliveSeconds(0).build());

        golden(
                "v5 CONNACK with properties",
                V5,
                SERVER,
                b(
                        0x20, 0x1F, // CONNACK, remaining length 31
                        0x00, // no session present
                        0x00, // reason code success
                        0x1C, // property length 28
                        0x21, 0x00, 0x14, // Receive Maximum 20
                        0x24, 0x01, // Maximum QoS 1
                        0x25, 0x00, // Retain Available 0
                        0x12, 0x00, 0x03, "gen", // Assigned Client Identifier
                        0x13, 0x00, 0x0F, // Server Keep Alive 15
                        0x1F, 0x00, 0x02, "ok", // Reason String
                        0x26, 0x00, 0x01, "a", 0x00, 0x01, "b"), // User Property a=b
                () -> new ConnAck(
                        false,
                        ConnectReasonCode.SUCCESS,
                        ConnAckProperties.builder()
                                .receiveMaximum(20)
                                .maximumQos(Qos.AT_LEAST_ONCE)
                                .retainAvailable(false)
                                .assignedClientIdentifier("gen")
                                .serverKeepAlive(15)
                                .reasonString("ok")
                                .userProperties(UserProperties.of("a", "b"))
                                .build()));

        golden(
                "v5 CONNACK refused",
                V5,
                SERVER,
                b(
                        0x20, 0x03, // CONNACK, remaining length 3
                        0x00, // no session present
                        0x87, // reason code 0x87 not authorized
                        0x00), // property length 0
                () -> new ConnAck(false, ConnectReasonCode.NOT_AUTHORIZED, null));

        golden(
                "v5 PUBLISH QoS 1 with properties",
                V5,
                CLIENT,
                b(
                        0x32, 0x24, // PUBLISH, DUP 0, QoS 1, RETAIN 0; remaining length 36
                        0x00, 0x03, "s/1", // topic name
                        0x00, 0x2A, // packet identifier 42
                        0x18, // property length 24
                        0x01, 0x01, // Payload Format Indicator 1
                        0x02, 0x00, 0x00, 0x00, 0x0A, // Message Expiry Interval 10
                        0x23, 0x00, 0x03, // Topic Alias 3
                        0x26, 0x00, 0x01, "u", 0x00, 0x01, "v", // User Property u=v
                        0x03, 0x00, 0x04, "json", // Content Type
                        "22.5"), // payload
                () -> Publish.builder("s/1")
                        .qos(Qos.AT_LEAST_ONCE)
                        .packetId(42)
                        .payload("22.5".getBytes(StandardCharsets.UTF_8))
                        .properties(PublishProperties.builder()
                                .payloadFormat(PayloadFormat.UTF_8)
                                .messageExpiryInterval(10L)
                                .topicAlias(3)
                                .userProperties(UserProperties.of("u", "v"))
                                .contentType("json")
                                .build())
                        .build());

        golden(
                "v5 PUBLISH from server with two subscription identifiers",
                V5,
                SERVER,
                b(
                        0x30, 0x09, // PUBLISH QoS 0; remaining length 9
                        0x00, 0x01, "a", // topic name
                        0x05, // property length 5
                        0x0B, 0x05, // Subscription Identifier 5
                        0x0B, 0x81,
                        0x01), // Subscription Identifier 129 (variable byte integer 0x81 0x01); empty payload
                () -> Publish.builder("a")
                        .properties(PublishProperties.builder()
                                .subscriptionIdentifiers(List.of(5, 129))
                                .build())
                        .build());

        golden(
                "v5 PUBLISH with empty topic and topic alias",
                V5,
                CLIENT,
                b(
                        0x30, 0x07, // PUBLISH QoS 0; remaining length 7
                        0x00, 0x00, // topic name "" (the alias names it)
                        0x03, // property length 3
                        0x23, 0x00, 0x01, // Topic Alias 1
                        "x"), // payload
                () -> Publish.builder("")
                        .payload(new byte[] {'x'})
                        .properties(PublishProperties.builder().topicAlias(1).build())
                        .build());

        golden(
                "v5 PUBACK success, short form",
                V5,
                SERVER,
                b(0x40, 0x02, 0x00, 0x01), // PUBACK, length 2, id 1
                () -> PubAck.of(1));
        golden(
                "v5 PUBACK with reason code only",
                V5,
                SERVER,
                b(
                        0x40, 0x03, // PUBACK, remaining length 3
                        0x00, 0x01, // packet identifier 1
                        0x10), // reason 0x10 no matching subscribers; property length omitted
                () -> PubAck.of(1, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS));
        golden(
                "v5 PUBACK with reason string",
                V5,
                CLIENT,
                b(
                        0x40, 0x0B, // PUBACK, remaining length 11
                        0x00, 0x01, // packet identifier 1
                        0x80, // reason 0x80 unspecified error
                        0x07, // property length 7
                        0x1F, 0x00, 0x04, "nope"), // Reason String
                () -> new PubAck(1, PubAckReasonCode.UNSPECIFIED_ERROR, "nope", null));
        golden(
                "v5 PUBREC packet identifier in use",
                V5,
                CLIENT,
                b(
                        0x50, 0x03, // PUBREC, remaining length 3
                        0x00, 0x02, // packet identifier 2
                        0x91), // reason 0x91 packet identifier in use
                () -> PubRec.of(2, PubRecReasonCode.PACKET_IDENTIFIER_IN_USE));
        golden(
                "v5 PUBREL success",
                V5,
                SERVER,
                b(0x62, 0x02, 0x00, 0x02), // PUBREL, flags 0010, length 2, id 2
                () -> PubRel.of(2));
        golden(
                "v5 PUBREL packet identifier not found",
                V5,
                CLIENT,
                b(
                        0x62, 0x03, // PUBREL, flags 0010, remaining length 3
                        0x00, 0x02, // packet identifier 2
                        0x92), // reason 0x92 packet identifier not found
                () -> PubRel.of(2, PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
        golden(
                "v5 PUBCOMP success",
                V5,
                CLIENT,
                b(0x70, 0x02, 0x00, 0x02), // PUBCOMP, length 2, id 2
                () -> PubComp.of(2));

        golden(
                "v5 SUBSCRIBE with options and shared filter",
                V5,
                CLIENT,
                b(
                        0x82,
                        0x21, // SUBSCRIBE, flags 0010; remaining length 33
                        0x00,
                        0x0B, // packet identifier 11
                        0x09, // property length 9
                        0x0B,
                        0x07, // Subscription Identifier 7
                        0x26,
                        0x00,
                        0x01,
                        "k",
                        0x00,
                        0x01,
                        "v", // User Property k=v
                        0x00,
                        0x03,
                        "a/+", // topic filter
                        0x2D, // options: retain handling 2, retain as published 1, no local 1, QoS 1
                        0x00,
                        0x0C,
                        "$share/g/x/#", // shared subscription filter
                        0x02), // options: QoS 2
                () -> new Subscribe(
                        11,
                        List.of(
                                new Subscription(
                                        "a/+",
                                        new SubscriptionOptions(
                                                Qos.AT_LEAST_ONCE, true, true, RetainHandling.DO_NOT_SEND)),
                                Subscription.of("$share/g/x/#", Qos.EXACTLY_ONCE)),
                        7,
                        UserProperties.of("k", "v")));

        golden(
                "v5 SUBACK",
                V5,
                SERVER,
                b(
                        0x90, 0x06, // SUBACK, remaining length 6
                        0x00, 0x0B, // packet identifier 11
                        0x00, // property length 0
                        0x01, // granted QoS 1
                        0x02, // granted QoS 2
                        0xA2), // 0xA2 wildcard subscriptions not supported
                () -> SubAck.of(
                        11,
                        SubAckReasonCode.GRANTED_QOS_1,
                        SubAckReasonCode.GRANTED_QOS_2,
                        SubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED));

        golden(
                "v5 UNSUBSCRIBE",
                V5,
                CLIENT,
                b(
                        0xA2, 0x08, // UNSUBSCRIBE, flags 0010; remaining length 8
                        0x00, 0x0C, // packet identifier 12
                        0x00, // property length 0
                        0x00, 0x03, "a/+"), // topic filter
                () -> Unsubscribe.of(12, "a/+"));

        golden(
                "v5 UNSUBACK with reason string",
                V5,
                SERVER,
                b(
                        0xB0, 0x09, // UNSUBACK, remaining length 9
                        0x00, 0x0C, // packet identifier 12
                        0x04, // property length 4
                        0x1F, 0x00, 0x01, "x", // Reason String
                        0x00, // success
                        0x11), // 0x11 no subscription existed
                () -> new UnsubAck(
                        12,
                        List.of(UnsubAckReasonCode.SUCCESS, UnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED),
                        "x",
                        null));

        golden("v5 PINGREQ", V5, CLIENT, b(0xC0, 0x00), () -> PingReq.INSTANCE);
        golden("v5 PINGRESP", V5, SERVER, b(0xD0, 0x00), () -> PingResp.INSTANCE);
        golden("v5 DISCONNECT normal, short form", V5, CLIENT, b(0xE0, 0x00), () -> Disconnect.NORMAL);
        golden(
                "v5 DISCONNECT with will, from client, with properties",
                V5,
                CLIENT,
                b(
                        0xE0, 0x0D, // DISCONNECT, remaining length 13
                        0x04, // reason 0x04 disconnect with will message (client only)
                        0x0B, // property length 11
                        0x11, 0x00, 0x00, 0x00, 0x00, // Session Expiry Interval 0
                        0x1F, 0x00, 0x03, "bye"), // Reason String
                () -> new Disconnect(DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE, 0L, "bye", null, null));
        golden(
                "v5 DISCONNECT from server, reason code only",
                V5,
                SERVER,
                b(
                        0xE0, 0x01, // DISCONNECT, remaining length 1
                        0x8B), // reason 0x8B server shutting down (server only); properties omitted
                () -> Disconnect.of(DisconnectReasonCode.SERVER_SHUTTING_DOWN));
        golden(
                "v5 AUTH continue",
                V5,
                CLIENT,
                b(
                        0xF0, 0x0F, // AUTH, remaining length 15
                        0x18, // reason 0x18 continue authentication
                        0x0D, // property length 13
                        0x15, 0x00, 0x05, "SCRAM", // Authentication Method
                        0x16, 0x00, 0x02, 0x01, 0x02), // Authentication Data
                () -> new Auth(
                        AuthReasonCode.CONTINUE_AUTHENTICATION, "SCRAM", BinaryData.of(new byte[] {1, 2}), null, null));
        golden(
                "v5 AUTH success, short form",
                V5,
                SERVER,
                b(0xF0, 0x00), // AUTH, remaining length 0 = success
                () -> new Auth(AuthReasonCode.SUCCESS, null, null, null, null));
    }

    private Goldens() {}
}
