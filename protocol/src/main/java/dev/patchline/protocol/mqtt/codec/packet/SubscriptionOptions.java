package dev.patchline.protocol.mqtt.codec.packet;

import java.util.Objects;

/**
 * The options of one subscription. MQTT 3.1.1 carries only {@code qos}; the encoder writes the
 * other options only for MQTT 5.
 */
public record SubscriptionOptions(Qos qos, boolean noLocal, boolean retainAsPublished, RetainHandling retainHandling) {

    public SubscriptionOptions {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(retainHandling, "retainHandling");
    }

    /** Options with the given QoS and the MQTT 5 defaults for everything else. */
    public static SubscriptionOptions of(Qos qos) {
        return new SubscriptionOptions(qos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
    }
}
