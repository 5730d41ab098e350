package dev.patchline.protocol.mqtt.engine;

/**
 * Where the application delivers the messages of a subscription: given to
 * {@link MqttClientEngine#subscribe}, kept with the subscription, and handed back with every message it matched
 * through {@link MqttMessage#subscriptions()}. The engine never calls it; the application decides what a route is
 * (a handler, a queue, a test's label). Finding it again costs no lookup per message.
 */
public interface MessageRoute {}
