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
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
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
import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;
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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Decodes the variable header and payload of each packet type. The caller has checked the fixed
 * header and bounded {@code in} to exactly this packet's body.
 */
final class BodyDecoder {

    private final Side side;
    private final PropertyReader properties = new PropertyReader();
    private MqttVersion lastConnectVersion;

    BodyDecoder(Side side) {
        this.side = side;
    }

    /** The protocol level of the last CONNECT read, even when it failed after that field. */
    MqttVersion lastConnectVersion() {
        return lastConnectVersion;
    }

    MqttPacket decode(PacketType type, int flags, ByteBuf in, MqttVersion version) throws MqttDecodeException {
        return switch (type) {
            case CONNECT -> connect(in, version);
            case CONNACK -> connAck(in, version);
            case PUBLISH -> publish(flags, in, version);
            case PUBACK -> {
                int id = Wire.readPacketId(in, "PUBACK");
                yield ack(in, version, "PUBACK", PubAckReasonCode::ofCode, "MQTT-3.4.2-1")
                                instanceof PubAckReasonCode rc
                        ? new PubAck(id, rc, properties.reasonString(), properties.userProperties())
                        : new PubAck(id, PubAckReasonCode.SUCCESS, null, UserProperties.EMPTY);
            }
            case PUBREC -> {
                int id = Wire.readPacketId(in, "PUBREC");
                yield ack(in, version, "PUBREC", PubRecReasonCode::ofCode, "MQTT-3.5.2-1")
                                instanceof PubRecReasonCode rc
                        ? new PubRec(id, rc, properties.reasonString(), properties.userProperties())
                        : new PubRec(id, PubRecReasonCode.SUCCESS, null, UserProperties.EMPTY);
            }
            case PUBREL -> {
                int id = Wire.readPacketId(in, "PUBREL");
                yield ack(in, version, "PUBREL", PubRelReasonCode::ofCode, "MQTT-3.6.2-1")
                                instanceof PubRelReasonCode rc
                        ? new PubRel(id, rc, properties.reasonString(), properties.userProperties())
                        : new PubRel(id, PubRelReasonCode.SUCCESS, null, UserProperties.EMPTY);
            }
            case PUBCOMP -> {
                int id = Wire.readPacketId(in, "PUBCOMP");
                yield ack(in, version, "PUBCOMP", PubCompReasonCode::ofCode, "MQTT-3.7.2-1")
                                instanceof PubCompReasonCode rc
                        ? new PubComp(id, rc, properties.reasonString(), properties.userProperties())
                        : new PubComp(id, PubCompReasonCode.SUCCESS, null, UserProperties.EMPTY);
            }
            case SUBSCRIBE -> subscribe(in, version);
            case SUBACK -> subAck(in, version);
            case UNSUBSCRIBE -> unsubscribe(in, version);
            case UNSUBACK -> unsubAck(in, version);
            case PINGREQ -> {
                Wire.requireEnd(in, "PINGREQ");
                yield PingReq.INSTANCE;
            }
            case PINGRESP -> {
                Wire.requireEnd(in, "PINGRESP");
                yield PingResp.INSTANCE;
            }
            case DISCONNECT -> disconnect(in, version);
            case AUTH -> auth(in);
        };
    }

    // ---------------------------------------------------------------- CONNECT, CONNACK

