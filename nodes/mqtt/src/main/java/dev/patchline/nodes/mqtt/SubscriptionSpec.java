package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.RetainHandling;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.SubscriptionOptions;
import dev.patchline.runtime.param.ListCodec;
import dev.patchline.runtime.param.ListItem;
import dev.patchline.runtime.param.ParameterDescriptor;
import java.util.Objects;

/**
 * One entry of the {@code subscriptions} parameter: a topic filter with its QoS and MQTT 5 options. In a graph file:
 * {@code {"topic": "sensors/#", "qos": 1, "nolocal": false, "rap": false, "rh": 0}}.
 *
 * @param topic             topic filter, wildcards and {@code $share/group/filter} allowed
 * @param qos               maximum QoS 0, 1 or 2
 * @param noLocal           MQTT 5: do not receive what this connection publishes
 * @param retainAsPublished MQTT 5: keep the retain flag of the original publish
 * @param retainHandling    MQTT 5: 0 send retained on subscribe, 1 only for a new subscription, 2 never
 */
public record SubscriptionSpec(String topic, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {

    public static final ParameterDescriptor<String> TOPIC = ParameterDescriptor.ofString("topic")
            .label("Topic Filter")
            .help("MQTT topic filter, e.g. sensors/+/temp or $share/group/sensors/#.")
            .build();
    public static final ParameterDescriptor<Integer> QOS = ParameterDescriptor.ofInt("qos")
            .label("QoS")
            .defaultValue(0)
            .range(0, 2)
            .help("Maximum QoS the broker delivers with: 0, 1 or 2.")
            .build();
    public static final ParameterDescriptor<Boolean> NOLOCAL = ParameterDescriptor.ofToggle("nolocal")
            .label("No Local")
            .defaultValue(false)
            .help("MQTT 5: do not receive messages published by this connection.")
            .build();
    public static final ParameterDescriptor<Boolean> RAP = ParameterDescriptor.ofToggle("rap")
            .label("Retain as Published")
            .defaultValue(false)
            .help("MQTT 5: keep the retain flag the publisher set instead of clearing it on live messages.")
            .build();
    public static final ParameterDescriptor<Integer> RH = ParameterDescriptor.ofInt("rh")
            .label("Retain Handling")
            .defaultValue(0)
            .range(0, 2)
            .help("MQTT 5: 0 send retained messages on subscribe, 1 only if the subscription is new, 2 never.")
            .build();

    /** The list codec of the {@code subscriptions} parameter. */
    public static final ListCodec<SubscriptionSpec> CODEC = ListCodec.of(
            SubscriptionSpec.class,
            item -> new SubscriptionSpec(
                    item.get(TOPIC), item.get(QOS), item.get(NOLOCAL), item.get(RAP), item.get(RH)),
            s -> ListItem.builder()
                    .set(TOPIC, s.topic())
                    .set(QOS, s.qos())
                    .set(NOLOCAL, s.noLocal())
                    .set(RAP, s.retainAsPublished())
                    .set(RH, s.retainHandling())
                    .build(),
            TOPIC,
            QOS,
            NOLOCAL,
            RAP,
            RH);

    public SubscriptionSpec {
        Objects.requireNonNull(topic, "topic");
        if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retain handling must be 0, 1 or 2, got " + retainHandling);
        }
    }

    /** A subscription with default MQTT 5 options. */
    public static SubscriptionSpec of(String topic, int qos) {
        return new SubscriptionSpec(topic, qos, false, false, 0);
    }

    Subscription toSubscription() {
        return new Subscription(
                topic,
                new SubscriptionOptions(
                        Qos.of(qos), noLocal, retainAsPublished, RetainHandling.values()[retainHandling]));
    }
}
