package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;

/**
 * What a successful CONNACK settled for this connection, with the specification's defaults applied to absent
 * properties (MQTT 5 section 3.2.2.3). For MQTT 3.1.1 every limit is the protocol's own.
 *
 * @param version                   the protocol version spoken
 * @param sessionPresent            whether the server resumed an existing session
 * @param clientId                  the client identifier in use: ours, or the one the server assigned
 * @param keepAliveSeconds          the keep alive in force (the Server Keep Alive when the server sent one, MQTT-3.2.2-21)
 * @param sessionExpiryInterval     the session expiry in force, in seconds
 * @param receiveMaximum            how many unacknowledged QoS 1/2 publishes the server accepts from us
 * @param maximumQos                the highest QoS the server accepts in our PUBLISH packets
 * @param retainAvailable           whether the server accepts retained messages
 * @param maximumPacketSize         the largest packet the server accepts, in bytes
 * @param topicAliasMaximum         how many topic aliases the server accepts from us
 * @param wildcardSubscriptionAvailable   whether filters may contain wildcards
 * @param subscriptionIdentifiersAvailable whether SUBSCRIBE may carry a subscription identifier
 * @param sharedSubscriptionAvailable     whether {@code $share/} filters are accepted
 * @param responseInformation       the server's Response Information, or {@code null}
 * @param serverReference           another server to use, or {@code null}
 * @param reasonString              the server's Reason String, or {@code null}
 * @param userProperties            the server's User Properties
 * @param connAck                   the CONNACK itself
 */
public record ConnectionInfo(
        MqttVersion version,
        boolean sessionPresent,
        String clientId,
        int keepAliveSeconds,
        long sessionExpiryInterval,
        int receiveMaximum,
        Qos maximumQos,
        boolean retainAvailable,
        long maximumPacketSize,
        int topicAliasMaximum,
        boolean wildcardSubscriptionAvailable,
        boolean subscriptionIdentifiersAvailable,
        boolean sharedSubscriptionAvailable,
        String responseInformation,
        String serverReference,
        String reasonString,
        UserProperties userProperties,
        ConnAck connAck) {

    static ConnectionInfo of(EngineConfig config, ConnAck ack) {
        ConnAckProperties p = ack.properties();
        boolean v5 = config.version().isV5();
        String assigned = p.assignedClientIdentifier();
        return new ConnectionInfo(
                config.version(),
                ack.sessionPresent(),
                assigned != null ? assigned : config.clientId(),
                v5 && p.serverKeepAlive() != null ? p.serverKeepAlive() : config.keepAliveSeconds(),
                v5 && p.sessionExpiryInterval() != null ? p.sessionExpiryInterval() : config.sessionExpiryInterval(),
                v5 ? p.receiveMaximumOrDefault() : 65_535,
                v5 ? p.maximumQosOrDefault() : Qos.EXACTLY_ONCE,
                !v5 || p.retainAvailableOrDefault(),
                v5 && p.maximumPacketSize() != null ? p.maximumPacketSize() : 0xFFFF_FFFFL,
                v5 ? p.topicAliasMaximumOrDefault() : 0,
                !v5 || p.wildcardSubscriptionAvailableOrDefault(),
                v5 && p.subscriptionIdentifiersAvailableOrDefault(),
                !v5 || p.sharedSubscriptionAvailableOrDefault(),
                p.responseInformation(),
                p.serverReference(),
                p.reasonString(),
                p.userProperties(),
                ack);
    }
}