    private Connect connect(ByteBuf in, MqttVersion expected) throws MqttDecodeException {
        lastConnectVersion = null;
        String protocolName = Wire.readString(in, "CONNECT protocol name");
        int level = Wire.readByte(in, "CONNECT protocol level");
        MqttVersion version = MqttVersion.ofProtocolLevel(level);
        if (!"MQTT".equals(protocolName) || version == null || (expected != null && expected != version)) {
            throw new MqttDecodeException(
                    MqttDecodeException.UNSUPPORTED_PROTOCOL_VERSION,
                    "MQTT".equals(protocolName) ? "MQTT-3.1.2-2" : "MQTT-3.1.2-1",
                    "CONNECT asks for protocol '" + protocolName + "' level " + level + "; this endpoint speaks "
                            + (expected == null
                                    ? "MQTT level 4 (3.1.1) and 5"
                                    : "MQTT level " + expected.protocolLevel()));
        }
        lastConnectVersion = version;
        boolean v5 = version.isV5();
        int flags = Wire.readByte(in, "CONNECT flags");
        if ((flags & 0x01) != 0) {
            throw MqttDecodeException.malformed("MQTT-3.1.2-3", "CONNECT reserved flag (bit 0) must be 0");
        }
        boolean cleanStart = (flags & 0x02) != 0;
        boolean willFlag = (flags & 0x04) != 0;
        int willQos = (flags >>> 3) & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        boolean passwordFlag = (flags & 0x40) != 0;
        boolean usernameFlag = (flags & 0x80) != 0;
        if (willQos == 3) {
            throw MqttDecodeException.malformed("MQTT-3.1.2-14", "CONNECT will QoS is 3");
        }
        if (!willFlag && (willQos != 0 || willRetain)) {
            throw MqttDecodeException.malformed(
                    "MQTT-3.1.2-11",
                    "CONNECT without will flag has will QoS " + willQos + " and will retain " + (willRetain ? 1 : 0)
                            + "; both must be 0");
        }
        if (!v5 && passwordFlag && !usernameFlag) {
            // MQTT 3.1.1 MQTT-3.1.2-22; MQTT 5 allows a password without a user name.
            throw MqttDecodeException.malformed(
                    "MQTT-3.1.2-22", "MQTT 3.1.1 CONNECT has a password flag without a user name flag");
        }
        int keepAlive = Wire.readTwoByteInt(in, "CONNECT keep alive");
        ConnectProperties props = ConnectProperties.NONE;
        if (v5) {
            properties.read(in, "CONNECT", PropertyId.CONNECT, PropertyId.REPEATABLE);
            requireMethodWithData("CONNECT");
            props = properties.connectProperties();
        }
        String clientId = Wire.readString(in, "CONNECT client identifier"); // MQTT-3.1.3-3, MQTT-3.1.3-4
        Will will = null;
        if (willFlag) {
            WillProperties willProps = WillProperties.NONE;
            if (v5) {
                properties.read(in, "CONNECT will", PropertyId.WILL, PropertyId.REPEATABLE);
                willProps = properties.willProperties();
            }
            String topic = topicName(in, "CONNECT will topic", false);
            BinaryData payload = Wire.readBinary(in, "CONNECT will payload");
            will = new Will(topic, payload, Qos.of(willQos), willRetain, willProps);
        }
        String username = usernameFlag ? Wire.readString(in, "CONNECT user name") : null; // MQTT-3.1.2-19
        BinaryData password = passwordFlag ? Wire.readBinary(in, "CONNECT password") : null; // MQTT-3.1.2-21
        Wire.requireEnd(in, "CONNECT"); // MQTT-3.1.2-18, MQTT-3.1.2-20: nothing the flags do not announce
        return new Connect(version, clientId, cleanStart, keepAlive, username, password, will, props);
    }

    private ConnAck connAck(ByteBuf in, MqttVersion version) throws MqttDecodeException {
        int ackFlags = Wire.readByte(in, "CONNACK acknowledge flags");
        if ((ackFlags & 0xFE) != 0) {
            throw MqttDecodeException.malformed(
                    "MQTT-3.2.2-1", "CONNACK acknowledge flags bits 7-1 are reserved and must be 0");
        }
        boolean sessionPresent = ackFlags == 1;
        int code = Wire.readByte(in, "CONNACK reason code");
        ConnectReasonCode reason;
        ConnAckProperties props = ConnAckProperties.NONE;
        if (version.isV5()) {
            reason = ConnectReasonCode.ofCode(code);
            if (reason == null) {
                throw MqttDecodeException.malformed(
                        "MQTT-3.2.2-8", "CONNACK reason code 0x" + Integer.toHexString(code) + " is not defined");
            }
            properties.read(in, "CONNACK", PropertyId.CONNACK, PropertyId.REPEATABLE);
            requireMethodWithData("CONNACK");
            props = properties.connAckProperties();
        } else {
            reason = ConnectReasonCode.ofV3ReturnCode(code);
            if (reason == null) {
                throw MqttDecodeException.malformed(null, "CONNACK return code " + code + " is reserved in MQTT 3.1.1");
            }
        }
        if (sessionPresent && reason != ConnectReasonCode.SUCCESS) {
            throw MqttDecodeException.protocolError(
                    "MQTT-3.2.2-6",
                    "CONNACK with reason code 0x" + Integer.toHexString(code) + " must have session present 0");
        }
        Wire.requireEnd(in, "CONNACK");
        return new ConnAck(sessionPresent, reason, props);
    }

