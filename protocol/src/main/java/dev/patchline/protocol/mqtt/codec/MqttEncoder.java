package dev.patchline.protocol.mqtt.codec;

import static dev.patchline.protocol.mqtt.codec.PropertyId.*;

import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Objects;

/**
 * Encodes packets for one protocol version and one peer. The exact size is computed first (which
 * also validates every string), then the packet is written with one allocation, or appended to a
 * caller's buffer so that several packets can share one write.
 *
 * <p><b>Maximum Packet Size.</b> A packet larger than the peer's limit is not sent
 * (MQTT-3.1.2-27 for a server, MQTT-3.2.2-15 for a client). For MQTT 5 the encoder first drops the
 * Reason String and then the User Properties of packets that carry them as diagnostics (CONNACK,
 * PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH), as MQTT-3.2.2-19/20,
 * MQTT-3.4.2-2/3, MQTT-3.5.2-2/3, MQTT-3.6.2-2/3, MQTT-3.7.2-2/3, MQTT-3.9.2-1/2, MQTT-3.11.2-1/2,
 * MQTT-3.14.2-3/4 and MQTT-3.15.2-2/3 require. Anything still too large throws
 * {@link MqttEncodeException} with nothing written.
 *
 * <p>The encoder never changes or releases the packets it encodes (a PUBLISH payload is copied, its
 * reader index untouched). MQTT 5-only fields are left out when encoding MQTT 3.1.1.
 *
 * <p>Why this class is about 640 lines: for each of the fifteen packet types it holds the size computation and the
 * writing, which must agree byte for byte (the size is allocated exactly and checked against the peer's limit before
 * anything is written). Keeping both halves of every packet in one file, in the same order, is what lets a reader
 * check that they agree; the encoding of properties lives in {@link PropertyWriter}.
 *
 * <p><b>Threading.</b> Immutable; one instance may be used from any number of threads.
 */
public final class MqttEncoder {

    /** No limit beyond the protocol's own (used until the peer announces one). */
    public static final long NO_LIMIT = 0xFFFF_FFFFL;

    private static final int MAX_REMAINING_LENGTH = Wire.MAX_VARIABLE_BYTE_INTEGER;

    private final MqttVersion version;
    private final boolean v5;
    private final long peerMaximumPacketSize;

    public MqttEncoder(MqttVersion version) {
        this(version, NO_LIMIT);
    }

    /**
     * @param peerMaximumPacketSize the Maximum Packet Size the peer announced (CONNECT or CONNACK),
     *                              1..4294967295
     */
    public MqttEncoder(MqttVersion version, long peerMaximumPacketSize) {
        this.version = Objects.requireNonNull(version, "version");
        this.v5 = version.isV5();
        if (peerMaximumPacketSize < 1 || peerMaximumPacketSize > NO_LIMIT) {
            throw new IllegalArgumentException(
                    "peerMaximumPacketSize must be in 1..4294967295, got " + peerMaximumPacketSize);
        }
        this.peerMaximumPacketSize = peerMaximumPacketSize;
    }

    public MqttVersion version() {
        return version;
    }

    public long peerMaximumPacketSize() {
        return peerMaximumPacketSize;
    }

    /** An encoder for the same version and a new peer limit, e.g. after CONNACK. */
    public MqttEncoder withPeerMaximumPacketSize(long maximumPacketSize) {
        return new MqttEncoder(version, maximumPacketSize);
    }

    /** The number of bytes {@link #encode} will write for {@code packet}. */
    public int encodedSize(MqttPacket packet) {
        long plan = plan(packet);
        int remaining = (int) plan;
        return 1 + Wire.variableByteIntegerSize(remaining) + remaining;
    }

