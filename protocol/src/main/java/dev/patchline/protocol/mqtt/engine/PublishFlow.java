package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRecReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.PubRelReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.topic.InvalidTopicException;
import dev.patchline.protocol.mqtt.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound application messages: the bounded publish queue, the in-flight window of
 * min(configured maximum, server Receive Maximum) QoS 1/2 messages, the QoS 1 and QoS 2 sender flows, topic
 * aliases towards the server, Message Expiry, and resending on a resumed session (MQTT-4.4.0-1).
 *
 * <p><b>Bytes waiting for the socket.</b> A new PUBLISH is encoded only while the socket takes bytes and fewer than
 * {@link EngineConfig#maxOutboundBytes()} encoded bytes wait for it ({@link OutboundBytes#pending()}); otherwise it
 * waits in the publish queue, and the queue reports itself full. Once that many bytes wait, the queue reports room
 * again only when half of them have been written, so that a slow socket does not make the signal flap with every
 * message. A QoS 0 message is done when its bytes are written to the socket, not when it is encoded.
 *
 * <p>Why this class is about 530 lines: whether a message may go out now depends on the queue, the in-flight window
 * and the bytes waiting for the socket together, and the QoS 1 and 2 sender flows, resending on a resumed session and
 * the topic aliases all change that state; split apart, each would need the others' state. The alias policy itself
 * lives in {@link OutboundTopicAliases}, the in-flight order in {@link InflightList}.
 */
final class PublishFlow {

    private static final Logger LOG = LoggerFactory.getLogger(PublishFlow.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final EngineConfig config;
    private final MqttEngineListener listener;
    private final EngineContext ctx;
    private final PacketIds packetIds;
    private final InflightList inflight = new InflightList();
    private final ArrayDeque<OutboundFlight> queue = new ArrayDeque<>();
    /** QoS 0 messages encoded on this connection whose bytes have not reached the socket, in the order encoded. */
    private final ArrayDeque<OutboundFlight> unwritten = new ArrayDeque<>();

    private final OutboundBytes outbound;
    private final long maxOutboundBytes;
    private volatile boolean queueFull;
    /** {@link EngineConfig#maxOutboundBytes()} bytes waited for the socket, and not half of them were written yet. */
    private boolean bytesFull;
    /** The last topic that passed validation: strings are immutable, so the same instance needs no second check. */
    private String lastValidTopic;

    // per connection
    private boolean online;
    /** Why the engine closed, appended to the failures of later requests; empty while open. */
    private String closedBecause = "";

    private int window;
    private OutboundTopicAliases aliases;
    private long aliasBytesSaved;

    PublishFlow(
            EngineConfig config,
            MqttEngineListener listener,
            EngineContext ctx,
            PacketIds packetIds,
            OutboundBytes outbound) {
        this.config = config;
        this.outbound = outbound;
        this.maxOutboundBytes = config.maxOutboundBytes();
        this.listener = listener;
        this.ctx = ctx;
        this.packetIds = packetIds;
    }

    boolean isQueueFull() {
        return queueFull;
    }

    int queued() {
        return queue.size();
    }

    int inflight() {
        return inflight.size();
    }

    // ================================================================== commands

    /** @param completion the future to complete, or {@code null} to complete the returned flight itself */
    CompletableFuture<PublishResult> publish(
            String topic,
            ByteBuf payload,
            Qos qos,
            boolean retain,
            PublishProperties properties,
            boolean closed,
            CompletableFuture<PublishResult> completion) {
        OutboundFlight flight = new OutboundFlight(topic, qos, retain, payload, properties, ctx.now(), completion);
        boolean knownValid = flight.topic != null
                && flight.topic == lastValidTopic
                && flight.qos != null
                && flight.properties == PublishProperties.NONE;
        String invalid = knownValid ? null : check(flight);
        if (invalid != null) {
            flight.fail(MqttPublishException.Kind.INVALID_MESSAGE, null, invalid);
            return flight;
        }
        if (closed) {
            flight.fail(MqttPublishException.Kind.CLOSED, null, "the MQTT client engine is closed" + closedBecause);
            return flight;
        }
        if (queue.isEmpty() && online && socketTakesMore() && (qos == Qos.AT_MOST_ONCE || inflight.size() < window)) {
            if (!sendNew(flight)) {
                enqueue(flight); // no packet identifier free right now
            }
            return flight;
        }
        if (queue.size() >= config.publishQueueCapacity()) {
            flight.fail(
                    MqttPublishException.Kind.QUEUE_FULL,
                    null,
                    "the publish queue is full ("
                            + config.publishQueueCapacity()
                            + " messages wait for the in-flight window, the socket or the connection);"
                            + " wait until isPublishQueueFull() is false or raise publishQueueCapacity");
            return flight;
        }
        enqueue(flight);
        return flight;
    }

    private String check(OutboundFlight f) {
        if (f.topic == null || f.qos == null) {
            return "topic and QoS are required";
        }
        if (f.topic != lastValidTopic) {
            try {
                Topics.validateName(f.topic);
            } catch (InvalidTopicException e) {
                return e.getMessage();
            }
            lastValidTopic = f.topic;
        }
        PublishProperties props = f.properties;
        if (props.topicAlias() != null) {
            return "do not set a Topic Alias on a message to publish; the engine manages aliases per connection";
        }
        if (!props.subscriptionIdentifiers().isEmpty()) {
            return "a client must not send Subscription Identifiers in PUBLISH (MQTT-3.3.4-6)";
        }
        if (props.responseTopic() != null) {
            try {
                Topics.validateName(props.responseTopic());
            } catch (InvalidTopicException e) {
                return "invalid Response Topic (MQTT-3.3.2-14): " + e.getMessage();
            }
        }
        return null;
    }

    // ================================================================== connection events

    /** CONNACK accepted the connection: settle the window and aliases, then resend or requeue. */
    void connected(ConnectionInfo info, boolean v5) {
        online = true;
        window = Math.min(config.maxInflight(), info.receiveMaximum());
        aliases = new OutboundTopicAliases(
                v5 ? Math.min(config.outboundTopicAliasMaximum(), info.topicAliasMaximum()) : 0);
        if (info.sessionPresent()) {
            resendInflight();
        } else {
            requeueForNewSession();
        }
    }

    void disconnected() {
        online = false;
        aliases = null; // aliases never outlive their connection (MQTT-3.3.2-7)
    }

    /**
     * The connection is gone: QoS 0 messages whose bytes did not reach the socket are lost (QoS 0 is never resent),
     * and their futures say so.
     */
    void connectionLost() {
        for (OutboundFlight f = unwritten.poll(); f != null; f = unwritten.poll()) {
            f.fail(
                    MqttPublishException.Kind.CONNECTION_LOST,
                    null,
                    "the connection ended before the QoS 0 message to '" + f.topic
                            + "' was written to the socket; QoS 0 is not sent again (use QoS 1 for that)");
        }
        bytesFull = false;
        updateQueueFull();
    }

    /**
     * The transport wrote bytes or its socket became writable again: completes the QoS 0 messages now written, and
     * sends queued messages when the bytes waiting for the socket went down enough.
     */
    void outboundProgress() {
        long written = outbound.writtenOffset();
        for (OutboundFlight f = unwritten.peek(); f != null && f.endOffset <= written; f = unwritten.peek()) {
            unwritten.poll();
            f.succeed(PublishResult.QOS0);
        }
        drain();
        updateQueueFull();
    }

    /**
     * Whether a new PUBLISH may be encoded now: the socket takes bytes and the bytes waiting for it are under the
     * bound (or, once they reached it, went down to half of it).
     */
    private boolean socketTakesMore() {
        long pending = outbound.pending();
        if (bytesFull) {
            bytesFull = pending > maxOutboundBytes / 2;
        } else if (pending >= maxOutboundBytes) {
            bytesFull = true;
        }
        return !bytesFull && outbound.isWritable();
    }

    /** Sends queued messages while the window has room (QoS 0 needs none, but keeps its place in line). */
    void drain() {
        boolean changed = false;
        while (online && !queue.isEmpty() && socketTakesMore()) {
            OutboundFlight head = queue.peek();
            if (head.qos != Qos.AT_MOST_ONCE && inflight.size() >= window) {
                break;
            }
            queue.poll();
            changed = true;
            if (!sendNew(head)) {
                queue.addFirst(head);
                break;
            }
        }
        if (changed) {
            updateQueueFull();
        }
    }

    /**
     * Fails everything still waiting or in flight: the engine is closed for good.
     *
     * @param because appended to every failure message, e.g. how the last connection ended; empty for nothing
     */
    void close(String because) {
        online = false;
        closedBecause = because;
        for (OutboundFlight f = inflight.first(); f != null; f = inflight.first()) {
            inflight.remove(f);
            packetIds.release(f.packetId);
            f.fail(
                    MqttPublishException.Kind.CLOSED,
                    null,
                    "the MQTT client engine was closed before the server acknowledged" + because);
        }
        for (OutboundFlight f = queue.poll(); f != null; f = queue.poll()) {
            f.fail(
                    MqttPublishException.Kind.CLOSED,
                    null,
                    "the MQTT client engine was closed before the message was sent" + because);
        }
        updateQueueFull();
    }

    // ================================================================== sending

    private void enqueue(OutboundFlight flight) {
        queue.add(flight);
        updateQueueFull();
    }

    private void updateQueueFull() {
        boolean full = queue.size() >= config.publishQueueCapacity() || (online && !socketTakesMore());
        if (full != queueFull) {
            queueFull = full;
            listener.publishQueueFull(full);
        }
    }

    /**
     * Sends a message for the first time on this session. Returns false (and changes nothing) only when no packet
     * identifier is free.
     */
    private boolean sendNew(OutboundFlight flight) {
        ConnectionInfo server = ctx.connection();
        if (flight.qos.compareTo(server.maximumQos()) > 0) {
            flight.fail(
                    MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER,
                    null,
                    "the server accepts at most QoS "
                            + server.maximumQos().value() + " (Maximum QoS in CONNACK), the message has QoS "
                            + flight.qos.value() + " (MQTT-3.2.2-11); publish with a lower QoS");
            return true;
        }
        if (flight.retain && !server.retainAvailable()) {
            flight.fail(
                    MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER,
                    null,
                    "the server does not support retained"
                            + " messages (Retain Available 0 in CONNACK, MQTT-3.2.2-14); publish with retain false");
            return true;
        }
        PublishProperties props = flight.properties;
        Long expiry = props.messageExpiryInterval();
        if (expiry != null) {
            long waited = (ctx.now() - flight.enqueuedNanos) / NANOS_PER_SECOND;
            if (waited >= expiry) {
                flight.fail(
                        MqttPublishException.Kind.EXPIRED,
                        null,
                        "the message expired after waiting " + waited + " s to be sent (Message Expiry Interval "
                                + expiry + " s)");
                return true;
            }
            if (waited > 0) {
                // Send the time left, as a server does when it forwards (MQTT-3.3.2-6)
                props = props.toBuilder().messageExpiryInterval(expiry - waited).build();
            }
        }
        if (flight.qos != Qos.AT_MOST_ONCE) {
            int id = packetIds.allocate();
            if (id == 0) {
                return false;
            }
            flight.packetId = id;
        }
        if (!write(flight, flight.toPacket(false, props))) {
            if (flight.packetId != 0) {
                packetIds.release(flight.packetId);
                flight.packetId = 0;
            }
            return true; // failed inside write
        }
        if (flight.qos == Qos.AT_MOST_ONCE) {
            // Done once written: the transport reports written bytes, and outboundProgress completes it.
            flight.stage = OutboundFlight.Stage.AWAIT_WRITE;
            flight.endOffset = outbound.encodedOffset();
            flight.releasePayload(); // the encoded bytes hold a copy; QoS 0 is never sent again
            unwritten.add(flight);
        } else {
            flight.stage = OutboundFlight.Stage.AWAIT_ACK;
            inflight.addLast(flight);
        }
        if (!queueFull && outbound.pending() >= maxOutboundBytes) {
            updateQueueFull(); // producers learn now, not at the next publish
        }
        return true;
    }

    /** Encodes a PUBLISH, with a topic alias where one pays; on failure fails the flight and returns false. */
    private boolean write(OutboundFlight flight, Publish message) {
        String topic = message.topic();
        if (aliases != null) {
            int alias = aliases.established(topic);
            if (alias != 0) {
                // MQTT 5 section 3.3.2.3.4: a known alias lets the topic be sent empty
                Publish byAlias =
                        message.withTopicAndProperties("", message.properties().withTopicAlias(alias));
                if (!send(flight, byAlias, topic)) {
                    return false;
                }
                aliasBytesSaved += ByteBufUtil.utf8Bytes(topic) - OutboundTopicAliases.PROPERTY_BYTES;
                return true;
            }
            int newAlias = aliases.candidate(topic);
            if (newAlias != 0) {
                try {
                    ctx.send(message.withTopicAndProperties(
                            topic, message.properties().withTopicAlias(newAlias)));
                    aliases.commit(topic, newAlias); // only now: an alias is established by a PUBLISH that was sent
                    aliasBytesSaved -= OutboundTopicAliases.PROPERTY_BYTES;
                    return true;
                } catch (MqttEncodeException e) {
                    // The alias property alone may push the packet over the server's Maximum Packet Size
                    // (MQTT-3.2.2-15): send it without, and leave the alias for a later, smaller message.
                }
            }
        }
        return send(flight, message, topic);
    }

    private boolean send(OutboundFlight flight, Publish wire, String topic) {
        try {
            ctx.send(wire);
            return true;
        } catch (MqttEncodeException e) {
            flight.fail(
                    MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER,
                    null,
                    "cannot send the message to '" + topic + "': " + e.getMessage());
            return false;
        }
    }

    /** Bytes outbound topic aliases saved on the wire: topic bytes left out, less the alias properties sent. */
    long aliasBytesSaved() {
        return aliasBytesSaved;
    }

    /** MQTT-4.4.0-1: on a resumed session, resend unacknowledged PUBLISH (DUP set) and PUBREL, in their original order. */
    private void resendInflight() {
        // Only what was in flight before: a future completed below may run a callback that publishes anew.
        OutboundFlight last = inflight.last();
        OutboundFlight f = inflight.first();
        while (f != null) {
            OutboundFlight next = f == last ? null : f.next;
            if (f.stage == OutboundFlight.Stage.AWAIT_ACK) {
                PublishProperties props = f.properties;
                Long expiry = props.messageExpiryInterval();
                if (expiry != null) {
                    long left = Math.max(0, expiry - (ctx.now() - f.enqueuedNanos) / NANOS_PER_SECOND);
                    props = props.toBuilder().messageExpiryInterval(left).build();
                }
                if (!write(f, f.toPacket(true, props))) { // DUP: MQTT-3.3.1-1
                    // the new connection's limits (e.g. a smaller Maximum Packet Size) forbid it for good
                    inflight.remove(f);
                    packetIds.release(f.packetId);
                }
            } else {
                ctx.send(PubRel.of(f.packetId));
            }
            f = next;
        }
    }

    /**
     * The server lost the session (session present 0, MQTT-3.2.2-5): messages it never received are sent again as
     * new messages; a QoS 2 message it did receive (PUBREC) is not, as that could deliver it twice; it completes
     * unconfirmed.
     */
    private void requeueForNewSession() {
        if (inflight.isEmpty()) {
            return;
        }
        List<OutboundFlight> again = new ArrayList<>();
        List<OutboundFlight> received = new ArrayList<>();
        for (OutboundFlight f = inflight.first(); f != null; f = inflight.first()) {
            inflight.remove(f);
            packetIds.release(f.packetId);
            (f.stage == OutboundFlight.Stage.AWAIT_PUBCOMP ? received : again).add(f);
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            OutboundFlight f = again.get(i);
            f.packetId = 0;
            f.stage = OutboundFlight.Stage.QUEUED;
            queue.addFirst(f);
        }
        updateQueueFull();
        // Completed last: their callbacks may publish, and must find the queue in order.
        for (OutboundFlight f : received) {
            f.succeed(new PublishResult(f.packetId, PubRecReasonCode.SUCCESS, null, UserProperties.EMPTY, false));
        }
    }

    // ================================================================== acknowledgements

    void onPubAck(PubAck ack) {
        OutboundFlight f = inflight.get(ack.packetId());
        if (f == null || f.qos != Qos.AT_LEAST_ONCE || f.stage != OutboundFlight.Stage.AWAIT_ACK) {
            LOG.debug("ignoring PUBACK for packet id {} that no QoS 1 message waits for", ack.packetId());
            return;
        }
        inflight.remove(f);
        packetIds.release(ack.packetId());
        if (ack.reasonCode().isError()) {
            f.fail(
                    MqttPublishException.Kind.REJECTED_BY_SERVER,
                    ack.reasonCode(),
                    "the server refused the message"
                            + " to '" + f.topic + "': PUBACK " + ack.reasonCode()
                            + (ack.reasonString() == null ? "" : ": " + ack.reasonString()));
        } else {
            f.succeed(new PublishResult(
                    ack.packetId(), ack.reasonCode(), ack.reasonString(), ack.userProperties(), true));
        }
        drain();
    }

    void onPubRec(PubRec rec, boolean v5) {
        int id = rec.packetId();
        OutboundFlight f = inflight.get(id);
        if (f == null || f.qos != Qos.EXACTLY_ONCE) {
            // MQTT 5 section 4.3.3: answer anyway so the server can drop its state for the id
            ctx.send(v5 ? PubRel.of(id, PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND) : PubRel.of(id));
            return;
        }
        if (rec.reasonCode().isError()) {
            // MQTT 5 section 4.3.3: a PUBREC with an error ends the exchange; the identifier is free again
            inflight.remove(f);
            packetIds.release(id);
            f.fail(
                    MqttPublishException.Kind.REJECTED_BY_SERVER,
                    rec.reasonCode(),
                    "the server refused the message"
                            + " to '" + f.topic + "': PUBREC " + rec.reasonCode()
                            + (rec.reasonString() == null ? "" : ": " + rec.reasonString()));
            drain();
            return;
        }
        if (f.stage == OutboundFlight.Stage.AWAIT_ACK) {
            f.releasePayload(); // the server has the message; only the identifier matters from here
            f.stage = OutboundFlight.Stage.AWAIT_PUBCOMP;
        }
        ctx.send(PubRel.of(id));
    }

    void onPubComp(PubComp comp) {
        OutboundFlight f = inflight.get(comp.packetId());
        if (f == null || f.stage != OutboundFlight.Stage.AWAIT_PUBCOMP) {
            LOG.debug("ignoring PUBCOMP for packet id {} that no QoS 2 message waits for", comp.packetId());
            return;
        }
        inflight.remove(f);
        packetIds.release(comp.packetId());
        f.succeed(new PublishResult(
                comp.packetId(), comp.reasonCode(), comp.reasonString(), comp.userProperties(), true));
        drain();
    }
}