    private void requireMethodWithData(String packet) throws MqttDecodeException {
        if (properties.has(PropertyId.AUTHENTICATION_DATA) && !properties.has(PropertyId.AUTHENTICATION_METHOD)) {
            throw MqttDecodeException.protocolError(
                    null, packet + " carries Authentication Data without an Authentication Method");
        }
    }

    // ---------------------------------------------------------------- PUBLISH and its acknowledgements

    private Publish publish(int flags, ByteBuf in, MqttVersion version) throws MqttDecodeException {
        boolean dup = (flags & 0x08) != 0;
        Qos qos = Qos.of((flags >>> 1) & 0x03); // QoS 3 was rejected with the fixed header
        boolean retain = (flags & 0x01) != 0;
        if (dup && qos == Qos.AT_MOST_ONCE) {
            throw MqttDecodeException.malformed("MQTT-3.3.1-2", "PUBLISH with QoS 0 has DUP 1");
        }
        boolean v5 = version.isV5();
        String topic = topicName(in, "PUBLISH topic name", v5);
        int packetId = qos == Qos.AT_MOST_ONCE ? 0 : Wire.readPacketId(in, "PUBLISH");
        PublishProperties props = PublishProperties.NONE;
        if (v5) {
            properties.read(in, "PUBLISH", PropertyId.PUBLISH, PropertyId.REPEATABLE_IN_PUBLISH);
            if (properties.hasSubscriptionIdentifier() && side == Side.SERVER) {
                throw MqttDecodeException.protocolError(
                        "MQTT-3.3.4-6", "PUBLISH from a client carries a Subscription Identifier");
            }
            if (topic.isEmpty() && !properties.has(PropertyId.TOPIC_ALIAS)) {
                throw MqttDecodeException.protocolError(
                        "MQTT-3.3.2-1",
                        "PUBLISH has an empty topic name and no Topic Alias (MQTT 5 section 3.3.2.3.4)");
            }
            props = properties.publishProperties();
        }
        int length = in.readableBytes();
        // Zero-copy: the payload shares the input's memory; the receiver of the packet releases it.
        ByteBuf payload = length == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(length);
        return new Publish(topic, qos, retain, dup, packetId, payload, props);
    }

    /**
     * Reads what follows the packet identifier of PUBACK, PUBREC, PUBREL and PUBCOMP and returns the
     * reason code, or {@code null} when the packet is the short success form (MQTT 3.1.1 always;
     * MQTT 5 with remaining length 2).
     */
    private ReasonCode ack(
            ByteBuf in, MqttVersion version, String packet, IntFunction<? extends ReasonCode> codes, String normativeId)
            throws MqttDecodeException {
        if (!version.isV5() || !in.isReadable()) {
            Wire.requireEnd(in, packet);
            return null;
        }
        ReasonCode rc = reasonCode(in, packet, codes, normativeId);
        if (in.isReadable()) {
            properties.read(in, packet, PropertyId.ACK, PropertyId.REPEATABLE);
        } else {
            properties.clear();
        }
        Wire.requireEnd(in, packet);
        return rc;
    }

    private ReasonCode reasonCode(
            ByteBuf in, String packet, IntFunction<? extends ReasonCode> codes, String normativeId)
            throws MqttDecodeException {
        if (!in.isReadable()) {
            throw MqttDecodeException.malformed(null, packet + " ends before its reason code");
        }
        int code = in.readUnsignedByte();
        ReasonCode rc = codes.apply(code);
        if (rc == null) {
            throw MqttDecodeException.malformed(
                    normativeId,
                    packet + " reason code 0x" + Integer.toHexString(code) + " is not defined for " + packet);
        }
        if (!rc.canBeSentBy(side.peer())) {
            throw MqttDecodeException.protocolError(
                    normativeId,
                    packet + " reason code " + rc + " cannot be sent by a "
                            + side.peer().name().toLowerCase());
        }
        return rc;
    }

    // ---------------------------------------------------------------- SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK

