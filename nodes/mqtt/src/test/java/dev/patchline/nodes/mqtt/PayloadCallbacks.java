package dev.patchline.nodes.mqtt;

import java.util.function.BiConsumer;

/**
 * Callbacks for tests that wait for the subscription and then watch each message's payload; what happens with a
 * payload is the test's {@code onPayload}. Cook thread only, as every callback.
 */
final class PayloadCallbacks implements MqttClientCallbacks {
    private final BiConsumer<MqttClientView, String> onPayload;
    private volatile boolean subscribed;

    PayloadCallbacks(BiConsumer<MqttClientView, String> onPayload) {
        this.onPayload = onPayload;
    }

    /** {@return whether {@code onSubscribe} ran} */
    boolean subscribed() {
        return subscribed;
    }

    @Override
    public void onSubscribe(MqttClientView dat, String topics) {
        subscribed = true;
    }

    @Override
    public void onMessage(
            MqttClientView dat,
            String topic,
            String payload,
            int qos,
            boolean retained,
            boolean dup,
            InboundMessage m) {
        onPayload.accept(dat, payload);
    }

    /** Sleeps {@code millis}: a callback that works on each message, so the cook thread falls behind. */
    static void slowDown(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
