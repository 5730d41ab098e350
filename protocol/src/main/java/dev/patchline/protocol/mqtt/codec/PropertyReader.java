package dev.patchline.protocol.mqtt.codec;

import static dev.patchline.protocol.mqtt.codec.PropertyId.*;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.WillProperties;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one MQTT 5 property list into reusable fields, then hands out the typed property records.
 * One instance belongs to one decoder and is reused for every packet, so reading properties
 * allocates only the values themselves. Enforces: identifiers allowed in the packet (section
 * 2.2.2.2: others make the packet malformed), no repeats except User Property and, in PUBLISH,
 * Subscription Identifier (each property section: "It is a Protocol Error to include ... more than
 * once"), and the value ranges the specification gives.
 */
final class PropertyReader {

    private long seen;
    private int payloadFormat;
    private long messageExpiryInterval;
    private String contentType;
    private String responseTopic;
    private BinaryData correlationData;
    private final List<Integer> subscriptionIdentifiers = new ArrayList<>(2);
    private long sessionExpiryInterval;
    private String assignedClientIdentifier;
    private int serverKeepAlive;
    private String authenticationMethod;
    private BinaryData authenticationData;
    private boolean requestProblemInformation;
    private long willDelayInterval;
    private boolean requestResponseInformation;
    private String responseInformation;
    private String serverReference;
    private String reasonString;
    private int receiveMaximum;
    private int topicAliasMaximum;
    private int topicAlias;
    private int maximumQos;
    private boolean retainAvailable;
    private long maximumPacketSize;
    private boolean wildcardSubscriptionAvailable;
    private boolean subscriptionIdentifierAvailable;
    private boolean sharedSubscriptionAvailable;
    private String[] userProperties = new String[8];
    private int userPropertyStrings;

    /**
     * Reads a property length and the properties it covers.
     *
     * @param allowed bit mask of identifiers the packet may carry ({@link PropertyId})
     */
    void read(ByteBuf in, String packet, long allowed, long repeatable) throws MqttDecodeException {
        try {
            readList(in, packet, allowed, repeatable);
        } catch (MqttDecodeException e) {
            throw e.in(packet);
        }
    }

    private void readList(ByteBuf in, String packet, long allowed, long repeatable) throws MqttDecodeException {
        clear();
        int length = Wire.readVariableByteInteger(in, "property length");
        Wire.need(in, length, "property list");
        int end = in.readerIndex() + length;
        while (in.readerIndex() < end) {
            int id = in.readUnsignedByte();
            // Identifiers are variable byte integers, but every defined one fits in one byte.
            if (id >= 64 || (allowed & (1L << id)) == 0) {
                throw MqttDecodeException.malformed(
                        null,
                        "must not carry " + PropertyId.name(id) + " (identifier 0x" + Integer.toHexString(id)
                                + "); MQTT 5 section 2.2.2.2 lists the properties of each packet");
            }
            long bit = 1L << id;
            if ((seen & bit) != 0 && (repeatable & bit) == 0) {
                throw MqttDecodeException.protocolError(
                        null, "carries " + PropertyId.name(id) + " more than once; the specification allows it once");
            }
            seen |= bit;
            readValue(in, id);
            if (in.readerIndex() > end) {
                throw MqttDecodeException.malformed(
                        null,
                        PropertyId.name(id) + " runs past the end of the property list; the property length is wrong");
            }
        }
    }

    private void readValue(ByteBuf in, int id) throws MqttDecodeException {
        String field = PropertyId.name(id); // a constant: no text is built unless this fails
        switch (id) {
            case PAYLOAD_FORMAT_INDICATOR -> payloadFormat = zeroOrOne(in, field, false);
            case MESSAGE_EXPIRY_INTERVAL -> messageExpiryInterval = Wire.readFourByteInt(in, field);
            case CONTENT_TYPE -> contentType = Wire.readString(in, field);
            case RESPONSE_TOPIC -> {
                responseTopic = Wire.readString(in, field);
                if (responseTopic.indexOf('+') >= 0 || responseTopic.indexOf('#') >= 0) {
                    throw MqttDecodeException.protocolError(
                            "MQTT-3.3.2-14", field + " '" + responseTopic + "' contains a wildcard");
                }
            }
            case CORRELATION_DATA -> correlationData = Wire.readBinary(in, field);
            case SUBSCRIPTION_IDENTIFIER -> {
                int sid = Wire.readVariableByteInteger(in, field);
                if (sid == 0) {
                    throw MqttDecodeException.protocolError(
                            null, field + " is 0; it must be 1..268435455 (MQTT 5 section 3.8.2.1.2)");
                }
                subscriptionIdentifiers.add(sid);
            }
            case SESSION_EXPIRY_INTERVAL -> sessionExpiryInterval = Wire.readFourByteInt(in, field);
            case ASSIGNED_CLIENT_IDENTIFIER -> assignedClientIdentifier = Wire.readString(in, field);
            case SERVER_KEEP_ALIVE -> serverKeepAlive = Wire.readTwoByteInt(in, field);
            case AUTHENTICATION_METHOD -> authenticationMethod = Wire.readString(in, field);
            case AUTHENTICATION_DATA -> authenticationData = Wire.readBinary(in, field);
            case REQUEST_PROBLEM_INFORMATION -> requestProblemInformation = zeroOrOne(in, field, true) == 1;
            case WILL_DELAY_INTERVAL -> willDelayInterval = Wire.readFourByteInt(in, field);
            case REQUEST_RESPONSE_INFORMATION -> requestResponseInformation = zeroOrOne(in, field, true) == 1;
            case RESPONSE_INFORMATION -> responseInformation = Wire.readString(in, field);
            case SERVER_REFERENCE -> serverReference = Wire.readString(in, field);
            case REASON_STRING -> reasonString = Wire.readString(in, field);
            case RECEIVE_MAXIMUM -> {
                receiveMaximum = Wire.readTwoByteInt(in, field);
                if (receiveMaximum == 0) {
                    throw MqttDecodeException.protocolError(
                            null, field + " is 0; it must be 1..65535 (MQTT 5 section 3.1.2.11.3)");
                }
            }
            case TOPIC_ALIAS_MAXIMUM -> topicAliasMaximum = Wire.readTwoByteInt(in, field);
            case TOPIC_ALIAS -> {
                topicAlias = Wire.readTwoByteInt(in, field);
                if (topicAlias == 0) {
                    throw MqttDecodeException.protocolError("MQTT-3.3.2-8", field + " is 0; aliases start at 1");
                }
            }
            case MAXIMUM_QOS -> maximumQos = zeroOrOne(in, field, true);
            case RETAIN_AVAILABLE -> retainAvailable = zeroOrOne(in, field, true) == 1;
            case USER_PROPERTY -> {
                String name = Wire.readString(in, "User Property name");
                String value = Wire.readString(in, "User Property value");
                if (userPropertyStrings + 2 > userProperties.length) {
                    userProperties = Arrays.copyOf(userProperties, userProperties.length * 2);
                }
                userProperties[userPropertyStrings++] = name;
                userProperties[userPropertyStrings++] = value;
            }
            case MAXIMUM_PACKET_SIZE -> {
                maximumPacketSize = Wire.readFourByteInt(in, field);
                if (maximumPacketSize == 0) {
                    throw MqttDecodeException.protocolError(
                            null, field + " is 0; it must be at least 1 (MQTT 5 section 3.1.2.11.4)");
                }
            }
            case WILDCARD_SUBSCRIPTION_AVAILABLE -> wildcardSubscriptionAvailable = zeroOrOne(in, field, true) == 1;
            case SUBSCRIPTION_IDENTIFIER_AVAILABLE -> subscriptionIdentifierAvailable = zeroOrOne(in, field, true) == 1;
            case SHARED_SUBSCRIPTION_AVAILABLE -> sharedSubscriptionAvailable = zeroOrOne(in, field, true) == 1;
            default -> throw new IllegalStateException("allowed mask admits unknown property " + id);
        }
    }

    /** Byte properties defined as 0 or 1: other values are a Protocol Error where the text says so, else malformed. */
    private static int zeroOrOne(ByteBuf in, String field, boolean protocolError) throws MqttDecodeException {
        int v = Wire.readByte(in, field);
        if (v > 1) {
            String msg = field + " is " + v + "; it must be 0 or 1";
            throw protocolError
                    ? MqttDecodeException.protocolError(null, msg)
                    : MqttDecodeException.malformed(null, msg);
        }
        return v;
    }

    /** Forgets the previous packet's properties, for a packet that has none on the wire. */
    void clear() {
        seen = 0;
        userPropertyStrings = 0;
        subscriptionIdentifiers.clear();
    }

    boolean isEmpty() {
        return seen == 0;
    }

    boolean has(int id) {
        return (seen & (1L << id)) != 0;
    }

    UserProperties userProperties() {
        if (userPropertyStrings == 0) {
            return UserProperties.EMPTY;
        }
        return UserProperties.of(Arrays.copyOf(userProperties, userPropertyStrings));
    }

    String reasonString() {
        return has(REASON_STRING) ? reasonString : null;
    }

    String serverReference() {
        return has(SERVER_REFERENCE) ? serverReference : null;
    }

    Long sessionExpiryInterval() {
        return has(SESSION_EXPIRY_INTERVAL) ? sessionExpiryInterval : null;
    }

    String authenticationMethod() {
        return has(AUTHENTICATION_METHOD) ? authenticationMethod : null;
    }

    BinaryData authenticationData() {
        return has(AUTHENTICATION_DATA) ? authenticationData : null;
    }

    boolean hasSubscriptionIdentifier() {
        return !subscriptionIdentifiers.isEmpty();
    }

    Integer subscriptionIdentifier() {
        return subscriptionIdentifiers.isEmpty() ? null : subscriptionIdentifiers.get(0);
    }

    Integer topicAlias() {
        return has(TOPIC_ALIAS) ? topicAlias : null;
    }

    private PayloadFormat payloadFormat() {
        return has(PAYLOAD_FORMAT_INDICATOR)
                ? (payloadFormat == 1 ? PayloadFormat.UTF_8 : PayloadFormat.UNSPECIFIED)
                : null;
    }

    private Long longIf(int id, long value) {
        return has(id) ? value : null;
    }

    private Integer intIf(int id, int value) {
        return has(id) ? value : null;
    }

    private Boolean boolIf(int id, boolean value) {
        return has(id) ? value : null;
    }

    private String stringIf(int id, String value) {
        return has(id) ? value : null;
    }

    PublishProperties publishProperties() {
        if (seen == 0) {
            return PublishProperties.NONE;
        }
        return new PublishProperties(
                payloadFormat(),
                longIf(MESSAGE_EXPIRY_INTERVAL, messageExpiryInterval),
                topicAlias(),
                stringIf(RESPONSE_TOPIC, responseTopic),
                has(CORRELATION_DATA) ? correlationData : null,
                userProperties(),
                List.copyOf(subscriptionIdentifiers),
                stringIf(CONTENT_TYPE, contentType));
    }

    WillProperties willProperties() {
        if (seen == 0) {
            return WillProperties.NONE;
        }
        return new WillProperties(
                longIf(WILL_DELAY_INTERVAL, willDelayInterval),
                payloadFormat(),
                longIf(MESSAGE_EXPIRY_INTERVAL, messageExpiryInterval),
                stringIf(CONTENT_TYPE, contentType),
                stringIf(RESPONSE_TOPIC, responseTopic),
                has(CORRELATION_DATA) ? correlationData : null,
                userProperties());
    }

    ConnectProperties connectProperties() {
        if (seen == 0) {
            return ConnectProperties.NONE;
        }
        return new ConnectProperties(
                sessionExpiryInterval(),
                intIf(RECEIVE_MAXIMUM, receiveMaximum),
                longIf(MAXIMUM_PACKET_SIZE, maximumPacketSize),
                intIf(TOPIC_ALIAS_MAXIMUM, topicAliasMaximum),
                boolIf(REQUEST_RESPONSE_INFORMATION, requestResponseInformation),
                boolIf(REQUEST_PROBLEM_INFORMATION, requestProblemInformation),
                userProperties(),
                authenticationMethod(),
                authenticationData());
    }

    ConnAckProperties connAckProperties() {
        if (seen == 0) {
            return ConnAckProperties.NONE;
        }
        return new ConnAckProperties(
                sessionExpiryInterval(),
                intIf(RECEIVE_MAXIMUM, receiveMaximum),
                has(MAXIMUM_QOS) ? Qos.of(maximumQos) : null,
                boolIf(RETAIN_AVAILABLE, retainAvailable),
                longIf(MAXIMUM_PACKET_SIZE, maximumPacketSize),
                stringIf(ASSIGNED_CLIENT_IDENTIFIER, assignedClientIdentifier),
                intIf(TOPIC_ALIAS_MAXIMUM, topicAliasMaximum),
                reasonString(),
                userProperties(),
                boolIf(WILDCARD_SUBSCRIPTION_AVAILABLE, wildcardSubscriptionAvailable),
                boolIf(SUBSCRIPTION_IDENTIFIER_AVAILABLE, subscriptionIdentifierAvailable),
                boolIf(SHARED_SUBSCRIPTION_AVAILABLE, sharedSubscriptionAvailable),
                intIf(SERVER_KEEP_ALIVE, serverKeepAlive),
                stringIf(RESPONSE_INFORMATION, responseInformation),
                serverReference(),
                authenticationMethod(),
                authenticationData());
    }
}