    /** Encodes {@code packet} into a new buffer of exactly its size, taken from {@code alloc}. */
    public ByteBuf encode(MqttPacket packet, ByteBufAllocator alloc) {
        long plan = plan(packet);
        int remaining = (int) plan;
        int size = 1 + Wire.variableByteIntegerSize(remaining) + remaining;
        ByteBuf out = alloc.buffer(size, size);
        try {
            write(packet, out, remaining, (int) (plan >>> 32));
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Appends {@code packet} to {@code out}, growing it if needed.
     *
     * @return the number of bytes written
     */
    public int encode(MqttPacket packet, ByteBuf out) {
        long plan = plan(packet);
        int remaining = (int) plan;
        int size = 1 + Wire.variableByteIntegerSize(remaining) + remaining;
        out.ensureWritable(size);
        int start = out.writerIndex();
        write(packet, out, remaining, (int) (plan >>> 32));
        assert out.writerIndex() - start == size : "size " + size + " but wrote " + (out.writerIndex() - start);
        return size;
    }

    // ================================================================ planning

    /**
     * Finds the remaining length (low 32 bits) and how many optional diagnostics must be dropped
     * (high 32 bits: 0 none, 1 the Reason String, 2 also the User Properties).
     */
    private long plan(MqttPacket packet) {
        try {
            return planSizes(packet);
        } catch (MqttEncodeException e) {
            throw e.in(packet.type().name());
        }
    }

    private long planSizes(MqttPacket packet) {
        boolean omissible = v5 && hasDiagnostics(packet.type());
        for (int omit = 0; ; omit++) {
            int remaining = remainingLength(packet, omit);
            long total = 1L + Wire.variableByteIntegerSize(remaining) + remaining;
            if (remaining <= MAX_REMAINING_LENGTH && total <= peerMaximumPacketSize) {
                return ((long) omit << 32) | remaining;
            }
            if (!omissible || omit == 2) {
                if (remaining > MAX_REMAINING_LENGTH) {
                    throw new MqttEncodeException(
                            null,
                            packet.type() + " needs a remaining length of " + remaining
                                    + " bytes; MQTT allows at most 268435455");
                }
                throw new MqttEncodeException(
                        "MQTT-3.1.2-27, MQTT-3.2.2-15",
                        packet.type() + " of " + total + " bytes exceeds the peer's Maximum Packet Size of "
                                + peerMaximumPacketSize + " bytes");
            }
        }
    }

    private static boolean hasDiagnostics(PacketType type) {
        return switch (type) {
            case CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH -> true;
            default -> false;
        };
    }

    private int remainingLength(MqttPacket packet, int omit) {
        return switch (packet.type()) {
            case CONNECT -> connectLength((Connect) packet);
            case CONNACK -> connAckLength((ConnAck) packet, omit);
            case PUBLISH -> publishLength((Publish) packet);
            case PUBACK -> {
                PubAck a = (PubAck) packet;
                yield ackLength(a.reasonCode().code(), a.reasonString(), a.userProperties(), omit, "PUBACK");
            }
            case PUBREC -> {
                PubRec a = (PubRec) packet;
                yield ackLength(a.reasonCode().code(), a.reasonString(), a.userProperties(), omit, "PUBREC");
            }
            case PUBREL -> {
                PubRel a = (PubRel) packet;
                yield ackLength(a.reasonCode().code(), a.reasonString(), a.userProperties(), omit, "PUBREL");
            }
            case PUBCOMP -> {
                PubComp a = (PubComp) packet;
                yield ackLength(a.reasonCode().code(), a.reasonString(), a.userProperties(), omit, "PUBCOMP");
            }
            case SUBSCRIBE -> subscribeLength((Subscribe) packet);
            case SUBACK -> {
                SubAck a = (SubAck) packet;
                yield 2
                        + a.reasonCodes().size()
                        + (v5 ? withLength(diagnostics(a.reasonString(), a.userProperties(), omit, "SUBACK")) : 0);
            }
            case UNSUBSCRIBE -> unsubscribeLength((Unsubscribe) packet);
            case UNSUBACK -> {
                UnsubAck a = (UnsubAck) packet;
                yield v5
                        ? 2
                                + a.reasonCodes().size()
                                + withLength(diagnostics(a.reasonString(), a.userProperties(), omit, "UNSUBACK"))
                        : 2;
            }
            case PINGREQ, PINGRESP -> 0;
            case DISCONNECT -> disconnectLength((Disconnect) packet, omit);
            case AUTH -> authLength((Auth) packet, omit);
        };
    }

    /** A property list's length field plus its content. */
    private static int withLength(int properties) {
        return Wire.variableByteIntegerSize(properties) + properties;
    }

    private static int diagnostics(String reasonString, UserProperties user, int omit, String packet) {
        return (omit >= 1 ? 0 : PropertyWriter.string(reasonString, "Reason String"))
                + (omit >= 2 ? 0 : PropertyWriter.user(user));
    }

    private int connectLength(Connect c) {
        int size = 2 + 4 + 1 + 1 + 2; // "MQTT", level, flags, keep alive
        if (v5) {
            size += withLength(PropertyWriter.connect(c.properties()));
        }
        size += 2 + Utf8.encodedLength(c.clientId(), "client identifier");
        Will will = c.will();
        if (will != null) {
            if (v5) {
                size += withLength(PropertyWriter.will(will.properties()));
            }
            size += 2
                    + Utf8.encodedLength(will.topic(), "will topic")
                    + 2
                    + will.payload().length();
        }
        if (c.username() != null) {
            size += 2 + Utf8.encodedLength(c.username(), "user name");
        } else if (c.password() != null && !v5) {
            throw new MqttEncodeException(
                    "MQTT-3.1.2-22", "MQTT 3.1.1 CONNECT cannot carry a password without a user name");
        }
        if (c.password() != null) {
            size += 2 + c.password().length();
        }
        return size;
    }

    private int connAckLength(ConnAck c, int omit) {
        if (!v5) {
            if (c.reasonCode().v3ReturnCode() < 0) {
                throw new MqttEncodeException(
                        null, "CONNACK reason code " + c.reasonCode() + " has no MQTT 3.1.1 return code");
            }
            return 2;
        }
        return 2
                + withLength(PropertyWriter.connAckRequired(c.properties())
                        + diagnostics(
                                c.properties().reasonString(), c.properties().userProperties(), omit, "CONNACK"));
    }

    private int publishLength(Publish p) {
        int size = 2 + Utf8.encodedLength(p.topic(), "topic name") + (p.packetId() != 0 ? 2 : 0);
        if (v5) {
            size += withLength(PropertyWriter.publish(p.properties()));
        } else if (p.topic().isEmpty()) {
            throw new MqttEncodeException("MQTT-4.7.3-1", "an MQTT 3.1.1 PUBLISH needs a topic name");
        }
        return size + p.payload().readableBytes();
    }

    /** PUBACK, PUBREC, PUBREL, PUBCOMP: MQTT 5 drops the reason code and property length when they are not needed. */
    private int ackLength(int code, String reasonString, UserProperties user, int omit, String packet) {
        if (!v5) {
            return 2;
        }
        int props = diagnostics(reasonString, user, omit, packet);
        if (props == 0) {
            return code == 0 ? 2 : 3;
        }
        return 3 + withLength(props);
    }

    private int subscribeLength(Subscribe s) {
        int size = 2;
        if (v5) {
            int props = (s.subscriptionIdentifier() == null
                            ? 0
                            : 1 + Wire.variableByteIntegerSize(s.subscriptionIdentifier()))
                    + PropertyWriter.user(s.userProperties());
            size += withLength(props);
        }
        List<Subscription> subs = s.subscriptions();
        for (int i = 0, n = subs.size(); i < n; i++) {
            size += 2 + Utf8.encodedLength(subs.get(i).topicFilter(), "topic filter") + 1;
        }
        return size;
    }

    private int unsubscribeLength(Unsubscribe u) {
        int size = 2;
        if (v5) {
            size += withLength(PropertyWriter.user(u.userProperties()));
        }
        List<String> filters = u.topicFilters();
        for (int i = 0, n = filters.size(); i < n; i++) {
            size += 2 + Utf8.encodedLength(filters.get(i), "topic filter");
        }
        return size;
    }

    private int disconnectLength(Disconnect d, int omit) {
        if (!v5) {
            return 0;
        }
        int props = PropertyWriter.fixed(d.sessionExpiryInterval(), 4)
                + PropertyWriter.string(d.serverReference(), "Server Reference")
                + diagnostics(d.reasonString(), d.userProperties(), omit, "DISCONNECT");
        if (props == 0) {
            return d.reasonCode().code() == 0 ? 0 : 1;
        }
        return 1 + withLength(props);
    }

    private int authLength(Auth a, int omit) {
        if (!v5) {
            throw new MqttEncodeException(null, "AUTH does not exist in MQTT 3.1.1");
        }
        int props = PropertyWriter.string(a.authenticationMethod(), "Authentication Method")
                + PropertyWriter.binary(a.authenticationData())
                + diagnostics(a.reasonString(), a.userProperties(), omit, "AUTH");
        if (props == 0) {
            return a.reasonCode().code() == 0 ? 0 : 1;
        }
        return 1 + withLength(props);
    }

    // ================================================================ writing

    private void write(MqttPacket packet, ByteBuf out, int remaining, int omit) {
        switch (packet.type()) {
            case CONNECT -> writeConnect((Connect) packet, out, remaining);
            case CONNACK -> writeConnAck((ConnAck) packet, out, remaining, omit);
            case PUBLISH -> writePublish((Publish) packet, out, remaining);
            case PUBACK -> {
                PubAck a = (PubAck) packet;
                writeAck(
                        out,
                        0x40,
                        remaining,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        omit);
            }
            case PUBREC -> {
                PubRec a = (PubRec) packet;
                writeAck(
                        out,
                        0x50,
                        remaining,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        omit);
            }
            case PUBREL -> {
                PubRel a = (PubRel) packet;
                writeAck(
                        out,
                        0x62,
                        remaining,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        omit);
            }
            case PUBCOMP -> {
                PubComp a = (PubComp) packet;
                writeAck(
                        out,
                        0x70,
                        remaining,
                        a.packetId(),
                        a.reasonCode().code(),
                        a.reasonString(),
                        a.userProperties(),
                        omit);
            }
            case SUBSCRIBE -> writeSubscribe((Subscribe) packet, out, remaining);
            case SUBACK -> writeSubAck((SubAck) packet, out, remaining, omit);
            case UNSUBSCRIBE -> writeUnsubscribe((Unsubscribe) packet, out, remaining);
            case UNSUBACK -> writeUnsubAck((UnsubAck) packet, out, remaining, omit);
            case PINGREQ -> out.writeShort(0xC000);
            case PINGRESP -> out.writeShort(0xD000);
            case DISCONNECT -> writeDisconnect((Disconnect) packet, out, remaining, omit);
            case AUTH -> writeAuth((Auth) packet, out, remaining, omit);
        }
    }

    private static void header(ByteBuf out, int firstByte, int remaining) {
        out.writeByte(firstByte);
        Wire.writeVariableByteInteger(out, remaining);
    }

    private static void writeString(ByteBuf out, String s) {
        Utf8.write(out, s, ByteBufUtil.utf8Bytes(s));
    }

    private static void writeDiagnostics(ByteBuf out, String reasonString, UserProperties user, int omit) {
        if (omit < 1) {
            PropertyWriter.string(out, REASON_STRING, reasonString);
        }
        if (omit < 2) {
            PropertyWriter.user(out, user);
        }
    }

    private static int diagnosticsLength(String reasonString, UserProperties user, int omit) {
        int size = 0;
        if (omit < 1 && reasonString != null) {
            size += 3 + ByteBufUtil.utf8Bytes(reasonString);
        }
        if (omit < 2) {
            for (int i = 0, n = user.size(); i < n; i++) {
                size += 5 + ByteBufUtil.utf8Bytes(user.name(i)) + ByteBufUtil.utf8Bytes(user.value(i));
            }
        }
        return size;
    }

    private void writeConnect(Connect c, ByteBuf out, int remaining) {
        header(out, 0x10, remaining);
        writeString(out, "MQTT");
        out.writeByte(version.protocolLevel());
        Will will = c.will();
        int flags = (c.cleanStart() ? 0x02 : 0)
                | (will != null ? 0x04 | will.qos().value() << 3 | (will.retain() ? 0x20 : 0) : 0)
                | (c.password() != null ? 0x40 : 0)
                | (c.username() != null ? 0x80 : 0);
        out.writeByte(flags);
        out.writeShort(c.keepAliveSeconds());
        if (v5) {
            Wire.writeVariableByteInteger(out, PropertyWriter.connect(c.properties()));
            PropertyWriter.connect(out, c.properties());
        }
        writeString(out, c.clientId());
        if (will != null) {
            if (v5) {
                Wire.writeVariableByteInteger(out, PropertyWriter.will(will.properties()));
                PropertyWriter.will(out, will.properties());
            }
            writeString(out, will.topic());
            out.writeShort(will.payload().length());
            will.payload().writeTo(out);
        }
        if (c.username() != null) {
            writeString(out, c.username());
        }
        if (c.password() != null) {
            out.writeShort(c.password().length());
            c.password().writeTo(out);
        }
    }

    private void writeConnAck(ConnAck c, ByteBuf out, int remaining, int omit) {
        header(out, 0x20, remaining);
        out.writeByte(c.sessionPresent() ? 1 : 0);
        if (!v5) {
            out.writeByte(c.reasonCode().v3ReturnCode());
            return;
        }
        out.writeByte(c.reasonCode().code());
        var p = c.properties();
        Wire.writeVariableByteInteger(
                out, PropertyWriter.connAckRequired(p) + diagnosticsLength(p.reasonString(), p.userProperties(), omit));
        PropertyWriter.connAckRequired(out, p);
        writeDiagnostics(out, p.reasonString(), p.userProperties(), omit);
    }

    private void writePublish(Publish p, ByteBuf out, int remaining) {
        header(out, 0x30 | (p.dup() ? 0x08 : 0) | p.qos().value() << 1 | (p.retain() ? 0x01 : 0), remaining);
        writeString(out, p.topic());
        if (p.packetId() != 0) {
            out.writeShort(p.packetId());
        }
        if (v5) {
            if (p.properties().isEmpty()) {
                out.writeByte(0);
            } else {
                Wire.writeVariableByteInteger(out, PropertyWriter.publish(p.properties()));
                PropertyWriter.publish(out, p.properties());
            }
        }
        ByteBuf payload = p.payload();
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    }

    private void writeAck(
            ByteBuf out,
            int firstByte,
            int remaining,
            int packetId,
            int code,
            String reasonString,
            UserProperties user,
            int omit) {
        header(out, firstByte, remaining);
        out.writeShort(packetId);
        if (remaining == 2) {
            return;
        }
        out.writeByte(code);
        if (remaining == 3) {
            return;
        }
        Wire.writeVariableByteInteger(out, diagnosticsLength(reasonString, user, omit));
        writeDiagnostics(out, reasonString, user, omit);
    }

    private void writeSubscribe(Subscribe s, ByteBuf out, int remaining) {
        header(out, 0x82, remaining);
        out.writeShort(s.packetId());
        if (v5) {
            Integer sid = s.subscriptionIdentifier();
            int props = (sid == null ? 0 : 1 + Wire.variableByteIntegerSize(sid))
                    + diagnosticsLength(null, s.userProperties(), 0);
            Wire.writeVariableByteInteger(out, props);
            if (sid != null) {
                out.writeByte(SUBSCRIPTION_IDENTIFIER);
                Wire.writeVariableByteInteger(out, sid);
            }
            PropertyWriter.user(out, s.userProperties());
        }
        List<Subscription> subs = s.subscriptions();
        for (int i = 0, n = subs.size(); i < n; i++) {
            Subscription sub = subs.get(i);
            writeString(out, sub.topicFilter());
            SubscriptionOptions o = sub.options();
            int options = o.qos().value();
            if (v5) {
                options |= (o.noLocal() ? 0x04 : 0)
                        | (o.retainAsPublished() ? 0x08 : 0)
                        | o.retainHandling().value() << 4;
            }
            out.writeByte(options);
        }
    }

    private void writeSubAck(SubAck s, ByteBuf out, int remaining, int omit) {
        header(out, 0x90, remaining);
        out.writeShort(s.packetId());
        if (v5) {
            Wire.writeVariableByteInteger(out, diagnosticsLength(s.reasonString(), s.userProperties(), omit));
            writeDiagnostics(out, s.reasonString(), s.userProperties(), omit);
        }
        List<SubAckReasonCode> codes = s.reasonCodes();
        for (int i = 0, n = codes.size(); i < n; i++) {
            SubAckReasonCode rc = codes.get(i);
            // MQTT 3.1.1 knows one failure code, 0x80
            out.writeByte(v5 || !rc.isError() ? rc.code() : 0x80);
        }
    }

    private void writeUnsubscribe(Unsubscribe u, ByteBuf out, int remaining) {
        header(out, 0xA2, remaining);
        out.writeShort(u.packetId());
        if (v5) {
            Wire.writeVariableByteInteger(out, diagnosticsLength(null, u.userProperties(), 0));
            PropertyWriter.user(out, u.userProperties());
        }
        List<String> filters = u.topicFilters();
        for (int i = 0, n = filters.size(); i < n; i++) {
            writeString(out, filters.get(i));
        }
    }

    private void writeUnsubAck(UnsubAck u, ByteBuf out, int remaining, int omit) {
        header(out, 0xB0, remaining);
        out.writeShort(u.packetId());
        if (!v5) {
            return;
        }
        Wire.writeVariableByteInteger(out, diagnosticsLength(u.reasonString(), u.userProperties(), omit));
        writeDiagnostics(out, u.reasonString(), u.userProperties(), omit);
        List<UnsubAckReasonCode> codes = u.reasonCodes();
        for (int i = 0, n = codes.size(); i < n; i++) {
            out.writeByte(codes.get(i).code());
        }
    }

    private void writeDisconnect(Disconnect d, ByteBuf out, int remaining, int omit) {
        header(out, 0xE0, remaining);
        if (remaining == 0) {
            return;
        }
        out.writeByte(d.reasonCode().code());
        if (remaining == 1) {
            return;
        }
        int props = (d.sessionExpiryInterval() == null ? 0 : 5)
                + (d.serverReference() == null ? 0 : 3 + ByteBufUtil.utf8Bytes(d.serverReference()))
                + diagnosticsLength(d.reasonString(), d.userProperties(), omit);
        Wire.writeVariableByteInteger(out, props);
        PropertyWriter.fourByte(out, SESSION_EXPIRY_INTERVAL, d.sessionExpiryInterval());
        PropertyWriter.string(out, SERVER_REFERENCE, d.serverReference());
        writeDiagnostics(out, d.reasonString(), d.userProperties(), omit);
    }

    private void writeAuth(Auth a, ByteBuf out, int remaining, int omit) {
        header(out, 0xF0, remaining);
        if (remaining == 0) {
            return;
        }
        out.writeByte(a.reasonCode().code());
        if (remaining == 1) {
            return;
        }
        int props = (a.authenticationMethod() == null ? 0 : 3 + ByteBufUtil.utf8Bytes(a.authenticationMethod()))
                + (a.authenticationData() == null
                        ? 0
                        : 3 + a.authenticationData().length())
                + diagnosticsLength(a.reasonString(), a.userProperties(), omit);
        Wire.writeVariableByteInteger(out, props);
        PropertyWriter.string(out, AUTHENTICATION_METHOD, a.authenticationMethod());
        PropertyWriter.binary(out, AUTHENTICATION_DATA, a.authenticationData());
        writeDiagnostics(out, a.reasonString(), a.userProperties(), omit);
    }
}
