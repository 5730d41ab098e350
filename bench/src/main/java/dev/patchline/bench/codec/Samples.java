package dev.patchline.bench.codec;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.RetainHandling;
import dev.patchline.protocol.mqtt.codec.packet.Side;
import dev.patchline.protocol.mqtt.codec.packet.Subscribe;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.SubscriptionOptions;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The same packets in both models, so that both codecs encode and decode identical content. */
final class Samples {

    static final String TOPIC = "building/3/floor/2/room/17/temperature";

    private Samples() {}

    static byte[] payload(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** A QoS 1 PUBLISH; with properties it carries what a sensor typically sends in MQTT 5. */
    static Publish publish(int size, boolean properties) {
        PublishProperties props = properties
                ? PublishProperties.builder()
                        .payloadFormat(PayloadFormat.UTF_8)
                        .messageExpiryInterval(60L)
                        .contentType("application/json")
                        .userProperties(UserProperties.of("unit", "C", "sensor", "t-17"))
                        .build()
                : PublishProperties.NONE;
        return Publish.builder(TOPIC)
                .qos(Qos.AT_LEAST_ONCE)
                .packetId(4711)
                .payload(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(payload(size))))
                .properties(props)
                .build();
    }

    static MqttPublishMessage nettyPublish(int size, boolean properties) {
        MqttProperties props = new MqttProperties();
        if (properties) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1));
            props.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 60));
            props.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
            MqttProperties.UserProperties user = new MqttProperties.UserProperties();
            user.add("unit", "C");
            user.add("sensor", "t-17");
            props.add(user);
        }
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(TOPIC, 4711, props),
                Unpooled.wrappedBuffer(payload(size)));
    }

    static Connect connect() {
        return Connect.builder(MqttVersion.V5, "patchline-sensor-gateway-01")
                .keepAliveSeconds(30)
                .cleanStart(false)
                .username("gateway")
                .password(dev.patchline.protocol.mqtt.codec.packet.BinaryData.ofUtf8("s3cret"))
                .properties(ConnectProperties.builder()
                        .sessionExpiryInterval(3600L)
                        .receiveMaximum(100)
                        .maximumPacketSize(1_048_576L)
                        .topicAliasMaximum(16)
                        .build())
                .build();
    }

    static MqttConnectMessage nettyConnect() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 3600));
        props.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 100));
        props.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 1_048_576));
        props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 16));
        return new MqttConnectMessage(
                new MqttFixedHeader(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnectVariableHeader("MQTT", 5, true, true, false, 0, false, false, 30, props),
                new MqttConnectPayload(
                        "patchline-sensor-gateway-01",
                        MqttProperties.NO_PROPERTIES,
                        null,
                        (byte[]) null,
                        "gateway",
                        "s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    static Subscribe subscribe() {
        return new Subscribe(
                12,
                List.of(
                        Subscription.of("building/+/floor/+/room/+/temperature", Qos.AT_LEAST_ONCE),
                        new Subscription(
                                "alarms/#",
                                new SubscriptionOptions(Qos.EXACTLY_ONCE, true, false, RetainHandling.DO_NOT_SEND)),
                        Subscription.of("$share/gateways/commands/#", Qos.AT_LEAST_ONCE)),
                42,
                UserProperties.EMPTY);
    }

    static MqttSubscribeMessage nettySubscribe() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, 42));
        return new MqttSubscribeMessage(
                new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(12, props),
                new MqttSubscribePayload(List.of(
                        new MqttTopicSubscription(
                                "building/+/floor/+/room/+/temperature",
                                MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE)),
                        new MqttTopicSubscription(
                                "alarms/#",
                                new MqttSubscriptionOption(
                                        MqttQoS.EXACTLY_ONCE,
                                        true,
                                        false,
                                        MqttSubscriptionOption.RetainedHandlingPolicy.DONT_SEND_AT_SUBSCRIBE)),
                        new MqttTopicSubscription(
                                "$share/gateways/commands/#",
                                MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE)))));
    }

    /** The wire bytes of a packet, encoded by Patchline (both codecs decode the same bytes). */
    static byte[] bytes(MqttPacket packet) {
        ByteBuf b =
                new MqttEncoder(MqttVersion.V5).encode(packet, Unpooled.buffer().alloc());
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    /**
     * Whether Netty's encoding of its message means the same packet as ours: both codecs order
     * properties differently, so the check decodes Netty's bytes with Patchline and compares packets.
     */
    static boolean samePacket(MqttMessage nettyMessage, MqttPacket ours) {
        ByteBuf b = NettyCodec.encode(nettyMessage);
        try {
            MqttPacket decoded = new MqttDecoder(new DecoderConfig(
                            MqttVersion.V5,
                            DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE,
                            ours.type() == PacketType.PUBLISH ? Side.CLIENT : Side.SERVER))
                    .decode(b);
            boolean same = ours.equals(decoded);
            if (decoded instanceof Publish p) {
                p.release();
            }
            return same;
        } catch (MqttDecodeException e) {
            throw new IllegalStateException("Patchline cannot decode Netty's sample " + ours.type(), e);
        } finally {
            b.release();
        }
    }
}
