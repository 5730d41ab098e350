package dev.patchline.protocol.mqtt.codec;

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
import dev.patchline.protocol.mqtt.codec.packet.PubCompReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRecReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.PubRelReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.RetainHandling;
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
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between this codec's packets and netty-codec-mqtt's messages, and runs Netty's decoder
 * and encoder on embedded channels. Test scope only: it is how the cross-check compares the two
 * codecs on the same bytes.
 */
final class NettyBridge {

    private static final AttributeKey<io.netty.handler.codec.mqtt.MqttVersion> VERSION_KEY =
            AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private NettyBridge() {}

    static io.netty.handler.codec.mqtt.MqttVersion nettyVersion(MqttVersion v) {
        return v.isV5()
                ? io.netty.handler.codec.mqtt.MqttVersion.MQTT_5
                : io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1;
    }

    /** Decodes {@code bytes} (one packet) with Netty; fails when Netty rejects them. Releases {@code bytes}. */
    static MqttMessage nettyDecode(ByteBuf bytes, MqttVersion version) {
        EmbeddedChannel ch = new EmbeddedChannel(new io.netty.handler.codec.mqtt.MqttDecoder(1 << 24));
        ch.attr(VERSION_KEY).set(nettyVersion(version));
        ch.writeInbound(bytes);
        MqttMessage m = ch.readInbound();
        ch.finishAndReleaseAll();
        if (m == null) {
            throw new AssertionError("Netty decoded nothing");
        }
        if (m.decoderResult().isFailure()) {
            throw new AssertionError(
                    "Netty rejected the bytes: " + m.decoderResult().cause(),
                    m.decoderResult().cause());
        }
        return m;
    }

    /** Encodes a Netty message with Netty's encoder (which releases the message). */
    static ByteBuf nettyEncode(MqttMessage message, MqttVersion version) {
        EmbeddedChannel ch = new EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        ch.attr(VERSION_KEY).set(nettyVersion(version));
        ch.writeOutbound(message);
        ByteBuf out = ch.readOutbound();
        ch.finishAndReleaseAll();
        return out;
    }

    // ================================================================ ours -> Netty

    private static MqttFixedHeader fixed(MqttMessageType type, boolean dup, MqttQoS qos, boolean retain) {
        return new MqttFixedHeader(type, dup, qos, retain, 0);
    }

