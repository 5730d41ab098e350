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
 * <p>Why on the event loop: a handler on the client's callback executor would make each message cross three threads
 * (event loop, callback executor, cook thread). With the broker, the publishers and the patch sharing two cores, that
 * extra wake-up and cache transfer per burst cost more than the copy itself; the copy and the ring offer are cheap and
 * bounded, so they run where the message is decoded, and a message crosses one thread boundary: event loop to cook.
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

    LinkUser(int messageCapacity, long messageBytes, Inbox<LinkEvent> events, Runnable wakeup) {
        this.messages = new MessageRing(messageCapacity, messageBytes);
        this.events = events;
        this.wakeup = wakeup;
    }

    /**
     * QoS 1/2 only while the ring has room: the client acknowledges a message once this said yes and {@link #onMessage}
     * returned, so a QoS 1/2 message is safe in the ring before its PUBACK/PUBREC leaves. QoS 0 is always taken: when
     * the ring is full, {@link #onMessage} drops it (nothing to acknowledge, and the broker must not hold it back).
     */
    @Override
    public boolean hasRoom(MqttMessage message) {
        return message.qos() == Qos.AT_MOST_ONCE || messages.hasRoomElseMarkRefused(weight(message));
    }

    @Override
    public void onMessage(MqttMessage message) {
        if (messages.isClosed()) return; // the node stopped: nobody will read it
        if (message.qos() == Qos.AT_MOST_ONCE && !messages.hasRoomFor(weight(message))) {
            messages.dropNewest(); // before the copy: a dropped message costs no allocation
            wakeup.run(); // so that 'dropped' shows
            return;
        }
        InboundMessage copy = InboundMessage.copyOf(message, System.currentTimeMillis());
        if (!messages.offer(copy)) {
            // Cannot happen: there was room just before and only this thread adds. Dropping silently would hide a bug.
            throw new IllegalStateException("message ring full right after it reported room");
        }
        wakeup.run();
    }

    private static long weight(MqttMessage message) {
        return MessageRing.weight(
                message.payload().readableBytes(), message.topic().length());
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
