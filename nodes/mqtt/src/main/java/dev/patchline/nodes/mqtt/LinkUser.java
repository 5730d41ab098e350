package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.client.InlineMessageHandler;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.runtime.op.Inbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's end of a {@link MqttLink}: where the link puts that node's messages and events, and the counters the node
 * shows as info channels. Created on the cook thread; {@link #hasRoom} and {@link #onMessage} run on the client's
 * event loop (an {@link InlineMessageHandler}: they only copy into the ring and never wait), the event and counter
 * methods on the client's threads.
 *
 * <p>Why on the event loop: a message used to cross three threads (event loop, the client's callback executor, the
 * cook thread). With the broker, the publishers and the patch sharing two cores, the extra wake-up and cache transfer
 * per burst cost more than the copy itself; the copy and the ring offer are cheap and bounded, so they run where the
 * message is decoded.
 */
final class LinkUser implements InlineMessageHandler {
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

    /** QoS 0 always fits (the oldest waiting one makes room); QoS 1/2 only while the ring has room. */
    @Override
    public boolean hasRoom(MqttMessage message) {
        return message.qos() == Qos.AT_MOST_ONCE || messages.hasRoomElseMarkRefused();
    }

    @Override
    public void onMessage(MqttMessage message) {
        if (messages.isClosed()) return;            // the node stopped: nobody will read it
        InboundMessage copy = InboundMessage.copyOf(message, System.currentTimeMillis());
        if (message.qos() == Qos.AT_MOST_ONCE) {
            messages.offerDroppingOldest(copy);
        } else if (!messages.offer(copy)) {
            // Cannot happen: hasRoom said yes just before and only this thread adds. Dropping silently would hide a bug.
            throw new IllegalStateException("message ring full right after it reported room");
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