    static MqttMessage toNetty(MqttPacket packet, MqttVersion version) {
        boolean v5 = version.isV5();
        return switch (packet.type()) {
            case CONNECT -> {
                Connect c = (Connect) packet;
                Will w = c.will();
                MqttConnectVariableHeader vh = new MqttConnectVariableHeader(
                        "MQTT",
                        version.protocolLevel(),
                        c.username() != null,
                        c.password() != null,
                        w != null && w.retain(),
                        w == null ? 0 : w.qos().value(),
                        w != null,
                        c.cleanStart(),
                        c.keepAliveSeconds(),
                        v5 ? connectProps(c.properties()) : MqttProperties.NO_PROPERTIES);
                MqttConnectPayload pl = new MqttConnectPayload(
                        c.clientId(),
                        w != null && v5 ? willProps(w.properties()) : MqttProperties.NO_PROPERTIES,
                        w == null ? null : w.topic(),
                        w == null ? null : w.payload().toByteArray(),
                        c.username(),
                        c.password() == null ? null : c.password().toByteArray());
                yield new MqttConnectMessage(
                        fixed(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE, false), vh, pl);
            }
            case CONNACK -> {
                ConnAck c = (ConnAck) packet;
                byte code = (byte) (v5 ? c.reasonCode().code() : c.reasonCode().v3ReturnCode());
                yield new MqttConnAckMessage(
                        fixed(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false),
                        new MqttConnAckVariableHeader(
                                MqttConnectReturnCode.valueOf(code),
                                c.sessionPresent(),
                                v5 ? connAckProps(c.properties()) : MqttProperties.NO_PROPERTIES));
            }
            case PUBLISH -> {
                Publish p = (Publish) packet;
                yield new MqttPublishMessage(
                        fixed(
                                MqttMessageType.PUBLISH,
                                p.dup(),
                                MqttQoS.valueOf(p.qos().value()),
                                p.retain()),
                        new MqttPublishVariableHeader(
                                p.topic(),
                                p.qos() == Qos.AT_MOST_ONCE ? -1 : p.packetId(),
                                v5 ? publishProps(p.properties()) : MqttProperties.NO_PROPERTIES),
                        p.payload().retainedDuplicate());
            }
            case PUBACK -> {
                PubAck a = (PubAck) packet;
                yield reply(
                        MqttMessageType.PUBACK,
                        MqttQoS.AT_MOST_ONCE,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        v5);
            }
            case PUBREC -> {
                PubRec a = (PubRec) packet;
                yield reply(
                        MqttMessageType.PUBREC,
                        MqttQoS.AT_MOST_ONCE,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        v5);
            }
            case PUBREL -> {
                PubRel a = (PubRel) packet;
                yield reply(
                        MqttMessageType.PUBREL,
                        MqttQoS.AT_LEAST_ONCE,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        v5);
            }
            case PUBCOMP -> {
                PubComp a = (PubComp) packet;
                yield reply(
                        MqttMessageType.PUBCOMP,
                        MqttQoS.AT_MOST_ONCE,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        v5);
            }
            case SUBSCRIBE -> {
                Subscribe s = (Subscribe) packet;
                MqttProperties props = new MqttProperties();
                if (s.subscriptionIdentifier() != null) {
                    props.add(new MqttProperties.IntegerProperty(
                            MqttProperties.SUBSCRIPTION_IDENTIFIER, s.subscriptionIdentifier()));
                }
                addUser(props, s.userProperties());
                List<MqttTopicSubscription> subs = new ArrayList<>();
                for (Subscription sub : s.subscriptions()) {
                    SubscriptionOptions o = sub.options();
                    subs.add(new MqttTopicSubscription(
                            sub.topicFilter(),
                            new MqttSubscriptionOption(
                                    MqttQoS.valueOf(o.qos().value()),
                                    o.noLocal(),
                                    o.retainAsPublished(),
                                    MqttSubscriptionOption.RetainedHandlingPolicy.values()[
                                            o.retainHandling().value()])));
                }
                yield new MqttSubscribeMessage(
                        fixed(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false),
                        new MqttMessageIdAndPropertiesVariableHeader(
                                s.packetId(), v5 ? props : MqttProperties.NO_PROPERTIES),
                        new MqttSubscribePayload(subs));
            }
            case SUBACK -> {
                SubAck s = (SubAck) packet;
                int[] codes = s.reasonCodes().stream()
                        .mapToInt(SubAckReasonCode::code)
                        .toArray();
                yield new MqttSubAckMessage(
                        fixed(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false),
                        new MqttMessageIdAndPropertiesVariableHeader(
                                s.packetId(),
                                v5 ? diagnostics(s.reasonString(), s.userProperties()) : MqttProperties.NO_PROPERTIES),
                        new MqttSubAckPayload(codes));
            }
            case UNSUBSCRIBE -> {
                Unsubscribe u = (Unsubscribe) packet;
                MqttProperties props = new MqttProperties();
                addUser(props, u.userProperties());
                yield new MqttUnsubscribeMessage(
                        fixed(MqttMessageType.UNSUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false),
                        new MqttMessageIdAndPropertiesVariableHeader(
                                u.packetId(), v5 ? props : MqttProperties.NO_PROPERTIES),
                        new MqttUnsubscribePayload(u.topicFilters()));
            }
            case UNSUBACK -> {
                UnsubAck u = (UnsubAck) packet;
                short[] codes = new short[u.reasonCodes().size()];
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = (short) u.reasonCodes().get(i).code();
                }
                yield new MqttUnsubAckMessage(
                        fixed(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false),
                        new MqttMessageIdAndPropertiesVariableHeader(
                                u.packetId(),
                                v5 ? diagnostics(u.reasonString(), u.userProperties()) : MqttProperties.NO_PROPERTIES),
                        v5 ? new MqttUnsubAckPayload(codes) : null);
            }
            case PINGREQ -> MqttMessage.PINGREQ;
            case PINGRESP -> MqttMessage.PINGRESP;
            case DISCONNECT -> {
                Disconnect d = (Disconnect) packet;
                if (!v5) {
                    yield MqttMessage.DISCONNECT;
                }
                MqttProperties props = diagnostics(d.reasonString(), d.userProperties());
                if (d.sessionExpiryInterval() != null) {
                    props.add(new MqttProperties.IntegerProperty(
                            MqttProperties.SESSION_EXPIRY_INTERVAL, (int) (long) d.sessionExpiryInterval()));
                }
                if (d.serverReference() != null) {
                    props.add(new MqttProperties.StringProperty(MqttProperties.SERVER_REFERENCE, d.serverReference()));
                }
                yield new MqttMessage(
                        fixed(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false),
                        new MqttReasonCodeAndPropertiesVariableHeader(
                                (byte) d.reasonCode().code(), props));
            }
            case AUTH -> {
                Auth a = (Auth) packet;
                MqttProperties props = diagnostics(a.reasonString(), a.userProperties());
                if (a.authenticationMethod() != null) {
                    props.add(new MqttProperties.StringProperty(
                            MqttProperties.AUTHENTICATION_METHOD, a.authenticationMethod()));
                }
                if (a.authenticationData() != null) {
                    props.add(new MqttProperties.BinaryProperty(
                            MqttProperties.AUTHENTICATION_DATA,
                            a.authenticationData().toByteArray()));
                }
                yield new MqttMessage(
                        fixed(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false),
                        new MqttReasonCodeAndPropertiesVariableHeader(
                                (byte) a.reasonCode().code(), props));
            }
        };
    }

    private static MqttMessage reply(
            MqttMessageType type, MqttQoS qos, int id, int code, String reasonString, UserProperties user, boolean v5) {
        return new MqttMessage(
                fixed(type, false, qos, false),
                new MqttPubReplyMessageVariableHeader(
                        id, (byte) code, v5 ? diagnostics(reasonString, user) : MqttProperties.NO_PROPERTIES));
    }

    private static MqttProperties diagnostics(String reasonString, UserProperties user) {
        MqttProperties props = new MqttProperties();
        if (reasonString != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        }
        addUser(props, user);
        return props;
    }

    private static void addUser(MqttProperties props, UserProperties user) {
        if (!user.isEmpty()) {
            MqttProperties.UserProperties up = new MqttProperties.UserProperties();
            for (int i = 0; i < user.size(); i++) {
                up.add(user.name(i), user.value(i));
            }
            props.add(up);
        }
    }

    private static void integer(MqttProperties props, int id, Number value) {
        if (value != null) {
            props.add(new MqttProperties.IntegerProperty(id, (int) value.longValue()));
        }
    }

    private static void bool(MqttProperties props, int id, Boolean value) {
        if (value != null) {
            props.add(new MqttProperties.IntegerProperty(id, value ? 1 : 0));
        }
    }

    private static void string(MqttProperties props, int id, String value) {
        if (value != null) {
            props.add(new MqttProperties.StringProperty(id, value));
        }
    }

    private static void binary(MqttProperties props, int id, BinaryData value) {
        if (value != null) {
            props.add(new MqttProperties.BinaryProperty(id, value.toByteArray()));
        }
    }

    private static MqttProperties connectProps(ConnectProperties p) {
        MqttProperties props = new MqttProperties();
        integer(props, MqttProperties.SESSION_EXPIRY_INTERVAL, p.sessionExpiryInterval());
        integer(props, MqttProperties.RECEIVE_MAXIMUM, p.receiveMaximum());
        integer(props, MqttProperties.MAXIMUM_PACKET_SIZE, p.maximumPacketSize());
        integer(props, MqttProperties.TOPIC_ALIAS_MAXIMUM, p.topicAliasMaximum());
        bool(props, MqttProperties.REQUEST_RESPONSE_INFORMATION, p.requestResponseInformation());
        bool(props, MqttProperties.REQUEST_PROBLEM_INFORMATION, p.requestProblemInformation());
        addUser(props, p.userProperties());
        string(props, MqttProperties.AUTHENTICATION_METHOD, p.authenticationMethod());
        binary(props, MqttProperties.AUTHENTICATION_DATA, p.authenticationData());
        return props;
    }

    private static MqttProperties willProps(WillProperties p) {
        MqttProperties props = new MqttProperties();
        integer(props, MqttProperties.WILL_DELAY_INTERVAL, p.willDelayInterval());
        integer(
                props,
                MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                p.payloadFormat() == null ? null : p.payloadFormat().value());
        integer(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, p.messageExpiryInterval());
        string(props, MqttProperties.CONTENT_TYPE, p.contentType());
        string(props, MqttProperties.RESPONSE_TOPIC, p.responseTopic());
        binary(props, MqttProperties.CORRELATION_DATA, p.correlationData());
        addUser(props, p.userProperties());
        return props;
    }

    private static MqttProperties connAckProps(ConnAckProperties p) {
        MqttProperties props = new MqttProperties();
        integer(props, MqttProperties.SESSION_EXPIRY_INTERVAL, p.sessionExpiryInterval());
        integer(props, MqttProperties.RECEIVE_MAXIMUM, p.receiveMaximum());
        integer(
                props,
                MqttProperties.MAXIMUM_QOS,
                p.maximumQos() == null ? null : p.maximumQos().value());
        bool(props, MqttProperties.RETAIN_AVAILABLE, p.retainAvailable());
        integer(props, MqttProperties.MAXIMUM_PACKET_SIZE, p.maximumPacketSize());
        string(props, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, p.assignedClientIdentifier());
        integer(props, MqttProperties.TOPIC_ALIAS_MAXIMUM, p.topicAliasMaximum());
        string(props, MqttProperties.REASON_STRING, p.reasonString());
        addUser(props, p.userProperties());
        bool(props, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, p.wildcardSubscriptionAvailable());
        bool(props, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, p.subscriptionIdentifiersAvailable());
        bool(props, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, p.sharedSubscriptionAvailable());
        integer(props, MqttProperties.SERVER_KEEP_ALIVE, p.serverKeepAlive());
        string(props, MqttProperties.RESPONSE_INFORMATION, p.responseInformation());
        string(props, MqttProperties.SERVER_REFERENCE, p.serverReference());
        string(props, MqttProperties.AUTHENTICATION_METHOD, p.authenticationMethod());
        binary(props, MqttProperties.AUTHENTICATION_DATA, p.authenticationData());
        return props;
    }

    private static MqttProperties publishProps(PublishProperties p) {
        MqttProperties props = new MqttProperties();
        integer(
                props,
                MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                p.payloadFormat() == null ? null : p.payloadFormat().value());
        integer(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, p.messageExpiryInterval());
        integer(props, MqttProperties.TOPIC_ALIAS, p.topicAlias());
        string(props, MqttProperties.RESPONSE_TOPIC, p.responseTopic());
        binary(props, MqttProperties.CORRELATION_DATA, p.correlationData());
        addUser(props, p.userProperties());
        for (Integer sid : p.subscriptionIdentifiers()) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, sid));
        }
        string(props, MqttProperties.CONTENT_TYPE, p.contentType());
        return props;
    }

    // ================================================================ Netty -> ours

    static MqttPacket fromNetty(MqttMessage m, MqttVersion version) {
        boolean v5 = version.isV5();
        MqttFixedHeader fh = m.fixedHeader();
        return switch (fh.messageType()) {
            case CONNECT -> {
                MqttConnectMessage c = (MqttConnectMessage) m;
                MqttConnectVariableHeader vh = c.variableHeader();
                MqttConnectPayload pl = c.payload();
                Will will = null;
                if (vh.isWillFlag()) {
                    will = new Will(
                            pl.willTopic(),
                            BinaryData.of(pl.willMessageInBytes()),
                            Qos.of(vh.willQos()),
                            vh.isWillRetain(),
                            v5 ? willProps(pl.willProperties()) : WillProperties.NONE);
                }
                yield new Connect(
                        MqttVersion.ofProtocolLevel(vh.version()),
                        pl.clientIdentifier(),
                        vh.isCleanSession(),
                        vh.keepAliveTimeSeconds(),
                        vh.hasUserName() ? pl.userName() : null,
                        vh.hasPassword() ? BinaryData.of(pl.passwordInBytes()) : null,
                        will,
                        v5 ? connectProps(vh.properties()) : ConnectProperties.NONE);
            }
            case CONNACK -> {
                MqttConnAckVariableHeader vh = ((MqttConnAckMessage) m).variableHeader();
                int code = vh.connectReturnCode().byteValue() & 0xFF;
                yield new ConnAck(
                        vh.isSessionPresent(),
                        v5 ? ConnectReasonCode.ofCode(code) : ConnectReasonCode.ofV3ReturnCode(code),
                        v5 ? connAckProps(vh.properties()) : ConnAckProperties.NONE);
            }
            case PUBLISH -> {
                MqttPublishMessage p = (MqttPublishMessage) m;
                Qos qos = Qos.of(fh.qosLevel().value());
                yield new Publish(
                        p.variableHeader().topicName(),
                        qos,
                        fh.isRetain(),
                        fh.isDup(),
                        qos == Qos.AT_MOST_ONCE ? 0 : p.variableHeader().packetId(),
                        p.payload().retainedDuplicate(),
                        v5 ? publishProps(p.variableHeader().properties()) : PublishProperties.NONE);
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> reply(m, fh.messageType(), v5);
            case SUBSCRIBE -> {
                MqttSubscribeMessage s = (MqttSubscribeMessage) m;
                List<Subscription> subs = new ArrayList<>();
                for (MqttTopicSubscription t : s.payload().topicSubscriptions()) {
                    MqttSubscriptionOption o = t.option();
                    subs.add(new Subscription(
                            t.topicFilter(),
                            v5
                                    ? new SubscriptionOptions(
                                            Qos.of(o.qos().value()),
                                            o.isNoLocal(),
                                            o.isRetainAsPublished(),
                                            RetainHandling.values()[
                                                    o.retainHandling().value()])
                                    : SubscriptionOptions.of(Qos.of(o.qos().value()))));
                }
                MqttProperties props = s.idAndPropertiesVariableHeader().properties();
                MqttProperties.MqttProperty<?> sid = props.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER);
                yield new Subscribe(
                        s.variableHeader().messageId(), subs, sid == null ? null : (Integer) sid.value(), user(props));
            }
            case SUBACK -> {
                MqttSubAckMessage s = (MqttSubAckMessage) m;
                List<SubAckReasonCode> codes = new ArrayList<>();
                for (int c : s.payload().reasonCodes()) {
                    codes.add(SubAckReasonCode.ofCode(c & 0xFF));
                }
                MqttProperties props = s.idAndPropertiesVariableHeader().properties();
                yield new SubAck(s.variableHeader().messageId(), codes, reasonString(props), user(props));
            }
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage u = (MqttUnsubscribeMessage) m;
                yield new Unsubscribe(
                        u.variableHeader().messageId(),
                        u.payload().topics(),
                        user(u.idAndPropertiesVariableHeader().properties()));
            }
            case UNSUBACK -> {
                MqttUnsubAckMessage u = (MqttUnsubAckMessage) m;
                List<UnsubAckReasonCode> codes = new ArrayList<>();
                if (v5 && u.payload() != null) {
                    for (short c : u.payload().unsubscribeReasonCodes()) {
                        codes.add(UnsubAckReasonCode.ofCode(c & 0xFF));
                    }
                }
                MqttProperties props = u.idAndPropertiesVariableHeader().properties();
                yield new UnsubAck(u.variableHeader().messageId(), codes, reasonString(props), user(props));
            }
            case PINGREQ -> PingReq.INSTANCE;
            case PINGRESP -> PingResp.INSTANCE;
            case DISCONNECT -> {
                if (!(m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader vh)) {
                    yield Disconnect.NORMAL;
                }
                MqttProperties props = vh.properties();
                MqttProperties.MqttProperty<?> sei = props.getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
                yield new Disconnect(
                        DisconnectReasonCode.ofCode(vh.reasonCode() & 0xFF),
                        sei == null ? null : Integer.toUnsignedLong((Integer) sei.value()),
                        reasonString(props),
                        str(props, MqttProperties.SERVER_REFERENCE),
                        user(props));
            }
            case AUTH -> {
                MqttReasonCodeAndPropertiesVariableHeader vh =
                        (MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader();
                MqttProperties props = vh.properties();
                yield new Auth(
                        AuthReasonCode.ofCode(vh.reasonCode() & 0xFF),
                        str(props, MqttProperties.AUTHENTICATION_METHOD),
                        bin(props, MqttProperties.AUTHENTICATION_DATA),
                        reasonString(props),
                        user(props));
            }
        };
    }

    private static MqttPacket reply(MqttMessage m, MqttMessageType type, boolean v5) {
        int id = ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
        int code = 0;
        String rs = null;
        UserProperties user = UserProperties.EMPTY;
        if (v5 && m.variableHeader() instanceof MqttPubReplyMessageVariableHeader vh) {
            code = vh.reasonCode() & 0xFF;
            rs = reasonString(vh.properties());
            user = user(vh.properties());
        }
        return switch (type) {
            case PUBACK -> new PubAck(id, PubAckReasonCode.ofCode(code), rs, user);
            case PUBREC -> new PubRec(id, PubRecReasonCode.ofCode(code), rs, user);
            case PUBREL -> new PubRel(id, PubRelReasonCode.ofCode(code), rs, user);
            default -> new PubComp(id, PubCompReasonCode.ofCode(code), rs, user);
        };
    }

    private static UserProperties user(MqttProperties props) {
        List<? extends MqttProperties.MqttProperty> all = props.getProperties(MqttProperties.USER_PROPERTY);
        UserProperties.Builder b = UserProperties.builder();
        for (MqttProperties.MqttProperty<?> p : all) {
            if (p instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    b.add(pair.key, pair.value);
                }
            } else if (p.value() instanceof MqttProperties.StringPair pair) {
                b.add(pair.key, pair.value);
            }
        }
        return b.build();
    }

    private static String reasonString(MqttProperties props) {
        return str(props, MqttProperties.REASON_STRING);
    }

    private static String str(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (String) p.value();
    }

    private static BinaryData bin(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : BinaryData.of((byte[]) p.value());
    }

    private static Integer int16(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (Integer) p.value();
    }

    private static Long uint32(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : Integer.toUnsignedLong((Integer) p.value());
    }

    private static Boolean bool(MqttProperties props, int id) {
        Integer v = int16(props, id);
        return v == null ? null : v == 1;
    }

    private static PayloadFormat format(MqttProperties props) {
        Integer v = int16(props, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        return v == null ? null : PayloadFormat.values()[v];
    }

    private static ConnectProperties connectProps(MqttProperties p) {
        return new ConnectProperties(
                uint32(p, MqttProperties.SESSION_EXPIRY_INTERVAL),
                int16(p, MqttProperties.RECEIVE_MAXIMUM),
                uint32(p, MqttProperties.MAXIMUM_PACKET_SIZE),
                int16(p, MqttProperties.TOPIC_ALIAS_MAXIMUM),
                bool(p, MqttProperties.REQUEST_RESPONSE_INFORMATION),
                bool(p, MqttProperties.REQUEST_PROBLEM_INFORMATION),
                user(p),
                str(p, MqttProperties.AUTHENTICATION_METHOD),
                bin(p, MqttProperties.AUTHENTICATION_DATA));
    }

    private static WillProperties willProps(MqttProperties p) {
        return new WillProperties(
                uint32(p, MqttProperties.WILL_DELAY_INTERVAL),
                format(p),
                uint32(p, MqttProperties.PUBLICATION_EXPIRY_INTERVAL),
                str(p, MqttProperties.CONTENT_TYPE),
                str(p, MqttProperties.RESPONSE_TOPIC),
                bin(p, MqttProperties.CORRELATION_DATA),
                user(p));
    }

    private static ConnAckProperties connAckProps(MqttProperties p) {
        Integer maxQos = int16(p, MqttProperties.MAXIMUM_QOS);
        return new ConnAckProperties(
                uint32(p, MqttProperties.SESSION_EXPIRY_INTERVAL),
                int16(p, MqttProperties.RECEIVE_MAXIMUM),
                maxQos == null ? null : Qos.of(maxQos),
                bool(p, MqttProperties.RETAIN_AVAILABLE),
                uint32(p, MqttProperties.MAXIMUM_PACKET_SIZE),
                str(p, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER),
                int16(p, MqttProperties.TOPIC_ALIAS_MAXIMUM),
                reasonString(p),
                user(p),
                bool(p, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE),
                bool(p, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE),
                bool(p, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE),
                int16(p, MqttProperties.SERVER_KEEP_ALIVE),
                str(p, MqttProperties.RESPONSE_INFORMATION),
                str(p, MqttProperties.SERVER_REFERENCE),
                str(p, MqttProperties.AUTHENTICATION_METHOD),
                bin(p, MqttProperties.AUTHENTICATION_DATA));
    }

    private static PublishProperties publishProps(MqttProperties p) {
        List<Integer> sids = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> sp : p.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER)) {
            sids.add((Integer) sp.value());
        }
        return new PublishProperties(
                format(p),
                uint32(p, MqttProperties.PUBLICATION_EXPIRY_INTERVAL),
                int16(p, MqttProperties.TOPIC_ALIAS),
                str(p, MqttProperties.RESPONSE_TOPIC),
                bin(p, MqttProperties.CORRELATION_DATA),
                user(p),
                sids,
                str(p, MqttProperties.CONTENT_TYPE));
    }

    /** Releases a decoded Netty message that holds a payload. */
    static void release(MqttMessage m) {
        if (m instanceof MqttPublishMessage p) {
            p.release();
        }
    }
}
