package dev.patchline.protocol.mqtt.codec.packet;

import java.util.List;

/** UNSUBSCRIBE (MQTT 5 section 3.10): at least one topic filter (MQTT-3.10.3-2). */
public record Unsubscribe(int packetId, List<String> topicFilters, UserProperties userProperties)
        implements MqttPacket {

    public Unsubscribe {
        Checks.packetId(packetId);
        topicFilters = List.copyOf(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE needs at least one topic filter (MQTT-3.10.3-2)");
        }
        userProperties = userProperties == null ? UserProperties.EMPTY : userProperties;
    }

    public static Unsubscribe of(int packetId, String... topicFilters) {
        return new Unsubscribe(packetId, List.of(topicFilters), UserProperties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
