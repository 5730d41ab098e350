package dev.patchline.protocol.mqtt.codec;

import static dev.patchline.protocol.mqtt.codec.PropertyId.*;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.WillProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Sizes and writes MQTT 5 property lists. Sizing validates every string (MQTT-1.5.4-1,
 * MQTT-1.5.4-2, MQTT-1.5.7-1) so that writing can no longer fail halfway. Absent ({@code null})
 * properties are not written.
 */
final class PropertyWriter {

    private PropertyWriter() {}

    // ------------------------------------------------------------ sizes (validating)

    static int string(String s, String field) {
        return s == null ? 0 : 1 + 2 + Utf8.encodedLength(s, field);
    }

    static int binary(BinaryData b) {
        return b == null ? 0 : 1 + 2 + b.length();
    }

    static int fixed(Object value, int bytes) {
        return value == null ? 0 : 1 + bytes;
    }

    static int user(UserProperties user) {
        int size = 0;
        for (int i = 0, n = user.size(); i < n; i++) {
            size += 1
                    + 2
                    + Utf8.encodedLength(user.name(i), "User Property name")
                    + 2
                    + Utf8.encodedLength(user.value(i), "User Property value");
        }
        return size;
    }

    static int publish(PublishProperties p) {
        if (p == PublishProperties.NONE) {
            return 0;
        }
        int size = fixed(p.payloadFormat(), 1)
                + fixed(p.messageExpiryInterval(), 4)
                + fixed(p.topicAlias(), 2)
                + string(p.responseTopic(), "Response Topic")
                + binary(p.correlationData())
                + user(p.userProperties())
                + string(p.contentType(), "Content Type");
        for (int i = 0, n = p.subscriptionIdentifiers().size(); i < n; i++) {
            size += 1 + Wire.variableByteIntegerSize(p.subscriptionIdentifiers().get(i));
        }
        return size;
    }

    static int will(WillProperties p) {
        if (p == WillProperties.NONE) {
            return 0;
        }
        return fixed(p.willDelayInterval(), 4)
                + fixed(p.payloadFormat(), 1)
                + fixed(p.messageExpiryInterval(), 4)
                + string(p.contentType(), "will Content Type")
                + string(p.responseTopic(), "will Response Topic")
                + binary(p.correlationData())
                + user(p.userProperties());
    }

    static int connect(ConnectProperties p) {
        if (p == ConnectProperties.NONE) {
            return 0;
        }
        return fixed(p.sessionExpiryInterval(), 4)
                + fixed(p.receiveMaximum(), 2)
                + fixed(p.maximumPacketSize(), 4)
                + fixed(p.topicAliasMaximum(), 2)
                + fixed(p.requestResponseInformation(), 1)
                + fixed(p.requestProblemInformation(), 1)
                + user(p.userProperties())
                + string(p.authenticationMethod(), "Authentication Method")
                + binary(p.authenticationData());
    }

    /** CONNACK properties without the two omissible ones (Reason String, User Property). */
    static int connAckRequired(ConnAckProperties p) {
        if (p == ConnAckProperties.NONE) {
            return 0;
        }
        return fixed(p.sessionExpiryInterval(), 4)
                + fixed(p.receiveMaximum(), 2)
                + fixed(p.maximumQos(), 1)
                + fixed(p.retainAvailable(), 1)
                + fixed(p.maximumPacketSize(), 4)
                + string(p.assignedClientIdentifier(), "Assigned Client Identifier")
                + fixed(p.topicAliasMaximum(), 2)
                + fixed(p.wildcardSubscriptionAvailable(), 1)
                + fixed(p.subscriptionIdentifiersAvailable(), 1)
                + fixed(p.sharedSubscriptionAvailable(), 1)
                + fixed(p.serverKeepAlive(), 2)
                + string(p.responseInformation(), "Response Information")
                + string(p.serverReference(), "Server Reference")
                + string(p.authenticationMethod(), "Authentication Method")
                + binary(p.authenticationData());
    }

    // ------------------------------------------------------------ writes

    static void string(ByteBuf out, int id, String s) {
        if (s != null) {
            out.writeByte(id);
            Utf8.write(out, s, ByteBufUtil.utf8Bytes(s));
        }
    }

    static void binary(ByteBuf out, int id, BinaryData b) {
        if (b != null) {
            out.writeByte(id);
            out.writeShort(b.length());
            b.writeTo(out);
        }
    }

    static void byteValue(ByteBuf out, int id, Boolean b) {
        if (b != null) {
            out.writeByte(id);
            out.writeByte(b ? 1 : 0);
        }
    }

    static void twoByte(ByteBuf out, int id, Integer v) {
        if (v != null) {
            out.writeByte(id);
            out.writeShort(v);
        }
    }

