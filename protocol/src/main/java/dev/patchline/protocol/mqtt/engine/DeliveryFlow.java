package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubCompReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound application messages: topic aliases from the server, routing to subscriptions, delivery to the
 * application with acknowledgement only once it took the message, QoS 2 exactly once (method A of MQTT 5
 * section 4.3.3: deliver on PUBLISH, remember the packet id until PUBREL), and inbound backpressure.
 *
 * <p>Backpressure: when the application refuses a message, it is held un-acknowledged, decoding stops
 * ({@link #isPaused()}) and the transport is asked to stop reading; {@link #resume()} offers it again.
 */
final class DeliveryFlow {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFlow.class);

    private final EngineConfig config;
    private final MqttEngineListener listener;
    private final EngineContext ctx;
    private final SubscriptionRequests subscriptions;
    private final boolean v5;
    /** Session state: QoS 2 packet ids delivered and PUBREC'd, waiting for PUBREL; a PUBLISH with one is a duplicate. */
    private final PacketIdSet awaitingPubRel = new PacketIdSet();
    /** With {@link EngineConfig#qos2ReplayGuard()}: fingerprints of QoS 2 messages by packet id; null until needed. */
    private Qos2Fingerprints fingerprints;

    // per connection
    /**
     * QoS 1/2 PUBLISH received on this connection and not yet completely acknowledged by us (PUBACK, or PUBCOMP for
     * QoS 2): the server's send quota seen from our side. It never exceeds what the server counts, as the server
     * cannot have seen an acknowledgement before we wrote it; so more than our Receive Maximum is the server's fault.
     */
    private int unacknowledged;
    /** QoS 2 ids counted in {@link #unacknowledged}; PUBREL of an id from an earlier connection does not count. */
    private final PacketIdSet qos2ThisConnection = new PacketIdSet();

    private String[] aliases;
    private Publish held;
    private List<MqttSubscription> heldRoute;

    DeliveryFlow(
            EngineConfig config, MqttEngineListener listener, EngineContext ctx, SubscriptionRequests subscriptions) {
        this.config = config;
        this.listener = listener;
        this.ctx = ctx;
        this.subscriptions = subscriptions;
        this.v5 = config.version().isV5();
    }

    boolean isPaused() {
        return held != null;
    }

    /** CONNACK accepted a connection; a fresh session (session present 0) forgets the QoS 2 ids (MQTT-3.2.2-5). */
    void connected(boolean sessionPresent) {
        aliases = v5 && config.topicAliasMaximum() > 0 ? new String[config.topicAliasMaximum() + 1] : null;
        if (!sessionPresent) {
            awaitingPubRel.clear();
            fingerprints = null;
        }
        // The quota starts afresh with every connection (MQTT 5 section 4.9), even when PUBRELs of the session are due.
        unacknowledged = 0;
        qos2ThisConnection.clear();
    }

    /** The connection is gone: aliases die with it (MQTT-3.3.2-7); a held message was never acknowledged. */
    void disconnected() {
        aliases = null;
        if (held != null) {
            held.release(); // the server sends it again on a resumed session (QoS 1/2)
            held = null;
            heldRoute = null;
        }
    }

    void onPublish(Publish received) {
        Publish p = v5 ? resolveAlias(received) : received;
        if (p == null) {
            return;
        }
        if (p.qos() == Qos.EXACTLY_ONCE && awaitingPubRel.contains(p.packetId())) {
            // Delivered already and waiting for PUBREL: acknowledge again, never deliver twice (MQTT 5 section 4.3.3)
            p.release();
            ctx.send(PubRec.of(p.packetId()));
            return;
        }
        if (p.qos() != Qos.AT_MOST_ONCE && !countAgainstReceiveMaximum(p)) {
            return;
        }
        if (p.qos() == Qos.EXACTLY_ONCE && config.qos2ReplayGuard() && isReplayOfCompleted(p)) {
            // The broker resent a message whose exchange we had completed, which MQTT-4.3.3-6 forbids it. MQTT-4.3.3-12
            // would make this a new message; the guard, asked for, takes it for the replay it almost surely is: run
            // the exchange again so the broker can finish it, deliver nothing.
            LOG.debug(
                    "QoS 2 PUBLISH {} (DUP) repeats the message completed under that id: acknowledged, not delivered",
                    p.packetId());
            p.release();
            awaitingPubRel.add(p.packetId());
            ctx.send(PubRec.of(p.packetId()));
            return;
        }
        List<MqttSubscription> route =
                subscriptions.route(p.topic(), p.properties().subscriptionIdentifiers());
        if (!offer(p, route)) {
            held = p;
            heldRoute = route;
            listener.readable(false);
        }
    }

    /**
     * MQTT 5 section 3.3.4: a receiver of a PUBLISH beyond its Receive Maximum of unacknowledged QoS 1/2 messages
     * disconnects with 0x93. The server's rule is MQTT-3.3.4-9 (MQTT-3.3.4-7 is the same rule for the client). A held
     * message (refused by the application, not yet acknowledged) counts, as the server has no acknowledgement for it either; while one is held nothing more is
     * decoded, so backpressure never makes us count a message the server was entitled to send.
     *
     * @return false after a protocol error (the message is released)
     */
    private boolean countAgainstReceiveMaximum(Publish p) {
        if (!v5) {
            return true; // MQTT 3.1.1 has no Receive Maximum
        }
        if (unacknowledged >= config.receiveMaximum()) {
            p.release();
            ctx.protocolError(
                    DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED,
                    "the server sent a QoS "
                            + p.qos().value() + " PUBLISH (packet id " + p.packetId() + ") while " + unacknowledged
                            + " were unacknowledged, but this client's Receive Maximum is " + config.receiveMaximum()
                            + " (MQTT-3.3.4-9, MQTT 5 section 3.3.4)",
                    null);
            return false;
        }
        unacknowledged++;
        if (p.qos() == Qos.EXACTLY_ONCE) {
            qos2ThisConnection.add(p.packetId());
        }
        return true;
    }

    private boolean isReplayOfCompleted(Publish p) {
        return p.dup()
                && fingerprints != null
                && fingerprints.get(p.packetId()) == Qos2Fingerprints.of(p.topic(), p.payload());
    }

    private void recordFingerprint(int packetId, long fingerprint) {
        if (fingerprints == null) {
            fingerprints = new Qos2Fingerprints();
        }
        fingerprints.record(packetId, fingerprint);
    }

    /** Offers the held message again; true when it was taken (or nothing was held). */
    boolean resume() {
        if (held == null) {
            return true;
        }
        if (!offer(held, heldRoute)) {
            return false;
        }
        held = null;
        heldRoute = null;
        return true;
    }

    /** Hands a message to the application and acknowledges it if taken; false when refused (nothing acknowledged). */
    private boolean offer(Publish p, List<MqttSubscription> route) {
        // Before the hand-over: the application may release the payload as soon as it has it.
        long fingerprint = p.qos() == Qos.EXACTLY_ONCE && config.qos2ReplayGuard()
                ? Qos2Fingerprints.of(p.topic(), p.payload())
                : 0;
        boolean taken;
        try {
            taken = listener.messageReceived(new MqttMessage(p, route));
        } catch (RuntimeException e) {
            // A failing listener must not stall the connection; the message counts as taken and is dropped.
            LOG.error("message listener failed on a message to '{}'; the message is dropped", p.topic(), e);
            if (p.refCnt() > 0) {
                p.release();
            }
            taken = true;
        }
        if (!taken) {
            return false;
        }
        switch (p.qos()) {
            case AT_LEAST_ONCE -> {
                ctx.send(PubAck.of(p.packetId()));
                unacknowledged--;
            }
            case EXACTLY_ONCE -> {
                awaitingPubRel.add(p.packetId());
                if (fingerprint != 0) {
                    recordFingerprint(p.packetId(), fingerprint);
                }
                ctx.send(PubRec.of(p.packetId()));
            }
            default -> {}
        }
        return true;
    }

    void onPubRel(PubRel rel) {
        int id = rel.packetId();
        if (awaitingPubRel.remove(id)) {
            ctx.send(PubComp.of(id));
            if (qos2ThisConnection.remove(id)) {
                unacknowledged--;
            }
        } else {
            // MQTT-4.3.3-11: always answer PUBREL; in MQTT 5 say the id was unknown
            ctx.send(v5 ? PubComp.of(id, PubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND) : PubComp.of(id));
        }
    }

    /** Resolves and records topic aliases (MQTT 5 section 3.3.2.3.4); null after a protocol error. */
    private Publish resolveAlias(Publish p) {
        Integer alias = p.properties().topicAlias();
        if (alias == null) {
            if (p.topic().isEmpty()) {
                p.release();
                ctx.protocolError(
                        DisconnectReasonCode.PROTOCOL_ERROR,
                        "the server sent a PUBLISH with an empty topic"
                                + " and no Topic Alias (MQTT 5 section 3.3.2.3.4)",
                        null);
                return null;
            }
            return p;
        }
        if (alias == 0 || alias > config.topicAliasMaximum()) {
            p.release();
            ctx.protocolError(
                    DisconnectReasonCode.TOPIC_ALIAS_INVALID,
                    "the server used Topic Alias " + alias
                            + " but this client allows 1.." + config.topicAliasMaximum()
                            + " (Topic Alias Maximum in CONNECT; MQTT-3.3.2-8, MQTT-3.3.2-11)",
                    null);
            return null;
        }
        String topic = p.topic();
        if (topic.isEmpty()) {
            topic = aliases[alias];
            if (topic == null) {
                p.release();
                ctx.protocolError(
                        DisconnectReasonCode.PROTOCOL_ERROR,
                        "the server used Topic Alias " + alias
                                + " with an empty topic, but no PUBLISH on this connection set that alias"
                                + " (aliases do not survive a reconnect, MQTT-3.3.2-7)",
                        null);
                return null;
            }
        } else {
            aliases[alias] = topic;
        }
        return p.withTopicAndProperties(topic, p.properties().withTopicAlias(null));
    }
}
