package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.ReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.SubAck;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UnsubAck;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.transport.StreamProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-I/O MQTT 3.1.1 / 5.0 client: it turns received bytes, elapsed time and application commands into bytes to
 * send, events and the next deadline. It never reads a clock, touches a socket or blocks, and it lives across
 * reconnects because it holds the session (in-flight messages, packet identifiers, subscriptions).
 *
 * <h2>Calling rules</h2>
 * <ul>
 *   <li><b>Network input:</b> {@link #connectionOpened}, {@link #receive}, {@link #connectionClosed}.</li>
 *   <li><b>Clock input:</b> {@link #handleTimeout}; a call before the deadline does nothing harmful.</li>
 *   <li><b>Commands:</b> {@link #publish}, {@link #subscribe}, {@link #unsubscribe}, {@link #disconnect},
 *       {@link #reauthenticate}, {@link #resumeInbound}, {@link #close}. They never throw for bad input or a full
 *       queue: the returned future fails with a specific exception instead.</li>
 *   <li><b>Output:</b> after any call, drain {@link #pollOutbound()} until {@code null}, write the buffers, flush
 *       once, then (re)schedule {@link #handleTimeout} at {@link #nextDeadlineNanos()}.</li>
 * </ul>
 * Every call passes the current time in {@link System#nanoTime()} terms; the engine only compares such values.
 * The network, clock and output calls are the {@link StreamProtocol} a transport drives directly.
 *
 * <h2>Structure</h2>
 * This class is the facade and the connection's life (opening, the routing of decoded packets, its end by DISCONNECT,
 * error or timeout). Its parts each do one job: {@link ConnectHandshake} (CONNECT, CONNACK, AUTH),
 * {@link KeepAlive} (PINGREQ and the PINGRESP timeout), {@link PublishFlow} (outbound messages and their flow
 * control), {@link DeliveryFlow} (inbound messages and their acknowledgements), {@link SubscriptionRequests}
 * (SUBSCRIBE and UNSUBSCRIBE); bytes go through {@link InboundPackets} and {@link OutboundBytes}.
 *
 * <p>Why this class is about 650 lines: half of it is the documented public API (three forms of publish, subscribe,
 * unsubscribe, disconnect, re-authentication, resume, close, the state queries and the transport's reports of written
 * bytes and writability), which only forwards to the parts; the rest is the life of one connection (opening, the routing of decoded packets, CONNACK, its end by
 * DISCONNECT, error or timeout), which hinges on the one state field every command checks.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one thread (the transport's event loop) makes every call; listener callbacks and future
 * completions happen synchronously on that thread. Only {@link #isPublishQueueFull()} may be read from elsewhere.
 */
public final class MqttClientEngine implements StreamProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(MqttClientEngine.class);

    private enum State {
        /** No link. */
        OFFLINE,
        /** CONNECT sent, waiting for CONNACK (or AUTH). */
        CONNECTING,
        CONNECTED,
        /** The engine gave up on this link (error, timeout, DISCONNECT either way) and waits for it to close. */
        CLOSING,
        /** {@link #close} was called: no more connections. */
        CLOSED
    }

    private final EngineConfig config;
    private final MqttEngineListener listener;
    private final long connAckTimeoutNanos;
    private final Context context = new Context();
    private final InboundPackets inbound;
    private final OutboundBytes outbound;
    private final ConnectHandshake handshake;
    private final KeepAlive keepAlive;
    private final PublishFlow publishes;
    private final SubscriptionRequests subscriptions;
    private final DeliveryFlow deliveries;

    private State state = State.OFFLINE;
    private long now;
    private boolean linkOpen;
    private ConnectionInfo info;
    private long connAckDeadline = Long.MAX_VALUE;
    /** Why this connection ends, when the engine, the server or the application decided; {@code null}: the link broke. */
    private DisconnectInfo ending;
    /** How the last connection ended, or {@code null} before the first one ended. */
    private DisconnectInfo lastDisconnect;
    /** Valid packets received on the current (or just closed) connection after its CONNACK. */
    private long packetsAfterConnAck;

    public MqttClientEngine(EngineConfig config, MqttEngineListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.connAckTimeoutNanos = config.connAckTimeout().toNanos();
        this.inbound = new InboundPackets(config, context);
        this.outbound = new OutboundBytes(config.allocator());
        this.handshake = new ConnectHandshake(config, context);
        PacketIds packetIds = new PacketIds(); // one identifier space for PUBLISH, SUBSCRIBE and UNSUBSCRIBE
        this.publishes = new PublishFlow(config, listener, context, packetIds, outbound);
        this.subscriptions = new SubscriptionRequests(config, listener, context, packetIds);
        this.deliveries = new DeliveryFlow(config, listener, context, subscriptions);
        this.keepAlive = new KeepAlive(config, context, inbound, outbound, deliveries, listener);
    }

    public EngineConfig config() {
        return config;
    }

    /** The limits settled by the last CONNACK, or {@code null} before the first one. */
    public ConnectionInfo connectionInfo() {
        return info;
    }

    /** How the last connection ended (reported with {@link MqttEngineListener#disconnected}), or {@code null}. */
    public DisconnectInfo lastDisconnect() {
        return lastDisconnect;
    }

    /**
     * Valid packets received after the CONNACK on the current connection, or on the one just closed (read it in
     * {@link MqttEngineListener#disconnected}); reset when the next connection opens. Evidence that a server really
     * served the connection, not only accepted it.
     */
    public long packetsSinceConnAck() {
        return packetsAfterConnAck;
    }

    /** Whether a CONNACK accepted the current connection. */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /**
     * Whether publishers should pause: the publish queue holds {@link EngineConfig#publishQueueCapacity()} messages
     * (then {@link #publish} fails with QUEUE_FULL), or, while connected, the socket does not take bytes or
     * {@link EngineConfig#maxOutboundBytes()} encoded bytes wait for it (then new publishes wait in the queue).
     * {@link MqttEngineListener#publishQueueFull} reports every change. Any thread.
     */
    public boolean isPublishQueueFull() {
        return publishes.isQueueFull();
    }

    /** Messages waiting to be sent (beyond the in-flight window, or while offline). */
    public int queuedPublishCount() {
        return publishes.queued();
    }

    /** QoS 1/2 messages sent and not yet completely acknowledged. */
    public int inflightCount() {
        return publishes.inflight();
    }

    /**
     * Bytes outbound topic aliases saved on the wire over the engine's life: topic bytes left out, less the alias
     * properties sent (see {@link OutboundTopicAliases} for when a topic gets an alias).
     */
    public long topicAliasBytesSaved() {
        return publishes.aliasBytesSaved();
    }

    /** Whether inbound processing is paused because the application refused a message. */
    public boolean isInboundPaused() {
        return deliveries.isPaused();
    }

    // ================================================================== network input

    /** A link is ready: queues CONNECT and starts the CONNACK timeout. */
    @Override
    public void connectionOpened(long nowNanos) {
        now = nowNanos;
        if (state == State.CLOSED) {
            listener.closeConnection(new MqttConnectionException(null, "the MQTT client engine is closed"));
            return;
        }
        if (linkOpen) {
            // A transport must report the old link closed first; recover by forgetting it.
            LOG.warn("connectionOpened while {}; treating the previous connection as lost", state);
            connectionClosed(nowNanos, null);
        }
        linkOpen = true;
        inbound.open();
        outbound.encoder(new MqttEncoder(config.version())); // the server's limit is known at CONNACK
        ending = null;
        info = null;
        packetsAfterConnAck = 0;
        state = State.CONNECTING;
        connAckDeadline = nowNanos + connAckTimeoutNanos;
        keepAlive.reset();
        try {
            outbound.write(handshake.connect(), now);
        } catch (MqttEncodeException e) {
            fail(
                    null,
                    "cannot send CONNECT: " + e.getMessage()
                            + "; check the client id, user name, will and properties in the configuration",
                    e);
        }
    }

    /**
     * Bytes arrived. The engine takes ownership of {@code bytes} and releases it. Packets are handled in order;
     * events fire synchronously.
     */
    @Override
    public void receive(ByteBuf bytes, long nowNanos) {
        now = nowNanos;
        if (state != State.CONNECTING && state != State.CONNECTED) {
            bytes.release(); // CLOSING: nothing more from this link counts
            return;
        }
        inbound.append(bytes);
        if (!keepAlive.holdForProbe(nowNanos)) {
            inbound.decode(context);
        }
    }

    /** The link is gone (either side closed it, it broke, or it never opened); {@code cause} may be null. */
    @Override
    public void connectionClosed(long nowNanos, Throwable cause) {
        now = nowNanos;
        if (!linkOpen) {
            return;
        }
        linkOpen = false;
        DisconnectInfo end = ending != null
                ? ending
                : new DisconnectInfo(
                        DisconnectInfo.Initiator.TRANSPORT,
                        null,
                        null,
                        cause,
                        cause == null
                                ? "connection closed by the peer without DISCONNECT"
                                : "connection lost: " + cause);
        lastDisconnect = end;
        resetConnection();
        if (state != State.CLOSED) {
            state = State.OFFLINE;
        }
        listener.disconnected(end);
    }

    /** Runs the timers whose deadline has passed: CONNACK timeout, keep-alive PINGREQ, PINGRESP timeout. */
    @Override
    public void handleTimeout(long nowNanos) {
        now = nowNanos;
        if (state == State.CONNECTING && nowNanos - connAckDeadline >= 0) {
            connAckDeadline = Long.MAX_VALUE;
            fail(
                    null,
                    "no CONNACK within " + config.connAckTimeout().toMillis()
                            + " ms after CONNECT; is this an MQTT server, and is it overloaded?",
                    null);
        } else if (state == State.CONNECTED) {
            keepAlive.handleTimeout(nowNanos);
        }
    }

    // ================================================================== output

    /** The next bytes to write, or {@code null} when there are none. The caller owns the buffer. */
    @Override
    public ByteBuf pollOutbound() {
        return outbound.poll();
    }

    /**
     * The transport wrote {@code bytes} more of the polled buffers to the socket: QoS 0 messages written up to there
     * are done, and queued messages may follow when the bytes waiting for the socket went down.
     */
    @Override
    public void outboundWritten(long bytes, long nowNanos) {
        now = nowNanos;
        if (linkOpen) {
            outbound.written(bytes);
            publishes.outboundProgress();
        }
    }

    /** The socket stopped or started taking bytes: while it does not, new publishes wait in the publish queue. */
    @Override
    public void writabilityChanged(boolean writable, long nowNanos) {
        now = nowNanos;
        if (linkOpen) {
            outbound.writable(writable);
            publishes.outboundProgress();
        }
    }

    /** When {@link #handleTimeout} should run next ({@link System#nanoTime()} terms), or {@link Long#MAX_VALUE}. */
    @Override
    public long nextDeadlineNanos() {
        return switch (state) {
            case CONNECTING -> connAckDeadline;
            case CONNECTED -> keepAlive.deadline();
            default -> Long.MAX_VALUE;
        };
    }

    // ================================================================== commands

    /**
     * Publishes an application message. The engine takes over the {@code payload} reference (released once the
     * message is done). The engine assigns packet identifiers and topic aliases, so {@code properties} must carry
     * no Topic Alias and no Subscription Identifiers.
     *
     * @param properties MQTT 5 properties or {@code null} (response topic, correlation data, message expiry, ...)
     * @return completes with the result at PUBACK (QoS 1), PUBCOMP (QoS 2) or when written to the socket (QoS 0);
     *         fails with {@link MqttPublishException} when the message is invalid, refused by the server, expired,
     *         beyond what the server supports, or the queue is full. Never throws.
     */
    public CompletableFuture<PublishResult> publish(
            String topic, ByteBuf payload, Qos qos, boolean retain, PublishProperties properties, long nowNanos) {
        now = nowNanos;
        return publishes.publish(
                topic,
                payload == null ? Unpooled.EMPTY_BUFFER : payload,
                qos,
                retain,
                properties,
                state == State.CLOSED,
                null);
    }

    /**
     * As {@link #publish(String, ByteBuf, Qos, boolean, PublishProperties, long)}, but completes {@code completion}
     * (exactly as that method's future would complete) instead of a future of its own. For a caller that has already
     * handed out a future: it saves a forwarding callback per message.
     */
    public void publish(
            String topic,
            ByteBuf payload,
            Qos qos,
            boolean retain,
            PublishProperties properties,
            long nowNanos,
            CompletableFuture<PublishResult> completion) {
        now = nowNanos;
        publishes.publish(
                topic,
                payload == null ? Unpooled.EMPTY_BUFFER : payload,
                qos,
                retain,
                properties,
                state == State.CLOSED,
                Objects.requireNonNull(completion, "completion"));
    }

    /**
     * Publishes {@code message}: its topic, QoS, RETAIN, payload (the engine takes over this reference) and
     * properties. Its packet identifier and DUP flag are ignored; the engine assigns its own.
     *
     * @see #publish(String, ByteBuf, Qos, boolean, PublishProperties, long)
     */
    public CompletableFuture<PublishResult> publish(Publish message, long nowNanos) {
        return publish(
                message.topic(), message.payload(), message.qos(), message.retain(), message.properties(), nowNanos);
    }

    /**
     * Subscribes to one or more filters with one SUBSCRIBE. Messages matching them are delivered with
     * {@link MqttMessage#subscriptions()} naming these subscriptions (and thus {@code route}). Sent now when
     * connected, otherwise after the next CONNACK; resent after a reconnect until answered.
     *
     * @param route          handed back with every message these subscriptions receive; may be null
     * @param userProperties MQTT 5 User Properties or {@code null}
     * @return the SUBACK result; fails with {@link MqttRequestException} for invalid filters or features the server
     *         lacks. Never throws.
     */
    public CompletableFuture<SubscribeResult> subscribe(
            List<Subscription> filters, MessageRoute route, UserProperties userProperties, long nowNanos) {
        now = nowNanos;
        return subscriptions.subscribe(filters, route, userProperties, state == State.CLOSED);
    }

    /**
     * Unsubscribes from filters with one UNSUBSCRIBE; the subscriptions keep routing messages until the UNSUBACK.
     *
     * @return the UNSUBACK result; fails with {@link MqttRequestException} for invalid filters. Never throws.
     */
    public CompletableFuture<UnsubscribeResult> unsubscribe(
            List<String> filters, UserProperties userProperties, long nowNanos) {
        now = nowNanos;
        return subscriptions.unsubscribe(filters, userProperties, state == State.CLOSED);
    }

    /**
     * Sends DISCONNECT (with {@code disconnect}'s reason code and properties in MQTT 5) if a link is up and stops
     * using it; the caller then closes it (e.g. stops the transport). The session stays in the engine: a later
     * connection resumes it when the session outlives connections.
     *
     * @param disconnect the packet to send, or {@code null} for a normal disconnection
     */
    public void disconnect(Disconnect disconnect, long nowNanos) {
        now = nowNanos;
        if (state != State.CONNECTED && state != State.CONNECTING) {
            return;
        }
        Disconnect packet = disconnect == null ? Disconnect.NORMAL : disconnect;
        if (packet.sessionExpiryInterval() != null
                && config.sessionExpiryInterval() == 0
                && packet.sessionExpiryInterval() != 0) {
            // MQTT-3.14.2-2 forbids raising the expiry from 0 at DISCONNECT; drop the property, not the connection
            packet = new Disconnect(
                    packet.reasonCode(),
                    null,
                    packet.reasonString(),
                    packet.serverReference(),
                    packet.userProperties());
        }
        try {
            outbound.write(packet, now);
        } catch (MqttEncodeException e) {
            LOG.warn("DISCONNECT as given cannot be sent ({}); sending it without properties", e.getMessage());
            packet = Disconnect.of(packet.reasonCode());
            outbound.write(packet, now);
        }
        ending = new DisconnectInfo(
                DisconnectInfo.Initiator.CLIENT,
                packet,
                null,
                null,
                "disconnected by the application (" + packet.reasonCode() + ")");
        closing();
    }

    /**
     * Starts MQTT 5 re-authentication (AUTH 0x19) with the configured {@link EnhancedAuthHandler}.
     *
     * @return false when not possible: no handler, MQTT 3.1.1, or not connected
     */
    public boolean reauthenticate(long nowNanos) {
        now = nowNanos;
        return state == State.CONNECTED && handshake.reauthenticate();
    }

    /**
     * The application has room again: offers the refused message once more, and when it is taken, acknowledges it,
     * continues with the bytes received meanwhile and asks to read again ({@link MqttEngineListener#readable}).
     */
    public void resumeInbound(long nowNanos) {
        now = nowNanos;
        if (state != State.CONNECTED || !deliveries.isPaused() || !deliveries.resume()) {
            return; // on a closing link the held message is never acknowledged; the server sends it again
        }
        keepAlive.inboundResumed();
        inbound.decode(context);
        if (!deliveries.isPaused() && linkOpen) {
            listener.readable(true);
        }
    }

    /**
     * Ends the engine for good: fails every queued, in-flight and pending request with CLOSED and releases buffers.
     * Call after the transport stopped (or after {@link #disconnect} was written).
     */
    public void close(long nowNanos) {
        now = nowNanos;
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (linkOpen) {
            linkOpen = false;
            resetConnection();
        }
        // Requests that fail now, or later on a closed engine, say what ended the last connection: with reconnect off
        // that is the real cause (a protocol error, a reset), not the closing itself.
        String because = lastDisconnect == null ? "" : "; its last connection ended: " + lastDisconnect.message();
        publishes.close(because);
        subscriptions.close(because);
        outbound.discard();
    }

    // ================================================================== decoded packets

    private void handle(MqttPacket packet) {
        keepAlive.packetArrived();
        if (state == State.CONNECTED) {
            packetsAfterConnAck++;
        }
        PacketType type = packet.type();
        if (state == State.CONNECTING
                && type != PacketType.CONNACK
                && type != PacketType.AUTH
                && type != PacketType.DISCONNECT) {
            if (packet instanceof Publish p) {
                p.release();
            }
            protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR,
                    "the server sent " + type
                            + " before CONNACK; the first packet from the server must be CONNACK (MQTT-3.2.0-1)",
                    null);
            return;
        }
        switch (type) {
            case CONNACK -> onConnAck((ConnAck) packet);
            case PUBLISH -> deliveries.onPublish((Publish) packet);
            case PUBACK -> publishes.onPubAck((PubAck) packet);
            case PUBREC -> publishes.onPubRec((PubRec) packet, config.version().isV5());
            case PUBREL -> deliveries.onPubRel((PubRel) packet);
            case PUBCOMP -> publishes.onPubComp((PubComp) packet);
            case SUBACK -> subscriptions.onSubAck((SubAck) packet);
            case UNSUBACK -> subscriptions.onUnsubAck((UnsubAck) packet);
            case PINGRESP -> keepAlive.pingResponse();
            case DISCONNECT -> onDisconnect((Disconnect) packet);
            case AUTH -> handshake.onAuth((Auth) packet, state == State.CONNECTED);
            default -> protocolError(DisconnectReasonCode.PROTOCOL_ERROR, "a server cannot send " + type, null);
        }
    }

    private void onConnAck(ConnAck ack) {
        if (state != State.CONNECTING) {
            protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR, "the server sent a second CONNACK on one connection", null);
            return;
        }
        connAckDeadline = Long.MAX_VALUE;
        if (ack.reasonCode() != ConnectReasonCode.SUCCESS) {
            String message = ConnectHandshake.refusal(ack);
            endedByServer(
                    new DisconnectInfo(DisconnectInfo.Initiator.SERVER, null, ack, null, message), ack.reasonCode());
            return;
        }
        ConnectionInfo connection = handshake.accept(ack);
        if (connection == null) {
            return;
        }
        info = connection;
        outbound.encoder(new MqttEncoder(config.version(), connection.maximumPacketSize()));
        keepAlive.connected(connection);
        state = State.CONNECTED;
        // Order on the wire: resent PUBLISH/PUBREL of a resumed session (MQTT-4.4.0-1), restored and pending
        // subscriptions, then queued messages. Inbound state is ready before any replayed message is decoded.
        deliveries.connected(ack.sessionPresent());
        publishes.connected(connection, config.version().isV5());
        subscriptions.connected(connection, handshake.connectedBefore());
        handshake.established();
        listener.connected(connection);
        if (state == State.CONNECTED) {
            publishes.drain();
        }
    }

    private void onDisconnect(Disconnect d) {
        String message = "the server sent DISCONNECT " + d.reasonCode() + " (0x"
                + Integer.toHexString(d.reasonCode().code())
                + ")" + (d.reasonString() == null ? "" : ": " + d.reasonString())
                + (d.serverReference() == null ? "" : "; use server " + d.serverReference());
        endedByServer(new DisconnectInfo(DisconnectInfo.Initiator.SERVER, d, null, null, message), d.reasonCode());
    }

    // ================================================================== errors and teardown

    private void endedByServer(DisconnectInfo end, ReasonCode reasonCode) {
        ending = end;
        closing();
        listener.closeConnection(new MqttConnectionException(reasonCode, end.message()));
    }

    /** The server broke the protocol: say why (MQTT 5 DISCONNECT with the reason code) and drop the link. */
    private void protocolError(DisconnectReasonCode reasonCode, String message, Throwable cause) {
        LOG.debug("protocol error: {}", message);
        fail(reasonCode, message, cause);
    }

    /** Drops the link, with a DISCONNECT carrying {@code reasonCode} first when it is not {@code null} (MQTT 5). */
    private void fail(DisconnectReasonCode reasonCode, String message, Throwable cause) {
        if (state != State.CONNECTING && state != State.CONNECTED) {
            return;
        }
        Disconnect sent = null;
        if (config.version().isV5() && reasonCode != null) {
            sent = Disconnect.of(reasonCode, message);
            try {
                outbound.write(sent, now);
            } catch (MqttEncodeException e) {
                sent = null; // e.g. the reason string does not fit the server's limit; closing says enough
            }
        }
        ending = new DisconnectInfo(DisconnectInfo.Initiator.PROTOCOL_ERROR, sent, null, cause, message);
        closing();
        listener.closeConnection(new MqttConnectionException(reasonCode, message, cause));
    }

    /**
     * The engine is done with this link (DISCONNECT sent or received, refusal, error, timeout): nothing more may be
     * sent on it (MQTT-3.14.4-1), so the flows go offline now, not when the transport gets round to closing it.
     */
    private void closing() {
        state = State.CLOSING;
        publishes.disconnected();
        subscriptions.disconnected();
    }

    /** Forgets everything that belongs to one connection; session state stays for the next one. */
    private void resetConnection() {
        inbound.discard();
        // Bytes not yet written belong to the dead link; whatever matters is resent from session state.
        outbound.discard();
        deliveries.disconnected();
        publishes.disconnected();
        publishes.connectionLost();
        subscriptions.disconnected();
        keepAlive.reset();
        connAckDeadline = Long.MAX_VALUE;
    }

    /** The engine's side of {@link EngineContext} and of {@link InboundPackets.Sink}, for its parts. */
    private final class Context implements EngineContext, InboundPackets.Sink {
        @Override
        public void send(MqttPacket packet) {
            outbound.write(packet, now);
        }

        @Override
        public void protocolError(DisconnectReasonCode reasonCode, String message, Throwable cause) {
            MqttClientEngine.this.protocolError(reasonCode, message, cause);
        }

        @Override
        public void dropConnection(String message, Throwable cause) {
            fail(null, message, cause);
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public ConnectionInfo connection() {
            return info;
        }

        @Override
        public boolean accepting() {
            return !deliveries.isPaused() && (state == State.CONNECTING || state == State.CONNECTED);
        }

        @Override
        public void handle(MqttPacket packet) {
            MqttClientEngine.this.handle(packet);
        }
    }
}