    static void fourByte(ByteBuf out, int id, Long v) {
        if (v != null) {
            out.writeByte(id);
            out.writeInt((int) (long) v);
        }
    }

    static void payloadFormat(ByteBuf out, PayloadFormat f) {
        if (f != null) {
            out.writeByte(PAYLOAD_FORMAT_INDICATOR);
            out.writeByte(f.value());
        }
    }

    static void user(ByteBuf out, UserProperties user) {
        for (int i = 0, n = user.size(); i < n; i++) {
            out.writeByte(USER_PROPERTY);
            String name = user.name(i);
            String value = user.value(i);
            Utf8.write(out, name, ByteBufUtil.utf8Bytes(name));
            Utf8.write(out, value, ByteBufUtil.utf8Bytes(value));
        }
    }

    static void publish(ByteBuf out, PublishProperties p) {
        if (p == PublishProperties.NONE) {
            return;
        }
        payloadFormat(out, p.payloadFormat());
        fourByte(out, MESSAGE_EXPIRY_INTERVAL, p.messageExpiryInterval());
        twoByte(out, TOPIC_ALIAS, p.topicAlias());
        string(out, RESPONSE_TOPIC, p.responseTopic());
        binary(out, CORRELATION_DATA, p.correlationData());
        user(out, p.userProperties());
        for (int i = 0, n = p.subscriptionIdentifiers().size(); i < n; i++) {
            out.writeByte(SUBSCRIPTION_IDENTIFIER);
            Wire.writeVariableByteInteger(out, p.subscriptionIdentifiers().get(i));
        }
        string(out, CONTENT_TYPE, p.contentType());
    }

    static void will(ByteBuf out, WillProperties p) {
        if (p == WillProperties.NONE) {
            return;
        }
        fourByte(out, WILL_DELAY_INTERVAL, p.willDelayInterval());
        payloadFormat(out, p.payloadFormat());
        fourByte(out, MESSAGE_EXPIRY_INTERVAL, p.messageExpiryInterval());
        string(out, CONTENT_TYPE, p.contentType());
        string(out, RESPONSE_TOPIC, p.responseTopic());
        binary(out, CORRELATION_DATA, p.correlationData());
        user(out, p.userProperties());
    }

    static void connect(ByteBuf out, ConnectProperties p) {
        if (p == ConnectProperties.NONE) {
            return;
        }
        fourByte(out, SESSION_EXPIRY_INTERVAL, p.sessionExpiryInterval());
        twoByte(out, RECEIVE_MAXIMUM, p.receiveMaximum());
        fourByte(out, MAXIMUM_PACKET_SIZE, p.maximumPacketSize());
        twoByte(out, TOPIC_ALIAS_MAXIMUM, p.topicAliasMaximum());
        byteValue(out, REQUEST_RESPONSE_INFORMATION, p.requestResponseInformation());
        byteValue(out, REQUEST_PROBLEM_INFORMATION, p.requestProblemInformation());
        user(out, p.userProperties());
        string(out, AUTHENTICATION_METHOD, p.authenticationMethod());
        binary(out, AUTHENTICATION_DATA, p.authenticationData());
    }

    static void connAckRequired(ByteBuf out, ConnAckProperties p) {
        if (p == ConnAckProperties.NONE) {
            return;
        }
        fourByte(out, SESSION_EXPIRY_INTERVAL, p.sessionExpiryInterval());
        twoByte(out, RECEIVE_MAXIMUM, p.receiveMaximum());
        if (p.maximumQos() != null) {
            out.writeByte(MAXIMUM_QOS);
            out.writeByte(p.maximumQos().value());
        }
        byteValue(out, RETAIN_AVAILABLE, p.retainAvailable());
        fourByte(out, MAXIMUM_PACKET_SIZE, p.maximumPacketSize());
        string(out, ASSIGNED_CLIENT_IDENTIFIER, p.assignedClientIdentifier());
        twoByte(out, TOPIC_ALIAS_MAXIMUM, p.topicAliasMaximum());
        byteValue(out, WILDCARD_SUBSCRIPTION_AVAILABLE, p.wildcardSubscriptionAvailable());
        byteValue(out, SUBSCRIPTION_IDENTIFIER_AVAILABLE, p.subscriptionIdentifiersAvailable());
        byteValue(out, SHARED_SUBSCRIPTION_AVAILABLE, p.sharedSubscriptionAvailable());
        twoByte(out, SERVER_KEEP_ALIVE, p.serverKeepAlive());
        string(out, RESPONSE_INFORMATION, p.responseInformation());
        string(out, SERVER_REFERENCE, p.serverReference());
        string(out, AUTHENTICATION_METHOD, p.authenticationMethod());
        binary(out, AUTHENTICATION_DATA, p.authenticationData());
    }
}
