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
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random valid packets for property tests: every packet a given side may send in a given version,
 * with random fields and random subsets of properties, within the rules the decoder enforces.
 */
final class RandomPackets {

    private static final String[] PIECES = {"a", "b", "sensor", "temp", "x9", "é", "日本", "😀", "-", "_", " ", "$", "ü"};

    private final Random random;
    private final MqttVersion version;
    private final boolean v5;

    RandomPackets(Random random, MqttVersion version) {
        this.random = random;
        this.version = version;
        this.v5 = version.isV5();
    }

    MqttPacket next(Side sender) {
        return sender == Side.CLIENT ? nextFromClient() : nextFromServer();
    }

    private MqttPacket nextFromClient() {
        int choice = random.nextInt(v5 ? 11 : 10);
        return switch (choice) {
            case 0 -> connect();
            case 1, 2 -> publish(Side.CLIENT);
            case 3 -> pubAck();
            case 4 -> pubRec();
            case 5 -> pubRel();
            case 6 -> pubComp();
            case 7 -> subscribe();
            case 8 -> unsubscribe();
            case 9 -> random.nextBoolean() ? PingReq.INSTANCE : disconnect(Side.CLIENT);
            default -> auth(Side.CLIENT);
        };
    }

    private MqttPacket nextFromServer() {
        int choice = random.nextInt(v5 ? 11 : 9);
        return switch (choice) {
            case 0 -> connAck();
            case 1, 2 -> publish(Side.SERVER);
            case 3 -> pubAck();
            case 4 -> pubRec();
            case 5 -> pubRel();
            case 6 -> pubComp();
            case 7 -> subAck();
            case 8 -> random.nextBoolean() ? unsubAck() : PingResp.INSTANCE;
            case 9 -> disconnect(Side.SERVER);
            default -> auth(Side.SERVER);
        };
    }

    // ------------------------------------------------------------ values

    private boolean maybe() {
        return random.nextInt(3) == 0;
    }

