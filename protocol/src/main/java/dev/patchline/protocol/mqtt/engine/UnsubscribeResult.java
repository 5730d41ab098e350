package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.UnsubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import java.util.List;

/**
 * The server's answer to one {@code unsubscribe} call. MQTT 3.1.1 UNSUBACK carries no reason codes; the list is
 * then all {@link UnsubAckReasonCode#SUCCESS}.
 */
public record UnsubscribeResult(
        List<String> topicFilters,
        List<UnsubAckReasonCode> reasonCodes,
        String reasonString,
        UserProperties userProperties) {}
