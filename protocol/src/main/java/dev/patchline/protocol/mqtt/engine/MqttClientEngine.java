package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PacketType;
import dev.patchline.protocol.mqtt.codec.packet.PingReq;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
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
 * This class is the connection state machine (CONNECT, CONNACK, AUTH, DISCONNECT, keep-alive, timeouts, protocol
 * errors). Outbound messages are {@link PublishFlow}'s job, inbound ones {@link DeliveryFlow}'s, subscriptions
 * {@link SubscriptionRequests}'; bytes go through {@link InboundBytes} and {@link OutboundBytes}.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one thread (the transport's event loop) makes every call; listener callbacks and future
 * completions happen synchronously on that thread. Only {@link #isPublishQueueFull()} may be read from elsewhere.
 */
public final class MqttClientEngine implements StreamProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(MqttClientEngine.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /**
     * Undecoded bytes a connection whose inbound is paused may read ahead to find out whether the server still
     * answers: the server's PINGRESP waits behind the messages it sent before, and a dead server is told from a busy
     * one by a socket that stays silent once read dry. Beyond this the engine does not judge (it assumes the server
     * alive) rather than buffer without bound.
     */
    static final int PAUSED_READ_AHEAD = 4 << 20;

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
    private final MqttVersion version;
    private final boolean v5;
    private final long connAckTimeoutNanos;
    private final long pingTimeoutNanos;
    private final Context context = new Context();
    private final InboundBytes inbound;
    private final OutboundBytes outbound;
    private final PublishFlow publishes;
    private final SubscriptionRequests subscriptions;
    private final DeliveryFlow deliveries;

    // session
    private String assignedClientId;
    private boolean connectedBefore;

    // connection
    private State state = State.OFFLINE;
    private long now;
    private boolean linkOpen;
    private MqttDecoder decoder;
    private ConnectionInfo info;
    private boolean connectCleanStart;
    private long keepAliveNanos;
    /** The PINGRESP timeout of this connection: the configured one, at most half the keep alive. */
    private long pingTimeoutThisConnection;

    private long pingDeadline = Long.MAX_VALUE;
    /** PINGREQ sent and not answered by a decoded PINGRESP yet (TCP keeps them in order). */
    private int pingsOutstanding;
    /** Inbound is paused and a PINGREQ is unanswered: reading ahead, without decoding, until the socket is dry. */
    private boolean probing;
    /** While probing: when it began or bytes last arrived, whichever is later. */
    private long readAheadSince;

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
        this.version = config.version();
        this.v5 = version.isV5();
        this.connAckTimeoutNanos = config.connAckTimeout().toNanos();
        this.pingTimeoutNanos = config.pingResponseTimeout().toNanos();
        this.inbound = new InboundBytes(config.allocator(), config.maximumPacketSize());
        this.outbound = new OutboundBytes(config.allocator());
        PacketIds packetIds = new PacketIds(); // one identifier space for PUBLISH, SUBSCRIBE and UNSUBSCRIBE
        this.publishes = new PublishFlow(config, listener, context, packetIds);
        this.subscriptions = new SubscriptionRequests(config, listener, context, packetIds);
        this.deliveries = new DeliveryFlow(config, listener, context, subscriptions);
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

    /** Whether the publish queue is full, so that {@link #publish} would fail with QUEUE_FULL. Any thread. */
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
            listener.closeConnection(new MqttConnectionException(-1, "the MQTT client engine is closed"));
            return;
        }
        if (linkOpen) {
            // A transport must report the old link closed first; recover by forgetting it.
            LOG.warn("connectionOpened while {}; treating the previous connection as lost", state);
            connectionClosed(nowNanos, null);
        }
        linkOpen = true;
        decoder = new MqttDecoder(DecoderConfig.client(version, config.maximumPacketSize()));
        outbound.encoder(new MqttEncoder(version)); // the server's limit is known at CONNACK
        ending = null;
        info = null;
        packetsAfterConnAck = 0;
        state = State.CONNECTING;
        connAckDeadline = nowNanos + connAckTimeoutNanos;
        pingDeadline = Long.MAX_VALUE;
        try {
            outbound.write(buildConnect(), now);
        } catch (MqttEncodeException e) {
            fail(
                    DisconnectInfo.Initiator.PROTOCOL_ERROR,
                    e,
                    -1,
                    "cannot send CONNECT: " + e.getMessage()
                            + "; check the client id, user name, will and properties in the configuration");
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
        if (probing) {
            readAheadSince = nowNanos;
            if (inbound.readable() < PAUSED_READ_AHEAD) {
                listener.readOnce(); // read on until the socket is dry: only then does silence mean anything
            }
            return;
        }
        decodeAvailable();
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
                    DisconnectInfo.Initiator.PROTOCOL_ERROR,
                    null,
                    -1,
                    "no CONNACK within " + config.connAckTimeout().toMillis()
                            + " ms after CONNECT; is this an MQTT server, and is it overloaded?");
            return;
        }
        if (state != State.CONNECTED) {
            return;
        }
        if (pingDeadline != Long.MAX_VALUE && nowNanos - pingDeadline >= 0) {
            if (!deliveries.isPaused() || serverSilentWhilePaused(nowNanos)) {
                pingDeadline = Long.MAX_VALUE;
                fail(
                        DisconnectInfo.Initiator.PROTOCOL_ERROR,
                        null,
                        -1,
                        "no answer from the server within "
                                + pingTimeoutThisConnection / 1_000_000
                                + " ms after PINGREQ; the connection is considered dead"
                                + " (keep alive " + info.keepAliveSeconds() + " s"
                                + (deliveries.isPaused()
                                        ? "; reading was paused by a full application inbox and the socket, read dry, stayed silent"
                                        : "")
                                + ")");
                return;
            }
        }
        if (keepAliveNanos > 0 && nowNanos - (outbound.lastWriteNanos() + keepAliveNanos) >= 0) {
            // MQTT-3.1.2-20: nothing else was sent for a keep-alive period
            try {
                outbound.write(PingReq.INSTANCE, now);
            } catch (MqttEncodeException e) {
                fail(DisconnectInfo.Initiator.PROTOCOL_ERROR, e, -1, "cannot send PINGREQ: " + e.getMessage());
                return;
            }
            pingsOutstanding++;
            if (pingDeadline == Long.MAX_VALUE) {
                pingDeadline = nowNanos + pingTimeoutThisConnection;
            }
            if (deliveries.isPaused() && !probing) {
                // Read what already waits now, so that by the deadline only bytes sent since can keep the link alive.
                startReadingAhead(nowNanos);
            }
        }
    }

    /**
     * The ping deadline passed while inbound is paused, so the server's PINGRESP may wait unread behind the messages
     * it sent before. The engine reads ahead without decoding (at most {@link #PAUSED_READ_AHEAD}): a PINGRESP among
     * the read bytes answers; bytes that arrived within the last quarter timeout mean a busy server, so it looks again
     * a quarter timeout after them; a socket read dry that stayed silent that long means dead.
     *
     * @return true when the server is considered dead
     */
    private boolean serverSilentWhilePaused(long nowNanos) {
        if (inbound.pingResponsesWaiting() >= pingsOutstanding || inbound.readable() >= PAUSED_READ_AHEAD) {
            // Answered; or too much read ahead to look further without giving up the memory bound: no verdict.
            pingDeadline = Long.MAX_VALUE;
            probing = false;
            return false;
        }
        if (!probing) {
            startReadingAhead(nowNanos);
        }
        long quietFor = Math.max(1_000_000, pingTimeoutThisConnection / 4);
        if (nowNanos - readAheadSince >= quietFor) {
            return true;
        }
        pingDeadline = readAheadSince + quietFor;
        return false;
    }

    private void startReadingAhead(long nowNanos) {
        probing = true;
        readAheadSince = nowNanos;
        listener.readOnce();
    }

    // ================================================================== output

    /** The next bytes to write, or {@code null} when there are none. The caller owns the buffer. */
    @Override
    public ByteBuf pollOutbound() {
        return outbound.poll();
    }

    /** When {@link #handleTimeout} should run next ({@link System#nanoTime()} terms), or {@link Long#MAX_VALUE}. */
    @Override
    public long nextDeadlineNanos() {
        switch (state) {
            case CONNECTING:
                return connAckDeadline;
            case CONNECTED:
                long deadline = keepAliveNanos > 0 ? outbound.lastWriteNanos() + keepAliveNanos : Long.MAX_VALUE;
                if (pingDeadline != Long.MAX_VALUE && pingDeadline - deadline < 0) {
                    deadline = pingDeadline;
                }
                return deadline;
            default:
                return Long.MAX_VALUE;
        }
    }

    // ================================================================== commands

    /**
     * Publishes an application message. The engine takes over the {@code payload} reference (released once the
     * message is done). The engine assigns packet identifiers and topic aliases, so {@code properties} must carry
     * no Topic Alias and no Subscription Identifiers.
     *
     * @param properties MQTT 5 properties or {@code null} (response topic, correlation data, message expiry, ...)
     * @return completes with the result at PUBACK (QoS 1), PUBCOMP (QoS 2) or when handed to the transport (QoS 0);
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
        EnhancedAuthHandler handler = config.authHandler();
        if (handler == null || !v5 || state != State.CONNECTED) {
            return false;
        }
        try {
            outbound.write(
                    new Auth(
                            AuthReasonCode.REAUTHENTICATE,
                            handler.method(),
                            handler.initialData(),
                            null,
                            UserProperties.EMPTY),
                    now);
        } catch (MqttEncodeException e) {
            LOG.warn("cannot send AUTH for re-authentication: {}", e.getMessage());
            return false;
        }
        return true;
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
        probing = false; // decoding goes on: the bytes read ahead are decoded now, a PINGRESP among them answers
        decodeAvailable();
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

    // ================================================================== inbound decoding

    private void decodeAvailable() {
        ByteBuf in = inbound.buffer();
        if (in == null) {
            return;
        }
        try {
            while (!deliveries.isPaused() && (state == State.CONNECTING || state == State.CONNECTED)) {
                MqttPacket packet;
                try {
                    packet = decoder.decode(in);
                } catch (MqttDecodeException e) {
                    protocolError(
                            e.reasonCode(),
                            e.reasonCode() == MqttDecodeException.PACKET_TOO_LARGE
                                    ? tooLarge(e)
                                    : "the server sent an invalid packet: " + e.getMessage(),
                            e);
                    break;
                }
                if (packet == null) {
                    break;
                }
                // Any packet proves the link alive; a late PINGRESP behind a burst of messages is no timeout.
                pingDeadline = Long.MAX_VALUE;
                if (state == State.CONNECTED) {
                    packetsAfterConnAck++;
                }
                try {
                    handle(packet);
                } catch (MqttEncodeException e) {
                    // only with a server whose Maximum Packet Size is too small for an acknowledgement
                    fail(DisconnectInfo.Initiator.PROTOCOL_ERROR, e, -1, "cannot answer the server: " + e.getMessage());
                }
            }
        } finally {
            inbound.releaseIfDrained();
        }
    }

    /**
     * Why a packet above our Maximum Packet Size ends the connection. MQTT 5 announced the limit in CONNECT and the
     * server must not exceed it ([MQTT-3.1.2-24]; the engine answers DISCONNECT 0x95); MQTT 3.1.1 has no way to
     * announce it, so a larger message can only be refused by closing the connection.
     */
    private String tooLarge(MqttDecodeException e) {
        return "the server sent a packet larger than this client accepts: " + e.getMessage()
                + (v5
                        ? " (announced in CONNECT; the server must not send more, MQTT-3.1.2-24)"
                        : " (MQTT 3.1.1 cannot announce this limit to the server, so the connection is closed)")
                + "; raise the client's maximum packet size to receive such messages";
    }

    private void handle(MqttPacket packet) {
        PacketType type = packet.type();
        if (state == State.CONNECTING
                && type != PacketType.CONNACK
                && type != PacketType.AUTH
                && type != PacketType.DISCONNECT) {
            if (packet instanceof Publish p) {
                p.release();
            }
            protocolError(
                    MqttDecodeException.PROTOCOL_ERROR,
                    "the server sent " + type
                            + " before CONNACK; the first packet from the server must be CONNACK (MQTT-3.2.0-1)",
                    null);
            return;
        }
        switch (type) {
            case CONNACK -> onConnAck((ConnAck) packet);
            case PUBLISH -> deliveries.onPublish((Publish) packet);
            case PUBACK -> publishes.onPubAck((PubAck) packet);
            case PUBREC -> publishes.onPubRec((PubRec) packet, v5);
            case PUBREL -> deliveries.onPubRel((PubRel) packet);
            case PUBCOMP -> publishes.onPubComp((PubComp) packet);
            case SUBACK -> subscriptions.onSubAck((SubAck) packet);
            case UNSUBACK -> subscriptions.onUnsubAck((UnsubAck) packet);
            case PINGRESP -> pingsOutstanding = Math.max(0, pingsOutstanding - 1); // liveness is noted for every packet
            case DISCONNECT -> onDisconnect((Disconnect) packet);
            case AUTH -> onAuth((Auth) packet);
            default -> protocolError(MqttDecodeException.PROTOCOL_ERROR, "a server cannot send " + type, null);
        }
    }

    // ================================================================== CONNECT / CONNACK / AUTH / DISCONNECT

    private Connect buildConnect() {
        // The first connection follows the configuration; later ones resume the session when it can outlive a
        // connection, so that in-flight messages and subscriptions carry over.
        connectCleanStart = connectedBefore ? !config.sessionOutlivesConnection() : config.cleanStart();
        String clientId =
                config.clientId().isEmpty() && assignedClientId != null ? assignedClientId : config.clientId();
        ConnectProperties properties = ConnectProperties.NONE;
        if (v5) {
            ConnectProperties.Builder p = ConnectProperties.builder()
                    .sessionExpiryInterval(config.sessionExpiryInterval() == 0 ? null : config.sessionExpiryInterval())
                    .receiveMaximum(config.receiveMaximum() == 65_535 ? null : config.receiveMaximum())
                    .maximumPacketSize(
                            config.maximumPacketSize() >= DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE
                                    ? null
                                    : (long) config.maximumPacketSize())
                    .topicAliasMaximum(config.topicAliasMaximum() == 0 ? null : config.topicAliasMaximum())
                    .requestResponseInformation(config.requestResponseInformation() ? Boolean.TRUE : null)
                    .requestProblemInformation(config.requestProblemInformation() ? null : Boolean.FALSE)
                    .userProperties(config.connectUserProperties());
            EnhancedAuthHandler auth = config.authHandler();
            if (auth != null) {
                p.authenticationMethod(auth.method()).authenticationData(auth.initialData());
            }
            properties = p.build();
        }
        return new Connect(
                version,
                clientId,
                connectCleanStart,
                config.keepAliveSeconds(),
                config.username(),
                config.password(),
                config.will(),
                properties);
    }

    private void onConnAck(ConnAck ack) {
        if (state != State.CONNECTING) {
            protocolError(
                    MqttDecodeException.PROTOCOL_ERROR, "the server sent a second CONNACK on one connection", null);
            return;
        }
        connAckDeadline = Long.MAX_VALUE;
        if (ack.reasonCode() != ConnectReasonCode.SUCCESS) {
            String reason = ack.properties().reasonString();
            String message = "the server refused the connection: " + ack.reasonCode() + " (0x"
                    + Integer.toHexString(ack.reasonCode().code()) + ")" + (reason == null ? "" : ": " + reason)
                    + (ack.properties().serverReference() == null
                            ? ""
                            : "; server reference " + ack.properties().serverReference());
            ending = new DisconnectInfo(DisconnectInfo.Initiator.SERVER, null, ack, null, message);
            closing();
            listener.closeConnection(
                    new MqttConnectionException(ack.reasonCode().code(), message));
            return;
        }
        if (ack.sessionPresent() && connectCleanStart) {
            protocolError(
                    MqttDecodeException.PROTOCOL_ERROR,
                    "the server reported a present session although CONNECT"
                            + " asked for a clean start (MQTT-3.2.2-2, MQTT-3.2.2-4)",
                    null);
            return;
        }
        ConnectionInfo connection = ConnectionInfo.of(config, ack);
        info = connection;
        if (ack.properties().assignedClientIdentifier() != null) {
            assignedClientId = ack.properties().assignedClientIdentifier();
        }
        outbound.encoder(new MqttEncoder(version, connection.maximumPacketSize()));
        keepAliveNanos = connection.keepAliveSeconds() * NANOS_PER_SECOND;
        // Half the keep alive at most: the PINGREQ leaves after a keep alive without sending, so a dead server is
        // noticed within 1.5 times the keep alive (the bound [MQTT-3.1.2-22] gives the server for a silent client).
        pingTimeoutThisConnection =
                keepAliveNanos > 0 ? Math.min(pingTimeoutNanos, keepAliveNanos / 2) : pingTimeoutNanos;
        if (config.authHandler() != null) {
            authSucceeded(ack.properties().authenticationData());
        }
        state = State.CONNECTED;
        // Order on the wire: resent PUBLISH/PUBREL of a resumed session (MQTT-4.4.0-1), restored and pending
        // subscriptions, then queued messages. Inbound state is ready before any replayed message is decoded.
        deliveries.connected(ack.sessionPresent());
        publishes.connected(connection, v5);
        subscriptions.connected(connection, connectedBefore);
        connectedBefore = true;
        listener.connected(connection);
        if (state == State.CONNECTED) {
            publishes.drain();
        }
    }

    private void authSucceeded(BinaryData data) {
        try {
            config.authHandler().succeeded(data);
        } catch (RuntimeException e) {
            LOG.warn("enhanced auth handler failed in succeeded()", e);
        }
    }

    private void onAuth(Auth auth) {
        EnhancedAuthHandler handler = config.authHandler();
        if (handler == null) {
            protocolError(
                    MqttDecodeException.PROTOCOL_ERROR,
                    "the server sent AUTH although CONNECT named no" + " Authentication Method (MQTT-4.12.0-6)",
                    null);
            return;
        }
        if (auth.authenticationMethod() == null || !auth.authenticationMethod().equals(handler.method())) {
            protocolError(
                    MqttDecodeException.PROTOCOL_ERROR,
                    "the server's AUTH names the method '" + auth.authenticationMethod() + "' but CONNECT used '"
                            + handler.method() + "' (MQTT-4.12.0-5)",
                    null);
            return;
        }
        switch (auth.reasonCode()) {
            case CONTINUE_AUTHENTICATION -> {
                BinaryData answer;
                try {
                    answer = handler.challenge(auth.authenticationData());
                } catch (RuntimeException e) {
                    protocolError(
                            DisconnectReasonCode.UNSPECIFIED_ERROR.code(),
                            "enhanced authentication '" + handler.method() + "' gave up: " + e.getMessage(),
                            e);
                    return;
                }
                outbound.write(
                        new Auth(
                                AuthReasonCode.CONTINUE_AUTHENTICATION,
                                handler.method(),
                                answer,
                                null,
                                UserProperties.EMPTY),
                        now);
            }
            case SUCCESS -> {
                if (state != State.CONNECTED) {
                    protocolError(
                            MqttDecodeException.PROTOCOL_ERROR,
                            "AUTH success before CONNACK; the server ends"
                                    + " the authentication of a new connection with CONNACK",
                            null);
                    return;
                }
                authSucceeded(auth.authenticationData());
            }
            default ->
                protocolError(
                        MqttDecodeException.PROTOCOL_ERROR,
                        "a server cannot send AUTH with " + auth.reasonCode(),
                        null);
        }
    }

    private void onDisconnect(Disconnect d) {
        String message = "the server sent DISCONNECT " + d.reasonCode() + " (0x"
                + Integer.toHexString(d.reasonCode().code())
                + ")" + (d.reasonString() == null ? "" : ": " + d.reasonString())
                + (d.serverReference() == null ? "" : "; use server " + d.serverReference());
        ending = new DisconnectInfo(DisconnectInfo.Initiator.SERVER, d, null, null, message);
        closing();
        listener.closeConnection(new MqttConnectionException(d.reasonCode().code(), message));
    }

    // ================================================================== errors and teardown

    /** The server broke the protocol: say why (MQTT 5 DISCONNECT with the reason code) and drop the link. */
    private void protocolError(int reasonCode, String message, Throwable cause) {
        LOG.debug("protocol error: {}", message);
        fail(DisconnectInfo.Initiator.PROTOCOL_ERROR, cause, reasonCode, message);
    }

    private void fail(DisconnectInfo.Initiator initiator, Throwable cause, int reasonCode, String message) {
        if (state != State.CONNECTING && state != State.CONNECTED) {
            return;
        }
        Disconnect sent = null;
        DisconnectReasonCode code = reasonCode < 0 ? null : DisconnectReasonCode.ofCode(reasonCode);
        if (v5 && code != null) {
            sent = Disconnect.of(code, message);
            try {
                outbound.write(sent, now);
            } catch (MqttEncodeException e) {
                sent = null; // e.g. the reason string does not fit the server's limit; closing says enough
            }
        }
        ending = new DisconnectInfo(initiator, sent, null, cause, message);
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
        subscriptions.disconnected();
        decoder = null;
        pingDeadline = Long.MAX_VALUE;
        pingsOutstanding = 0;
        probing = false;
        connAckDeadline = Long.MAX_VALUE;
        keepAliveNanos = 0;
    }

    /** The engine's side of {@link EngineContext}, for its parts. */
    private final class Context implements EngineContext {
        @Override
        public void send(MqttPacket packet) {
            outbound.write(packet, now);
        }

        @Override
        public void protocolError(int reasonCode, String message, Throwable cause) {
            MqttClientEngine.this.protocolError(reasonCode, message, cause);
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public ConnectionInfo connection() {
            return info;
        }
    }
}
