package dev.patchline.protocol.mqtt.codec.packet;

import java.util.List;

/**
 * SUBSCRIBE (MQTT 5 section 3.8): at least one subscription (MQTT-3.8.3-2). The subscription
 * identifier ({@code null} when absent, else 1..268435455) and user properties are MQTT 5 only.
 */
public record Subscribe(
        int packetId, List<Subscription> subscriptions, Integer subscriptionIdentifier, UserProperties userProperties)
        implements MqttPacket {

    public Subscribe {
        Checks.packetId(packetId);
        subscriptions = List.copyOf(subscriptions);
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE needs at least one subscription (MQTT-3.8.3-2)");
        }
        if (subscriptionIdentifier != null) {
            Checks.range(subscriptionIdentifier, 1, Checks.MAX_VARIABLE_BYTE_INTEGER, "subscriptionIdentifier");
        }
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    public static Subscribe of(int packetId, Subscription... subscriptions) {
        return new Subscribe(packetId, List.of(subscriptions), null, UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
