package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.engine.MessageRoute;

/**
 * What a subscription of an {@link MqttClient} delivers to: a handler on the callback executor, a queue the
 * application polls, or an inline handler on the event loop. The client gives one to every subscribe and
 * {@link ClientSession} finds it again on each message the subscription matched.
 */
sealed interface Route extends MessageRoute {

    /** Through the {@link HandlerDispatcher} to a handler on the callback executor. */
    record Handler(MessageHandler handler) implements Route {}

    /** A copy into a {@link MessageQueue} the application polls. */
    record Queue(MessageQueue queue) implements Route {}

    /** Straight to an inline handler on the event loop, which copies what it keeps. */
    record Inline(InlineMessageHandler handler) implements Route {}
}