    String text(int maxPieces) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    String topicName() {
        StringBuilder sb = new StringBuilder();
        int levels = 1 + random.nextInt(4);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(text(2));
        }
        return sb.length() == 0 ? "t" : sb.toString();
    }

    String topicFilter() {
        if (v5 && random.nextInt(6) == 0) {
            return "$share/g" + random.nextInt(10) + "/" + plainFilter();
        }
        return plainFilter();
    }

    private String plainFilter() {
        StringBuilder sb = new StringBuilder();
        int levels = 1 + random.nextInt(4);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int kind = random.nextInt(6);
            if (kind == 0) {
                sb.append('+');
            } else if (kind == 1 && i == levels - 1) {
                sb.append('#');
            } else {
                sb.append(text(2));
            }
        }
        return sb.length() == 0 ? "#" : sb.toString();
    }

    private BinaryData binary() {
        byte[] b = new byte[random.nextInt(12)];
        random.nextBytes(b);
        return BinaryData.of(b);
    }

    private int packetId() {
        return 1 + random.nextInt(65_535);
    }

    private Long uint32() {
        return maybe() ? (random.nextBoolean() ? 0xFFFF_FFFFL : (long) random.nextInt(100_000)) : null;
    }

    private Integer twoByte(int min) {
        return maybe() ? min + random.nextInt(65_536 - min) : null;
    }

    private Boolean bool() {
        return maybe() ? random.nextBoolean() : null;
    }

    private String optionalText() {
        return maybe() ? text(3) : null;
    }

    UserProperties user() {
        if (!v5 || random.nextInt(3) != 0) {
            return UserProperties.EMPTY;
        }
        UserProperties.Builder b = UserProperties.builder();
        int n = 1 + random.nextInt(3);
        String repeated = text(1);
        for (int i = 0; i < n; i++) {
            b.add(random.nextBoolean() ? repeated : text(2), text(2));
        }
        return b.build();
    }

    private <R extends ReasonCode> R code(R[] values, Side sender) {
        while (true) {
            R r = values[random.nextInt(values.length)];
            if (r.canBeSentBy(sender)) {
                return r;
            }
        }
    }

    private Qos qos() {
        return Qos.of(random.nextInt(3));
    }

    // ------------------------------------------------------------ packets

    Connect connect() {
        Connect.Builder b = Connect.builder(version, text(3))
                .cleanStart(random.nextBoolean())
                .keepAliveSeconds(random.nextInt(65_536));
        if (maybe() || !v5) {
            b.username(maybe() ? "" : text(3));
        }
        if (maybe()) {
            if (v5 || b.build().username() != null) {
                b.password(binary());
            }
        }
        if (maybe()) {
            WillProperties wp = WillProperties.NONE;
            if (v5 && random.nextBoolean()) {
                wp = WillProperties.builder()
                        .willDelayInterval(uint32())
                        .payloadFormat(payloadFormat())
                        .messageExpiryInterval(uint32())
                        .contentType(optionalText())
                        .responseTopic(maybe() ? topicName() : null)
                        .correlationData(maybe() ? binary() : null)
                        .userProperties(user())
                        .build();
            }
            b.will(new Will(topicName(), binary(), qos(), random.nextBoolean(), wp));
        }
        if (v5 && random.nextBoolean()) {
            String method = maybe() ? text(2) : null;
            b.properties(ConnectProperties.builder()
                    .sessionExpiryInterval(uint32())
                    .receiveMaximum(twoByte(1))
                    .maximumPacketSize(maybe() ? (long) (1 + random.nextInt(1 << 20)) : null)
                    .topicAliasMaximum(twoByte(0))
                    .requestResponseInformation(bool())
                    .requestProblemInformation(bool())
                    .userProperties(user())
                    .authenticationMethod(method)
                    .authenticationData(method != null && random.nextBoolean() ? binary() : null)
                    .build());
        }
        return b.build();
    }

    private PayloadFormat payloadFormat() {
        return maybe() ? PayloadFormat.values()[random.nextInt(2)] : null;
    }

    ConnAck connAck() {
        if (!v5) {
            ConnectReasonCode[] v3 = {
                ConnectReasonCode.SUCCESS,
                ConnectReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                ConnectReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                ConnectReasonCode.SERVER_UNAVAILABLE,
                ConnectReasonCode.BAD_USER_NAME_OR_PASSWORD,
                ConnectReasonCode.NOT_AUTHORIZED
            };
            ConnectReasonCode rc = v3[random.nextInt(v3.length)];
            return new ConnAck(rc == ConnectReasonCode.SUCCESS && random.nextBoolean(), rc, null);
        }
        ConnectReasonCode rc =
                random.nextBoolean() ? ConnectReasonCode.SUCCESS : code(ConnectReasonCode.values(), Side.SERVER);
        ConnAckProperties props = ConnAckProperties.NONE;
        if (random.nextBoolean()) {
            String method = maybe() ? text(2) : null;
            props = ConnAckProperties.builder()
                    .sessionExpiryInterval(uint32())
                    .receiveMaximum(twoByte(1))
                    .maximumQos(maybe() ? Qos.of(random.nextInt(2)) : null)
                    .retainAvailable(bool())
                    .maximumPacketSize(maybe() ? (long) (1 + random.nextInt(1 << 20)) : null)
                    .assignedClientIdentifier(optionalText())
                    .topicAliasMaximum(twoByte(0))
                    .reasonString(optionalText())
                    .userProperties(user())
                    .wildcardSubscriptionAvailable(bool())
                    .subscriptionIdentifiersAvailable(bool())
                    .sharedSubscriptionAvailable(bool())
                    .serverKeepAlive(twoByte(0))
                    .responseInformation(optionalText())
                    .serverReference(optionalText())
                    .authenticationMethod(method)
                    .authenticationData(method != null && random.nextBoolean() ? binary() : null)
                    .build();
        }
        return new ConnAck(rc == ConnectReasonCode.SUCCESS && random.nextBoolean(), rc, props);
    }

    Publish publish(Side sender) {
        Qos qos = qos();
        byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(5000) : random.nextInt(40)];
        random.nextBytes(payload);
        PublishProperties props = PublishProperties.NONE;
        String topic = topicName();
        if (v5 && random.nextBoolean()) {
            Integer alias = maybe() ? 1 + random.nextInt(65_535) : null;
            List<Integer> sids = new ArrayList<>();
            if (sender == Side.SERVER && maybe()) {
                for (int i = random.nextInt(3); i >= 0; i--) {
                    sids.add(1 + random.nextInt(268_435_455));
                }
            }
            props = PublishProperties.builder()
                    .payloadFormat(payloadFormat())
                    .messageExpiryInterval(uint32())
                    .topicAlias(alias)
                    .responseTopic(maybe() ? topicName() : null)
                    .correlationData(maybe() ? binary() : null)
                    .userProperties(user())
                    .subscriptionIdentifiers(sids)
                    .contentType(optionalText())
                    .build();
            if (alias != null && random.nextBoolean()) {
                topic = "";
            }
        }
        return new Publish(
                topic,
                qos,
                random.nextBoolean(),
                qos != Qos.AT_MOST_ONCE && random.nextBoolean(),
                qos == Qos.AT_MOST_ONCE ? 0 : packetId(),
                Unpooled.wrappedBuffer(payload),
                props);
    }

    private String reasonString() {
        return v5 ? optionalText() : null;
    }

    PubAck pubAck() {
        return v5
                ? new PubAck(packetId(), code(PubAckReasonCode.values(), Side.CLIENT), reasonString(), user())
                : PubAck.of(packetId());
    }

    PubRec pubRec() {
        return v5
                ? new PubRec(packetId(), code(PubRecReasonCode.values(), Side.CLIENT), reasonString(), user())
                : PubRec.of(packetId());
    }

    PubRel pubRel() {
        return v5
                ? new PubRel(packetId(), code(PubRelReasonCode.values(), Side.CLIENT), reasonString(), user())
                : PubRel.of(packetId());
    }

    PubComp pubComp() {
        return v5
                ? new PubComp(packetId(), code(PubCompReasonCode.values(), Side.CLIENT), reasonString(), user())
                : PubComp.of(packetId());
    }

    Subscribe subscribe() {
        List<Subscription> subs = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            String filter = topicFilter();
            SubscriptionOptions o = v5
                    ? new SubscriptionOptions(
                            qos(),
                            !filter.startsWith("$share/") && random.nextBoolean(),
                            random.nextBoolean(),
                            RetainHandling.values()[random.nextInt(3)])
                    : SubscriptionOptions.of(qos());
            subs.add(new Subscription(filter, o));
        }
        return new Subscribe(packetId(), subs, v5 && maybe() ? 1 + random.nextInt(268_435_455) : null, user());
    }

    SubAck subAck() {
        List<SubAckReasonCode> codes = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            SubAckReasonCode rc = code(SubAckReasonCode.values(), Side.SERVER);
            codes.add(!v5 && rc.isError() ? SubAckReasonCode.UNSPECIFIED_ERROR : rc);
        }
        return new SubAck(packetId(), codes, reasonString(), user());
    }

    Unsubscribe unsubscribe() {
        List<String> filters = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            filters.add(topicFilter());
        }
        return new Unsubscribe(packetId(), filters, user());
    }

    UnsubAck unsubAck() {
        if (!v5) {
            return UnsubAck.of(packetId());
        }
        List<UnsubAckReasonCode> codes = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            codes.add(code(UnsubAckReasonCode.values(), Side.SERVER));
        }
        return new UnsubAck(packetId(), codes, reasonString(), user());
    }

    Disconnect disconnect(Side sender) {
        if (!v5) {
            return Disconnect.NORMAL;
        }
        return new Disconnect(
                code(DisconnectReasonCode.values(), sender),
                sender == Side.CLIENT ? uint32() : null,
                reasonString(),
                sender == Side.SERVER ? optionalText() : null,
                user());
    }

    Auth auth(Side sender) {
        AuthReasonCode rc = code(AuthReasonCode.values(), sender);
        if (random.nextInt(4) == 0 && rc == AuthReasonCode.SUCCESS) {
            return new Auth(rc, null, null, null, null); // the short form; every other AUTH names its method
        }
        return new Auth(rc, text(2), maybe() ? binary() : null, reasonString(), user());
    }

    static List<MqttVersion> versions() {
        return Arrays.asList(MqttVersion.values());
    }
}