    private Subscribe subscribe(ByteBuf in, MqttVersion version) throws MqttDecodeException {
        int packetId = Wire.readPacketId(in, "SUBSCRIBE");
        boolean v5 = version.isV5();
        Integer subscriptionId = null;
        UserProperties user = UserProperties.EMPTY;
        if (v5) {
            properties.read(in, "SUBSCRIBE", PropertyId.SUBSCRIBE, PropertyId.REPEATABLE);
            subscriptionId = properties.subscriptionIdentifier();
            user = properties.userProperties();
        }
        List<Subscription> subscriptions = new ArrayList<>(2);
        while (in.isReadable()) {
            String filter = TopicFilters.read(in, "SUBSCRIBE topic filter");
            int options = Wire.readByte(in, "SUBSCRIBE subscription options");
            int qos = options & 0x03;
            if (qos == 3) {
                throw MqttDecodeException.malformed(null, "SUBSCRIBE requests QoS 3 for '" + filter + "'");
            }
            SubscriptionOptions so;
            if (v5) {
                if ((options & 0xC0) != 0) {
                    throw MqttDecodeException.malformed(
                            "MQTT-3.8.3-5", "SUBSCRIBE options bits 7-6 are reserved and must be 0");
                }
                int retainHandling = (options >>> 4) & 0x03;
                if (retainHandling == 3) {
                    throw MqttDecodeException.protocolError(
                            null, "SUBSCRIBE Retain Handling 3 is not defined (MQTT 5 section 3.8.3.1)");
                }
                boolean noLocal = (options & 0x04) != 0;
                if (noLocal && filter.startsWith(TopicFilters.SHARE_PREFIX)) {
                    throw MqttDecodeException.protocolError(
                            "MQTT-3.8.3-4", "SUBSCRIBE sets No Local on shared subscription '" + filter + "'");
                }
                so = new SubscriptionOptions(
                        Qos.of(qos), noLocal, (options & 0x08) != 0, RetainHandling.values()[retainHandling]);
            } else {
                if ((options & 0xFC) != 0) {
                    throw MqttDecodeException.malformed(
                            "MQTT-3.8.3-4",
                            "MQTT 3.1.1 SUBSCRIBE requested QoS byte bits 7-2 are reserved and must be 0");
                }
                so = SubscriptionOptions.of(Qos.of(qos));
            }
            subscriptions.add(new Subscription(filter, so));
        }
        if (subscriptions.isEmpty()) {
            throw MqttDecodeException.protocolError("MQTT-3.8.3-2", "SUBSCRIBE has no topic filter");
        }
        return new Subscribe(packetId, subscriptions, subscriptionId, user);
    }

    private SubAck subAck(ByteBuf in, MqttVersion version) throws MqttDecodeException {
        int packetId = Wire.readPacketId(in, "SUBACK");
        String reasonString = null;
        UserProperties user = UserProperties.EMPTY;
        boolean v5 = version.isV5();
        if (v5) {
            properties.read(in, "SUBACK", PropertyId.ACK, PropertyId.REPEATABLE);
            reasonString = properties.reasonString();
            user = properties.userProperties();
        }
        List<SubAckReasonCode> codes = new ArrayList<>(Math.max(1, in.readableBytes()));
        while (in.isReadable()) {
            int code = in.readUnsignedByte();
            SubAckReasonCode rc = SubAckReasonCode.ofCode(code);
            if (rc == null || (!v5 && code > 2 && code != 0x80)) {
                throw MqttDecodeException.malformed(
                        "MQTT-3.9.3-2", "SUBACK reason code 0x" + Integer.toHexString(code) + " is not defined");
            }
            codes.add(rc);
        }
        if (codes.isEmpty()) {
            throw MqttDecodeException.protocolError("MQTT-3.8.4-6", "SUBACK has no reason code");
        }
        return new SubAck(packetId, codes, reasonString, user);
    }

    private Unsubscribe unsubscribe(ByteBuf in, MqttVersion version) throws MqttDecodeException {
        int packetId = Wire.readPacketId(in, "UNSUBSCRIBE");
        UserProperties user = UserProperties.EMPTY;
        if (version.isV5()) {
            properties.read(in, "UNSUBSCRIBE", PropertyId.UNSUBSCRIBE, PropertyId.REPEATABLE);
            user = properties.userProperties();
        }
        List<String> filters = new ArrayList<>(2);
        while (in.isReadable()) {
            filters.add(TopicFilters.read(in, "UNSUBSCRIBE topic filter"));
        }
        if (filters.isEmpty()) {
            throw MqttDecodeException.protocolError("MQTT-3.10.3-2", "UNSUBSCRIBE has no topic filter");
        }
        return new Unsubscribe(packetId, filters, user);
    }

