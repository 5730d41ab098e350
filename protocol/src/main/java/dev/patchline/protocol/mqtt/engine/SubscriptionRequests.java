package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.SubAck;
import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Subscribe;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAck;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Unsubscribe;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.topic.InvalidTopicException;
import dev.patchline.protocol.mqtt.topic.TopicFilter;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE and UNSUBSCRIBE for the session: validation, subscription identifiers, requests resent on every new
 * connection until answered, and the subscriptions restored when the server lost the session. Owns the
 * {@link SubscriptionRegistry} that routes received messages.
 */
final class SubscriptionRequests {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRequests.class);
    private static final int MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;

    private final MqttEngineListener listener;
    private final EngineContext ctx;
    private final PacketIds packetIds;
    private final boolean v5;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    /** Not yet answered, in the order asked. */
    private final LinkedHashSet<PendingRequest> pending = new LinkedHashSet<>();

    private final IntObjectHashMap<PendingRequest> byPacketId = new IntObjectHashMap<>();
    private int nextSubscriptionIdentifier = 1;
    private boolean online;
    /** Why the engine closed, appended to the failures of later requests; empty while open. */
    private String closedBecause = "";

    SubscriptionRequests(EngineConfig config, MqttEngineListener listener, EngineContext ctx, PacketIds packetIds) {
        this.listener = listener;
        this.ctx = ctx;
        this.packetIds = packetIds;
        this.v5 = config.version().isV5();
    }

    List<MqttSubscription> route(String topic, List<Integer> subscriptionIdentifiers) {
        return registry.route(topic, subscriptionIdentifiers);
    }

    // ================================================================== commands

    CompletableFuture<SubscribeResult> subscribe(
            List<Subscription> filters, MessageRoute route, UserProperties userProperties, boolean closed) {
        CompletableFuture<SubscribeResult> future = new CompletableFuture<>();
        try {
            if (filters.isEmpty()) {
                throw new MqttRequestException("subscribe needs at least one topic filter (MQTT-3.8.3-2)");
            }
            if (closed) {
                throw new MqttRequestException("the MQTT client engine is closed" + closedBecause);
            }
            int id = nextSubscriptionIdentifier;
            List<MqttSubscription> subs = new ArrayList<>(filters.size());
            for (Subscription s : filters) {
                TopicFilter parsed = parse(s.topicFilter());
                if (parsed.isShared() && s.options().noLocal()) {
                    throw new MqttRequestException("shared subscription '" + s.topicFilter()
                            + "' cannot use No Local (MQTT-3.8.3-4); turn noLocal off");
                }
                subs.add(new MqttSubscription(parsed, s.options(), route, id));
            }
            nextSubscriptionIdentifier = id == MAX_SUBSCRIPTION_IDENTIFIER ? 1 : id + 1;
            PendingRequest request = PendingRequest.subscribe(
                    List.copyOf(subs),
                    List.copyOf(filters),
                    userProperties == null ? UserProperties.EMPTY : userProperties,
                    id,
                    future);
            for (MqttSubscription s : request.subscriptions) {
                registry.add(s); // routing works from now on: a server may deliver before its SUBACK
            }
            pending.add(request);
            if (online) {
                send(request);
            }
        } catch (MqttRequestException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    CompletableFuture<UnsubscribeResult> unsubscribe(
            List<String> filters, UserProperties userProperties, boolean closed) {
        CompletableFuture<UnsubscribeResult> future = new CompletableFuture<>();
        try {
            if (filters.isEmpty()) {
                throw new MqttRequestException("unsubscribe needs at least one topic filter (MQTT-3.10.3-2)");
            }
            if (closed) {
                throw new MqttRequestException("the MQTT client engine is closed" + closedBecause);
            }
            for (String f : filters) {
                parse(f);
            }
            PendingRequest request = PendingRequest.unsubscribe(
                    List.copyOf(filters), userProperties == null ? UserProperties.EMPTY : userProperties, future);
            pending.add(request);
            if (online) {
                send(request);
            }
        } catch (MqttRequestException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    private static TopicFilter parse(String filter) throws MqttRequestException {
        try {
            return TopicFilter.parse(filter);
        } catch (InvalidTopicException e) {
            throw new MqttRequestException(e.getMessage(), e);
        }
    }

    // ================================================================== connection events

    /**
     * CONNACK accepted a connection: when the server lost a session this client had, subscribe again to everything
     * (first, so that new messages find their subscriptions); then send every unanswered request again.
     */
    void connected(ConnectionInfo info, boolean hadSession) {
        online = true;
        if (!info.sessionPresent() && hadSession) {
            restore();
        }
        for (PendingRequest r : new ArrayList<>(pending)) {
            send(r);
        }
    }

    void disconnected() {
        online = false;
    }

    /** @param because appended to every failure message, e.g. how the last connection ended; empty for nothing */
    void close(String because) {
        online = false;
        closedBecause = because;
        for (PendingRequest r : new ArrayList<>(pending)) {
            fail(r, new MqttRequestException("the MQTT client engine was closed before the server answered" + because));
        }
        pending.clear();
        byPacketId.clear();
    }

    private void restore() {
        Set<MqttSubscription> requested = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PendingRequest r : pending) {
            if (r.isSubscribe()) {
                requested.addAll(r.subscriptions);
            }
        }
        // one SUBSCRIBE per original request, so that each keeps its subscription identifier
        Map<Integer, List<MqttSubscription>> groups = new LinkedHashMap<>();
        for (MqttSubscription s : registry.all()) {
            if (!requested.contains(s)) {
                groups.computeIfAbsent(s.subscriptionIdentifier(), k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<PendingRequest> restores = new ArrayList<>();
        for (Map.Entry<Integer, List<MqttSubscription>> g : groups.entrySet()) {
            List<Subscription> wire = new ArrayList<>(g.getValue().size());
            for (MqttSubscription s : g.getValue()) {
                wire.add(new Subscription(s.filter(), s.options()));
            }
            restores.add(
                    PendingRequest.subscribe(List.copyOf(g.getValue()), wire, UserProperties.EMPTY, g.getKey(), null));
        }
        // restores go before requests the application made while offline
        List<PendingRequest> later = new ArrayList<>(pending);
        pending.clear();
        pending.addAll(restores);
        pending.addAll(later);
    }

    /** Sends (or resends) a request on the current connection, keeping its packet id across resends. */
    private void send(PendingRequest r) {
        ConnectionInfo info = ctx.connection();
        if (r.isSubscribe()) {
            String unsupported = unsupportedBy(info, r.subscriptions);
            if (unsupported != null) {
                fail(r, new MqttRequestException(unsupported));
                return;
            }
        }
        if (r.packetId == 0) {
            int id = packetIds.allocate();
            if (id == 0) {
                return; // all identifiers busy: stays pending and goes with the next connection
            }
            r.packetId = id;
            byPacketId.put(id, r);
        }
        MqttPacket packet = r.isSubscribe()
                ? new Subscribe(
                        r.packetId,
                        r.wire,
                        info.subscriptionIdentifiersAvailable() ? r.subscriptionIdentifier : null,
                        r.userProperties)
                : new Unsubscribe(r.packetId, r.filters, r.userProperties);
        try {
            ctx.send(packet);
        } catch (MqttEncodeException e) {
            fail(r, new MqttRequestException("cannot send " + packet.type() + ": " + e.getMessage(), e));
        }
    }

    private static String unsupportedBy(ConnectionInfo server, List<MqttSubscription> subs) {
        for (MqttSubscription s : subs) {
            if (s.topicFilter().isShared() && !server.sharedSubscriptionAvailable()) {
                return "the server does not support shared subscriptions (Shared Subscription Available 0 in CONNACK)"
                        + " so '" + s.filter() + "' cannot be subscribed";
            }
            if (s.topicFilter().hasWildcard() && !server.wildcardSubscriptionAvailable()) {
                return "the server does not support wildcard subscriptions (Wildcard Subscription Available 0 in"
                        + " CONNACK) so '" + s.filter() + "' cannot be subscribed";
            }
        }
        return null;
    }

    private void fail(PendingRequest r, MqttRequestException e) {
        finish(r);
        if (r.isSubscribe()) {
            for (MqttSubscription s : r.subscriptions) {
                registry.remove(s);
            }
        }
        if (!r.fail(e)) {
            LOG.warn("could not restore subscriptions: {}", e.getMessage());
        }
    }

    private void finish(PendingRequest r) {
        pending.remove(r);
        if (r.packetId != 0) {
            byPacketId.remove(r.packetId);
            packetIds.release(r.packetId);
        }
    }

    // ================================================================== answers

    void onSubAck(SubAck ack) {
        PendingRequest r = byPacketId.get(ack.packetId());
        if (r == null || !r.isSubscribe()) {
            LOG.debug("ignoring SUBACK for packet id {} that no SUBSCRIBE waits for", ack.packetId());
            return;
        }
        if (ack.reasonCodes().size() != r.subscriptions.size()) {
            ctx.protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR,
                    "SUBACK has " + ack.reasonCodes().size() + " reason codes for a SUBSCRIBE of "
                            + r.subscriptions.size() + " filters (MQTT-3.9.3-1)",
                    null);
            return;
        }
        finish(r);
        for (int i = 0; i < r.subscriptions.size(); i++) {
            SubAckReasonCode code = ack.reasonCodes().get(i);
            if (code.isError()) {
                MqttSubscription s = r.subscriptions.get(i);
                registry.remove(s);
                if (r.isRestore()) {
                    listener.subscriptionRestoreFailed(s, code);
                }
            }
        }
        if (!r.isRestore()) {
            r.subscribed.complete(
                    new SubscribeResult(r.subscriptions, ack.reasonCodes(), ack.reasonString(), ack.userProperties()));
        }
    }

    void onUnsubAck(UnsubAck ack) {
        PendingRequest r = byPacketId.get(ack.packetId());
        if (r == null || r.isSubscribe()) {
            LOG.debug("ignoring UNSUBACK for packet id {} that no UNSUBSCRIBE waits for", ack.packetId());
            return;
        }
        List<UnsubAckReasonCode> codes = ack.reasonCodes();
        if (!v5) {
            codes = Collections.nCopies(r.filters.size(), UnsubAckReasonCode.SUCCESS); // 3.1.1 UNSUBACK has no codes
        } else if (codes.size() != r.filters.size()) {
            ctx.protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR,
                    "UNSUBACK has " + codes.size() + " reason codes for an UNSUBSCRIBE of " + r.filters.size()
                            + " filters (MQTT-3.11.3-1)",
                    null);
            return;
        }
        finish(r);
        for (int i = 0; i < r.filters.size(); i++) {
            if (!codes.get(i).isError()) {
                registry.removeFilter(r.filters.get(i));
            }
        }
        r.unsubscribed.complete(new UnsubscribeResult(r.filters, codes, ack.reasonString(), ack.userProperties()));
    }
}
