package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.client.MessageHandler;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.runtime.op.Inbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's end of a {@link MqttLink}: where the link puts that node's messages and events, and the counters the node
 * shows as info channels. Created on the cook thread; {@link #onMessage} runs on the client's serial callback executor,
 * the event and counter methods on the client's threads.
 */
final class LinkUser implements MessageHandler {
    final MessageRing messages;
    final Inbox<LinkEvent> events;
    private final Runnable wakeup;
    final AtomicLong published = new AtomicLong();
    final AtomicLong publishFailures = new AtomicLong();
    final AtomicInteger inflight = new AtomicInteger();
    /** Lost events (the event inbox was full); counters stay right, only callbacks are missed. */
    final AtomicLong lostEvents = new AtomicLong();
    volatile boolean wantsPublishEvents;

    LinkUser(int messageCapacity, Inbox<LinkEvent> events, Runnable wakeup) {
        this.messages = new MessageRing(messageCapacity);
        this.events = events;
        this.wakeup = wakeup;
    }

    @Override
    public void onMessage(MqttMessage message) {
        InboundMessage copy = InboundMessage.copyOf(message, System.currentTimeMillis());
        if (message.qos() == Qos.AT_MOST_ONCE) {
            messages.offerDroppingOldest(copy);
        } else if (!messages.offerWaiting(copy)) {
            return;                                 // the node stopped: nobody will read it
        }
        wakeup.run();
    }

    void event(LinkEvent event) {
        if (!events.offer(event)) lostEvents.incrementAndGet();
    }

    void wakeup() {
        wakeup.run();
    }

    void close() {
        messages.close();
    }
}
