package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An application message copied out of the network buffers, as handed out by a {@link MessageQueue}: immutable,
 * owns its bytes, nothing to release.
 */
public record ReceivedMessage(
        String topic,
        byte[] payload,
        Qos qos,
        boolean retain,
        boolean dup,
        PublishProperties properties,
        List<String> subscriptionFilters) {

    static ReceivedMessage copyOf(MqttMessage message) {
        List<String> filters = message.subscriptions().isEmpty()
                ? List.of()
                : message.subscriptions().stream().map(s -> s.filter()).toList();
        return new ReceivedMessage(
                message.topic(),
                message.payloadBytes(),
                message.qos(),
                message.retain(),
                message.dup(),
                message.properties(),
                filters);
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + topic + ", " + payload.length + " bytes, qos " + qos.value()
                + (retain ? ", retained" : "") + (dup ? ", dup" : "") + "]";
    }
}