    private UnsubAck unsubAck(ByteBuf in, MqttVersion version) throws MqttDecodeException {
        int packetId = Wire.readPacketId(in, "UNSUBACK");
        if (!version.isV5()) {
            Wire.requireEnd(in, "UNSUBACK");
            return new UnsubAck(packetId, List.of(), null, UserProperties.EMPTY);
        }
        properties.read(in, "UNSUBACK", PropertyId.ACK, PropertyId.REPEATABLE);
        List<UnsubAckReasonCode> codes = new ArrayList<>(Math.max(1, in.readableBytes()));
        while (in.isReadable()) {
            int code = in.readUnsignedByte();
            UnsubAckReasonCode rc = UnsubAckReasonCode.ofCode(code);
            if (rc == null) {
                throw MqttDecodeException.malformed(
                        "MQTT-3.11.3-2", "UNSUBACK reason code 0x" + Integer.toHexString(code) + " is not defined");
            }
            codes.add(rc);
        }
        if (codes.isEmpty()) {
            throw MqttDecodeException.protocolError("MQTT-3.11.3-1", "UNSUBACK has no reason code");
        }
        return new UnsubAck(packetId, codes, properties.reasonString(), properties.userProperties());
    }

    // ---------------------------------------------------------------- DISCONNECT, AUTH

    private Disconnect disconnect(ByteBuf in, MqttVersion version) throws MqttDecodeException {
        if (!version.isV5() || !in.isReadable()) {
            Wire.requireEnd(in, "DISCONNECT");
            return Disconnect.NORMAL;
        }
        DisconnectReasonCode rc =
                (DisconnectReasonCode) reasonCode(in, "DISCONNECT", DisconnectReasonCode::ofCode, "MQTT-3.14.2-1");
        if (!in.isReadable()) {
            return Disconnect.of(rc);
        }
        properties.read(in, "DISCONNECT", PropertyId.DISCONNECT, PropertyId.REPEATABLE);
        if (side == Side.CLIENT && properties.has(PropertyId.SESSION_EXPIRY_INTERVAL)) {
            throw MqttDecodeException.protocolError(
                    "MQTT-3.14.2-2", "DISCONNECT from the server carries a Session Expiry Interval");
        }
        Wire.requireEnd(in, "DISCONNECT");
        return new Disconnect(
                rc,
                properties.sessionExpiryInterval(),
                properties.reasonString(),
                properties.serverReference(),
                properties.userProperties());
    }

    private Auth auth(ByteBuf in) throws MqttDecodeException {
        if (!in.isReadable()) {
            // MQTT 5 section 3.15.2.1: remaining length 0 means Success without properties
            return new Auth(AuthReasonCode.SUCCESS, null, null, null, UserProperties.EMPTY);
        }
        AuthReasonCode rc = (AuthReasonCode) reasonCode(in, "AUTH", AuthReasonCode::ofCode, "MQTT-3.15.2-1");
        if (in.isReadable()) {
            properties.read(in, "AUTH", PropertyId.AUTH, PropertyId.REPEATABLE);
            Wire.requireEnd(in, "AUTH");
        } else {
            properties.clear();
        }
        if (!properties.has(PropertyId.AUTHENTICATION_METHOD)
                && !(rc == AuthReasonCode.SUCCESS && properties.isEmpty())) {
            throw MqttDecodeException.protocolError(
                    null, "AUTH " + rc + " has no Authentication Method (MQTT 5 section 3.15.2.2.2)");
        }
        return new Auth(
                rc,
                properties.authenticationMethod(),
                properties.authenticationData(),
                properties.reasonString(),
                properties.userProperties());
    }

    // ---------------------------------------------------------------- topic names

    /**
     * A topic name: UTF-8, no wildcards (MQTT-3.3.2-2, answered with 0x90 Topic Name invalid), and
     * not empty (MQTT-4.7.3-1) unless {@code mayBeEmpty} (an MQTT 5 PUBLISH that uses a Topic Alias).
     */
    private static String topicName(ByteBuf in, String field, boolean mayBeEmpty) throws MqttDecodeException {
        int len = Wire.readTwoByteInt(in, field);
        Wire.need(in, len, field);
        String topic = Utf8.decodeTopicName(in, in.readerIndex(), len, field);
        if (topic == null) {
            throw new MqttDecodeException(
                    MqttDecodeException.TOPIC_NAME_INVALID,
                    "MQTT-3.3.2-2",
                    field + " '" + in.toString(in.readerIndex(), len, StandardCharsets.UTF_8)
                            + "' contains a wildcard character");
        }
        if (topic.isEmpty() && !mayBeEmpty) {
            throw MqttDecodeException.protocolError("MQTT-4.7.3-1", field + " is empty");
        }
        in.skipBytes(len);
        return topic;
    }
}
