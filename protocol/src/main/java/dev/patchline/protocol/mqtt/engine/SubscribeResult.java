package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import java.util.List;

/**
 * The server's answer to one {@code subscribe} call: one reason code per subscription, in the order given
 * (MQTT-3.9.3-1). Subscriptions whose code is an error are not kept by the engine.
 *
 * @param subscriptions  the subscriptions as requested
 * @param reasonCodes    the granted QoS or the failure, per subscription
 * @param reasonString   the server's Reason String, or {@code null}
 * @param userProperties the server's User Properties
 */
public record SubscribeResult(
        List<MqttSubscription> subscriptions,
        List<SubAckReasonCode> reasonCodes,
        String reasonString,
        UserProperties userProperties) {

    /** Whether every subscription was granted. */
    public boolean allGranted() {
        for (SubAckReasonCode code : reasonCodes) {
            if (code.isError()) {
                return false;
            }
        }
        return true;
    }
}
