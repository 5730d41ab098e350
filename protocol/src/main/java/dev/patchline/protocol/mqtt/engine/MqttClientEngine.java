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
import dev.patchline.protocol.mqtt.codec.packet.PingReq;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubCompReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.PubRelReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
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
import dev.patchline.protocol.mqtt.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *
 * <h2>Threading</h2>
 * Not thread-safe: one thread (the transport's event loop) makes every call; listener callbacks and future
 * completions happen synchronously on that thread. Only {@link #isPublishQueueFull()} may be read from elsewhere.
 */
public final class MqttClientEngine {

    private static final Logger LOG = LoggerFactory.getLogger(MqttClientEngine.class);

    /** Outbound packets are appended to one buffer up to this size, so a burst of acks costs one write. */
    private static final int OUTBOUND_BATCH_BYTES = 64 * 1024;
    private static final int MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

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

    // ------------------------------------------------------------ session state (survives reconnects)
    private final PacketIds packetIds = new PacketIds();
    private final InflightList inflight = new InflightList();
    private final ArrayDeque<OutboundFlight> publishQueue = new ArrayDeque<>();
    /** QoS 2 packet ids received and PUBREC'd, waiting for PUBREL: a PUBLISH with one of them is a duplicate. */
    private final BitSet inboundQos2 = new BitSet();
    private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
    /** SUBSCRIBE/UNSUBSCRIBE not yet answered, in the order asked; resent on every new connection until answered. */
    private final LinkedHashMap<PendingRequest, Boolean> requests = new LinkedHashMap<>();
    private final IntObjectHashMap<PendingRequest> requestsById = new IntObjectHashMap<>();
    private String assignedClientId;
    private boolean connectedBefore;
    private int nextSubscriptionIdentifier = 1;
    private volatile boolean publishQueueFull;

    // ------------------------------------------------------------ connection state (reset per connection)
    private State state = State.OFFLINE;
    private long now;
    private MqttDecoder decoder;
    private MqttEncoder encoder;
    private ByteBuf cumulation;
    private boolean cumulationOwned;
    private ConnectionInfo info;
    private boolean connectCleanStart;
    private int sendWindow;
    private OutboundTopicAliases outboundAliases;
    private String[] inboundAliases;
    private long keepAliveNanos;
    private long lastSentNanos;
    private long pingDeadline = Long.MAX_VALUE;
    private long connAckDeadline = Long.MAX_VALUE;
    /** Inbound paused: {@link #held} was refused by the application; nothing more is decoded until it is taken. */
    private boolean paused;
    private Publish held;
    private List<MqttSubscription> heldRoute;
    /** Why this connection ends, when the engine or the server decided it; {@code null} means the link broke. */
    private DisconnectInfo ending;

    // ------------------------------------------------------------ output
    private final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
    private ByteBuf outBatch;

    public MqttClientEngine(EngineConfig config, MqttEngineListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.version = config.version();
        this.v5 = version.isV5();
        this.connAckTimeoutNanos = config.connAckTimeout().toNanos();
        this.pingTimeoutNanos = config.pingResponseTimeout().toNanos();
    }

    public EngineConfig config() {
        return config;
    }

    /** The limits settled by the last CONNACK, or {@code null} before the first one. */
    public ConnectionInfo connectionInfo() {
        return info;
    }

    /** Whether a CONNACK accepted the current connection. */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Whether the publish queue is full, so that {@link #publish} would fail with QUEUE_FULL. Any thread. */
    public boolean isPublishQueueFull() {
        return publishQueueFull;
    }

    /** Messages waiting to be sent (beyond the in-flight window, or while offline). */
    public int queuedPublishCount() {
        return publishQueue.size();
    }

    /** QoS 1/2 messages sent and not yet completely acknowledged. */
    public int inflightCount() {
        return inflight.size();
    }

    /** Whether inbound processing is paused because the application refused a message. */
    public boolean isInboundPaused() {
        return paused;
    }

    // ================================================================== network input

    /** A link is ready: queues CONNECT and starts the CONNACK timeout. */
    public void connectionOpened(long nowNanos) {
        now = nowNanos;
        if (state == State.CLOSED) {
            listener.closeConnection(new MqttConnectionException(-1, "the MQTT client engine is closed"));
            return;
        }
        if (state != State.OFFLINE) {
            // A transport must report the old link closed first; recover by forgetting it.
            LOG.warn("connectionOpened while {}; treating the previous connection as lost", state);
            connectionClosed(nowNanos, null);
        }
        decoder = new MqttDecoder(DecoderConfig.client(version, config.maximumPacketSize()));
        encoder = new MqttEncoder(version);
        ending = null;
        info = null;
        paused = false;
        outboundAliases = null;
        inboundAliases = null;
        state = State.CONNECTING;
        connAckDeadline = nowNanos + connAckTimeoutNanos;
        pingDeadline = Long.MAX_VALUE;
        send(buildConnect());
    }

    /**
     * Bytes arrived. The engine takes ownership of {@code bytes} and releases it. Packets are handled in order;
     * events fire synchronously.
     */
    public void receive(ByteBuf bytes, long nowNanos) {
        now = nowNanos;
        if (state != State.CONNECTING && state != State.CONNECTED) {
            bytes.release(); // CLOSING: nothing more from this link counts
            return;
        }
        appendToCumulation(bytes);
        if (!paused) {
            decodeAvailable();
        }
    }

    /** The link is gone (either side closed it, it broke, or it never opened); {@code cause} may be null. */
    public void connectionClosed(long nowNanos, Throwable cause) {
        now = nowNanos;
        if (state == State.OFFLINE || (state == State.CLOSED && decoder == null)) {
            return;
        }
        DisconnectInfo end = ending != null ? ending : new DisconnectInfo(DisconnectInfo.Initiator.TRANSPORT, null, null,
                cause, cause == null ? "connection closed by the peer without DISCONNECT"
                        : "connection lost: " + cause);
        resetConnection();
        if (state != State.CLOSED) {
            state = State.OFFLINE;
        }
        listener.disconnected(end);
    }

    /** Runs the timers whose deadline has passed: CONNACK timeout, keep-alive PINGREQ, PINGRESP timeout. */
    public void handleTimeout(long nowNanos) {
        now = nowNanos;
        if (state == State.CONNECTING && nowNanos - connAckDeadline >= 0) {
            connAckDeadline = Long.MAX_VALUE;
            fail(DisconnectInfo.Initiator.PROTOCOL_ERROR, null, -1, "no CONNACK within "
                    + config.connAckTimeout().toMillis() + " ms after CONNECT; is this an MQTT server, and is it overloaded?");
            return;
        }
        if (state != State.CONNECTED) {
            return;
        }
        if (!paused && pingDeadline != Long.MAX_VALUE && nowNanos - pingDeadline >= 0) {
            pingDeadline = Long.MAX_VALUE;
            fail(DisconnectInfo.Initiator.PROTOCOL_ERROR, null, -1, "no answer from the server within "
                    + config.pingResponseTimeout().toMillis() + " ms after PINGREQ; the connection is considered dead"
                    + " (keep alive " + info.keepAliveSeconds() + " s)");
            return;
        }
        if (keepAliveNanos > 0 && nowNanos - (lastSentNanos + keepAliveNanos) >= 0) {
            // MQTT-3.1.2-20: nothing else was sent for a keep-alive period
            send(PingReq.INSTANCE);
            if (pingDeadline == Long.MAX_VALUE) {
                pingDeadline = nowNanos + pingTimeoutNanos;
            }
        }
    }

    // ================================================================== output

    /** The next bytes to write, or {@code null} when there are none. The caller owns the buffer. */
    public ByteBuf pollOutbound() {
        ByteBuf next = outbound.poll();
        if (next != null) {
            return next;
        }
        next = outBatch;
        outBatch = null;
        return next;
    }

    /** When {@link #handleTimeout} should run next ({@link System#nanoTime()} terms), or {@link Long#MAX_VALUE}. */
    public long nextDeadlineNanos() {
        switch (state) {
            case CONNECTING:
                return connAckDeadline;
            case CONNECTED:
                long deadline = keepAliveNanos > 0 ? lastSentNanos + keepAliveNanos : Long.MAX_VALUE;
                if (!paused && pingDeadline != Long.MAX_VALUE && pingDeadline - deadline < 0) {
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
     * @return completes with the result at PUBACK (QoS 1), PUBCOMP (QoS 2) or when handed to the transport (QoS 0);
     *         fails with {@link MqttPublishException} when the message is invalid, refused by the server, expired,
     *         beyond what the server supports, or the queue is full. Never throws.
     */
    public CompletableFuture<PublishResult> publish(String topic, ByteBuf payload, Qos qos, boolean retain,
                                                    PublishProperties properties, long nowNanos) {
        now = nowNanos;
        OutboundFlight flight = new OutboundFlight(topic, qos, retain, payload == null ? Unpooled.EMPTY_BUFFER : payload,
                properties, nowNanos);
        String invalid = checkPublish(flight);
        if (invalid != null) {
            flight.fail(MqttPublishException.Kind.INVALID_MESSAGE, -1, invalid);
            return flight;
        }
        if (state == State.CLOSED) {
            flight.fail(MqttPublishException.Kind.CLOSED, -1, "the MQTT client engine is closed");
            return flight;
        }
        if (publishQueue.isEmpty() && state == State.CONNECTED
                && (qos == Qos.AT_MOST_ONCE || inflight.size() < sendWindow)) {
            if (!sendNew(flight)) {
                enqueue(flight); // no packet identifier free right now
            }
            return flight;
        }
        if (publishQueue.size() >= config.publishQueueCapacity()) {
            flight.fail(MqttPublishException.Kind.QUEUE_FULL, -1, "the publish queue is full ("
                    + config.publishQueueCapacity() + " messages wait for the in-flight window or the connection);"
                    + " wait until isPublishQueueFull() is false or raise publishQueueCapacity");
            return flight;
        }
        enqueue(flight);
        return flight;
    }

    /**
     * Publishes {@code message}: its topic, QoS, RETAIN, payload (the engine takes over this reference) and
     * properties. Its packet identifier and DUP flag are ignored; the engine assigns its own.
     *
     * @see #publish(String, ByteBuf, Qos, boolean, PublishProperties, long)
     */
    public CompletableFuture<PublishResult> publish(Publish message, long nowNanos) {
        return publish(message.topic(), message.payload(), message.qos(), message.retain(), message.properties(), nowNanos);
    }

    /**
     * Subscribes to one or more filters with one SUBSCRIBE. Messages matching them are delivered with
     * {@link MqttMessage#subscriptions()} naming these subscriptions (and thus {@code handler}). Sent now when
     * connected, otherwise after the next CONNACK.
     *
     * @param handler an opaque object returned with every message these subscriptions receive; may be null
     * @return the SUBACK result; fails with {@link MqttRequestException} for invalid filters or features the server
     *         lacks. Never throws.
     */
    public CompletableFuture<SubscribeResult> subscribe(List<Subscription> filters, Object handler,
                                                        UserProperties userProperties, long nowNanos) {
        now = nowNanos;
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            if (filters.isEmpty()) {
                throw new MqttRequestException("subscribe needs at least one topic filter (MQTT-3.8.3-2)");
            }
            if (state == State.CLOSED) {
                throw new MqttRequestException("the MQTT client engine is closed");
            }
            int id = nextSubscriptionIdentifier;
            nextSubscriptionIdentifier = id == MAX_SUBSCRIPTION_IDENTIFIER ? 1 : id + 1;
            List<MqttSubscription> subs = new ArrayList<>(filters.size());
            for (Subscription s : filters) {
                TopicFilter parsed = parseFilter(s.topicFilter());
                if (parsed.isShared() && s.options().noLocal()) {
                    throw new MqttRequestException("shared subscription '" + s.topicFilter()
                            + "' cannot use No Local (MQTT-3.8.3-4); turn noLocal off");
                }
                subs.add(new MqttSubscription(parsed, s.options(), handler, id));
            }
            PendingRequest request = PendingRequest.subscribe(List.copyOf(subs), List.copyOf(filters),
                    userProperties == null ? UserProperties.EMPTY : userProperties, id, future);
            // Routing works from now on: a server may deliver before its SUBACK.
            for (MqttSubscription s : request.subscriptions) {
                subscriptions.add(s);
            }
            requests.put(request, Boolean.TRUE);
            if (state == State.CONNECTED) {
                sendRequest(request);
            }
        } catch (MqttRequestException e) {
            future.completeExceptionally(e);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<SubscribeResult> typed = (CompletableFuture) future;
        return typed;
    }

    /**
     * Unsubscribes from filters with one UNSUBSCRIBE; the subscriptions keep routing messages until the UNSUBACK.
     *
     * @return the UNSUBACK result; fails with {@link MqttRequestException} for invalid filters. Never throws.
     */
    public CompletableFuture<UnsubscribeResult> unsubscribe(List<String> filters, UserProperties userProperties,
                                                            long nowNanos) {
        now = nowNanos;
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            if (filters.isEmpty()) {
                throw new MqttRequestException("unsubscribe needs at least one topic filter (MQTT-3.10.3-2)");
            }
            if (state == State.CLOSED) {
                throw new MqttRequestException("the MQTT client engine is closed");
            }
            for (String f : filters) {
                parseFilter(f);
            }
            PendingRequest request = PendingRequest.unsubscribe(List.copyOf(filters),
                    userProperties == null ? UserProperties.EMPTY : userProperties, future);
            requests.put(request, Boolean.TRUE);
            if (state == State.CONNECTED) {
                sendRequest(request);
            }
        } catch (MqttRequestException e) {
            future.completeExceptionally(e);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<UnsubscribeResult> typed = (CompletableFuture) future;
        return typed;
    }

    /**
     * Sends DISCONNECT (with {@code disconnect}'s reason code and properties in MQTT 5) if connected and stops using
     * the link; the caller then closes it (e.g. stops the transport). The session stays in the engine: a later
     * connection resumes it when the session outlives connections.
     */
    public void disconnect(Disconnect disconnect, long nowNanos) {
        now = nowNanos;
        Disconnect packet = disconnect == null ? Disconnect.NORMAL : disconnect;
        if (state == State.CONNECTED || state == State.CONNECTING) {
            if (packet.sessionExpiryInterval() != null && config.sessionExpiryInterval() == 0
                    && packet.sessionExpiryInterval() != 0) {
                // MQTT-3.14.2-2: cannot raise the expiry from 0 at DISCONNECT; drop the property instead of a protocol error
                packet = new Disconnect(packet.reasonCode(), null, packet.reasonString(), packet.serverReference(),
                        packet.userProperties());
            }
            send(packet);
            ending = new DisconnectInfo(DisconnectInfo.Initiator.CLIENT, packet, null, null,
                    "disconnected by the application (" + packet.reasonCode() + ")");
            state = State.CLOSING;
        }
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
        send(new Auth(AuthReasonCode.REAUTHENTICATE, handler.method(), handler.initialData(), null, UserProperties.EMPTY));
        return true;
    }

    /**
     * The application has room again: offers the refused message once more, and when it is taken, acknowledges it,
     * continues with the bytes received meanwhile and asks to read again ({@link MqttEngineListener#readable}).
     */
    public void resumeInbound(long nowNanos) {
        now = nowNanos;
        if (!paused || held == null) {
            return;
        }
        Publish message = held;
        List<MqttSubscription> route = heldRoute;
        if (!offer(message, route)) {
            return;
        }
        held = null;
        heldRoute = null;
        paused = false;
        decodeAvailable();
        if (!paused) {
            listener.readable(true);
        }
    }

    /**
     * Ends the engine for good: fails every queued, in-flight and pending request with CLOSED, releases buffers.
     * Call after the transport stopped (or {@link #disconnect} was sent).
     */
    public void close(long nowNanos) {
        now = nowNanos;
        if (state == State.CLOSED) {
            return;
        }
        boolean hadLink = state != State.OFFLINE;
        state = State.CLOSED;
        if (hadLink) {
            resetConnection();
        }
        for (OutboundFlight f = inflight.first(); f != null; f = inflight.first()) {
            inflight.remove(f);
            packetIds.release(f.packetId);
            f.fail(MqttPublishException.Kind.CLOSED, -1, "the MQTT client engine was closed before the server acknowledged");
        }
        for (OutboundFlight f = publishQueue.poll(); f != null; f = publishQueue.poll()) {
            f.fail(MqttPublishException.Kind.CLOSED, -1, "the MQTT client engine was closed before the message was sent");
        }
        updateQueueFull();
        for (PendingRequest r : new ArrayList<>(requests.keySet())) {
            completeRequestExceptionally(r, new MqttRequestException("the MQTT client engine was closed before the server answered"));
        }
        requests.clear();
        requestsById.clear();
        ByteBuf b;
        while ((b = outbound.poll()) != null) {
            b.release();
        }
        if (outBatch != null) {
            outBatch.release();
            outBatch = null;
        }
    }

    // ================================================================== inbound decoding

    private void appendToCumulation(ByteBuf bytes) {
        if (cumulation == null) {
            cumulation = bytes;
            cumulationOwned = false;
            return;
        }
        int extra = bytes.readableBytes();
        // Grow in place only when nothing else references the buffer: decoded PUBLISH payloads are slices of it,
        // and moving or reallocating its memory under them would corrupt them.
        if (cumulationOwned && cumulation.refCnt() == 1 && cumulation.maxWritableBytes() >= extra) {
            cumulation.discardReadBytes();
            cumulation.writeBytes(bytes);
            bytes.release();
            return;
        }
        int readable = cumulation.readableBytes();
        ByteBuf merged = config.allocator().buffer(Math.max(256, (readable + extra) * 2));
        merged.writeBytes(cumulation);
        merged.writeBytes(bytes);
        cumulation.release();
        bytes.release();
        cumulation = merged;
        cumulationOwned = true;
    }

    private void decodeAvailable() {
        ByteBuf in = cumulation;
        if (in == null) {
            return;
        }
        try {
            while (!paused && (state == State.CONNECTING || state == State.CONNECTED)) {
                MqttPacket packet;
                try {
                    packet = decoder.decode(in);
                } catch (MqttDecodeException e) {
                    protocolError(e.reasonCode(), "the server sent an invalid packet: " + e.getMessage(), e);
                    break;
                }
                if (packet == null) {
                    break;
                }
                // Any packet proves the link alive; a late PINGRESP behind a burst of messages is no timeout.
                pingDeadline = Long.MAX_VALUE;
                handle(packet);
            }
        } finally {
            if (cumulation == in && !in.isReadable()) {
                in.release();
                cumulation = null;
            }
        }
    }

    private void handle(MqttPacket packet) {
        if (state == State.CONNECTING && packet.type() != dev.patchline.protocol.mqtt.codec.packet.PacketType.CONNACK
                && packet.type() != dev.patchline.protocol.mqtt.codec.packet.PacketType.AUTH
                && packet.type() != dev.patchline.protocol.mqtt.codec.packet.PacketType.DISCONNECT) {
            release(packet);
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server sent " + packet.type()
                    + " before CONNACK; the first packet from the server must be CONNACK (MQTT-3.2.0-1)", null);
            return;
        }
        switch (packet.type()) {
            case CONNACK -> onConnAck((ConnAck) packet);
            case PUBLISH -> onPublish((Publish) packet);
            case PUBACK -> onPubAck((PubAck) packet);
            case PUBREC -> onPubRec((PubRec) packet);
            case PUBREL -> onPubRel((PubRel) packet);
            case PUBCOMP -> onPubComp((PubComp) packet);
            case SUBACK -> onSubAck((SubAck) packet);
            case UNSUBACK -> onUnsubAck((UnsubAck) packet);
            case PINGRESP -> { } // liveness is noted for every packet
            case DISCONNECT -> onDisconnect((Disconnect) packet);
            case AUTH -> onAuth((Auth) packet);
            default -> protocolError(MqttDecodeException.PROTOCOL_ERROR, "a server cannot send " + packet.type(), null);
        }
    }

    private static void release(MqttPacket packet) {
        if (packet instanceof Publish p) {
            p.release();
        }
    }

    // ================================================================== CONNECT / CONNACK / AUTH

    private Connect buildConnect() {
        // The first connection follows the configuration; later ones resume the session when it can outlive a
        // connection, so that in-flight messages and subscriptions carry over.
        connectCleanStart = connectedBefore ? !config.sessionOutlivesConnection() : config.cleanStart();
        String clientId = config.clientId().isEmpty() && assignedClientId != null ? assignedClientId : config.clientId();
        ConnectProperties properties = ConnectProperties.NONE;
        if (v5) {
            ConnectProperties.Builder p = ConnectProperties.builder()
                    .sessionExpiryInterval(config.sessionExpiryInterval() == 0 ? null : config.sessionExpiryInterval())
                    .receiveMaximum(config.receiveMaximum() == 65_535 ? null : config.receiveMaximum())
                    .maximumPacketSize(config.maximumPacketSize() >= DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE
                            ? null : (long) config.maximumPacketSize())
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
        return new Connect(version, clientId, connectCleanStart, config.keepAliveSeconds(), config.username(),
                config.password(), config.will(), properties);
    }

    private void onConnAck(ConnAck ack) {
        if (state != State.CONNECTING) {
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server sent a second CONNACK on one connection", null);
            return;
        }
        connAckDeadline = Long.MAX_VALUE;
        if (ack.reasonCode() != ConnectReasonCode.SUCCESS) {
            String reason = ack.properties().reasonString();
            String message = "the server refused the connection: " + ack.reasonCode() + " (0x"
                    + Integer.toHexString(ack.reasonCode().code()) + ")" + (reason == null ? "" : ": " + reason)
                    + (ack.properties().serverReference() == null ? "" : "; server reference " + ack.properties().serverReference());
            ending = new DisconnectInfo(DisconnectInfo.Initiator.SERVER, null, ack, null, message);
            state = State.CLOSING;
            listener.closeConnection(new MqttConnectionException(ack.reasonCode().code(), message));
            return;
        }
        if (ack.sessionPresent() && connectCleanStart) {
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server reported a present session although CONNECT"
                    + " asked for a clean start (MQTT-3.2.2-2, MQTT-3.2.2-4)", null);
            return;
        }
        ConnectionInfo connection = ConnectionInfo.of(config, ack);
        info = connection;
        if (ack.properties().assignedClientIdentifier() != null) {
            assignedClientId = ack.properties().assignedClientIdentifier();
        }
        encoder = new MqttEncoder(version, connection.maximumPacketSize());
        keepAliveNanos = connection.keepAliveSeconds() * NANOS_PER_SECOND;
        sendWindow = Math.min(config.maxInflight(), connection.receiveMaximum());
        outboundAliases = new OutboundTopicAliases(v5 ? Math.min(config.outboundTopicAliasMaximum(),
                connection.topicAliasMaximum()) : 0);
        inboundAliases = v5 && config.topicAliasMaximum() > 0 ? new String[config.topicAliasMaximum() + 1] : null;
        if (config.authHandler() != null) {
            callAuthSucceeded(ack.properties().authenticationData());
        }
        state = State.CONNECTED;

        Set<MqttSubscription> requested = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PendingRequest r : requests.keySet()) {
            if (r.isSubscribe()) {
                requested.addAll(r.subscriptions);
            }
        }
        if (ack.sessionPresent()) {
            resendInflight();
        } else {
            // MQTT-3.2.2-5: the server has no session, so our copy of its state is void.
            discardServerSessionState();
            if (connectedBefore) {
                restoreSubscriptions(requested);
            }
        }
        connectedBefore = true;
        listener.connected(connection);
        if (state != State.CONNECTED) {
            return; // the listener closed us
        }
        for (PendingRequest r : new ArrayList<>(requests.keySet())) {
            sendRequest(r);
        }
        drainQueue();
    }

    private void callAuthSucceeded(BinaryData data) {
        try {
            config.authHandler().succeeded(data);
        } catch (RuntimeException e) {
            LOG.warn("enhanced auth handler failed in succeeded()", e);
        }
    }

    private void onAuth(Auth auth) {
        EnhancedAuthHandler handler = config.authHandler();
        if (handler == null) {
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server sent AUTH although CONNECT named no"
                    + " Authentication Method (MQTT-4.12.0-6)", null);
            return;
        }
        if (auth.authenticationMethod() == null || !auth.authenticationMethod().equals(handler.method())) {
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server's AUTH names the method '"
                    + auth.authenticationMethod() + "' but CONNECT used '" + handler.method() + "' (MQTT-4.12.0-5)", null);
            return;
        }
        switch (auth.reasonCode()) {
            case CONTINUE_AUTHENTICATION -> {
                BinaryData answer;
                try {
                    answer = handler.challenge(auth.authenticationData());
                } catch (RuntimeException e) {
                    protocolError(DisconnectReasonCode.UNSPECIFIED_ERROR.code(), "enhanced authentication '"
                            + handler.method() + "' gave up: " + e.getMessage(), e);
                    return;
                }
                send(new Auth(AuthReasonCode.CONTINUE_AUTHENTICATION, handler.method(), answer, null, UserProperties.EMPTY));
            }
            case SUCCESS -> {
                if (state != State.CONNECTED) {
                    protocolError(MqttDecodeException.PROTOCOL_ERROR, "AUTH success before CONNACK; the server ends"
                            + " authentication of a new connection with CONNACK", null);
                    return;
                }
                callAuthSucceeded(auth.authenticationData());
            }
            default -> protocolError(MqttDecodeException.PROTOCOL_ERROR, "a server cannot send AUTH with "
                    + auth.reasonCode(), null);
        }
    }

    private void onDisconnect(Disconnect d) {
        String message = "the server sent DISCONNECT " + d.reasonCode() + " (0x" + Integer.toHexString(d.reasonCode().code())
                + ")" + (d.reasonString() == null ? "" : ": " + d.reasonString())
                + (d.serverReference() == null ? "" : "; use server " + d.serverReference());
        ending = new DisconnectInfo(DisconnectInfo.Initiator.SERVER, d, null, null, message);
        state = State.CLOSING;
        listener.closeConnection(new MqttConnectionException(d.reasonCode().code(), message));
    }

    // ================================================================== outbound publishing

    private static String checkPublish(OutboundFlight f) {
        if (f.topic == null || f.qos == null) {
            return "topic and QoS are required";
        }
        try {
            Topics.validateName(f.topic);
        } catch (InvalidTopicException e) {
            return e.getMessage();
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

    private void enqueue(OutboundFlight flight) {
        publishQueue.add(flight);
        updateQueueFull();
    }

    private void updateQueueFull() {
        boolean full = publishQueue.size() >= config.publishQueueCapacity();
        if (full != publishQueueFull) {
            publishQueueFull = full;
            listener.publishQueueFull(full);
        }
    }

    /** Sends queued messages while the in-flight window has room (QoS 0 needs none, but keeps its place in line). */
    private void drainQueue() {
        boolean changed = false;
        while (state == State.CONNECTED && !publishQueue.isEmpty()) {
            OutboundFlight head = publishQueue.peek();
            if (head.qos != Qos.AT_MOST_ONCE && inflight.size() >= sendWindow) {
                break;
            }
            publishQueue.poll();
            changed = true;
            if (!sendNew(head)) {
                publishQueue.addFirst(head);
                break;
            }
        }
        if (changed) {
            updateQueueFull();
        }
    }

    /**
     * Sends a message for the first time on this session. Returns false (and changes nothing) only when no packet
     * identifier is free.
     */
    private boolean sendNew(OutboundFlight flight) {
        ConnectionInfo server = info;
        if (flight.qos.compareTo(server.maximumQos()) > 0) {
            flight.fail(MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER, -1, "the server accepts at most QoS "
                    + server.maximumQos().value() + " (Maximum QoS in CONNACK), the message has QoS "
                    + flight.qos.value() + " (MQTT-3.2.2-11); publish with a lower QoS");
            return true;
        }
        if (flight.retain && !server.retainAvailable()) {
            flight.fail(MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER, -1, "the server does not support retained"
                    + " messages (Retain Available 0 in CONNACK, MQTT-3.2.2-14); publish with retain false");
            return true;
        }
        PublishProperties props = flight.properties;
        Long expiry = props.messageExpiryInterval();
        if (expiry != null) {
            long waited = (now - flight.enqueuedNanos) / NANOS_PER_SECOND;
            if (waited >= expiry) {
                flight.fail(MqttPublishException.Kind.EXPIRED, -1, "the message expired after waiting " + waited
                        + " s to be sent (Message Expiry Interval " + expiry + " s)");
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
        if (!writePublish(flight, flight.toPacket(false, props))) {
            if (flight.packetId != 0) {
                packetIds.release(flight.packetId);
                flight.packetId = 0;
            }
            return true; // failed inside writePublish
        }
        if (flight.qos == Qos.AT_MOST_ONCE) {
            flight.succeed(PublishResult.QOS0);
        } else {
            flight.stage = OutboundFlight.Stage.AWAIT_ACK;
            inflight.addLast(flight);
        }
        return true;
    }

    /** Encodes a PUBLISH, with a topic alias where one applies; on failure fails the flight and returns false. */
    private boolean writePublish(OutboundFlight flight, Publish message) {
        String topic = message.topic();
        Publish wire = message;
        int newAlias = 0;
        if (outboundAliases != null) {
            int alias = outboundAliases.established(topic);
            if (alias != 0) {
                // MQTT 5 section 3.3.2.3.4: a known alias lets the topic be sent empty
                wire = message.withTopicAndProperties("", message.properties().withTopicAlias(alias));
            } else if ((newAlias = outboundAliases.candidate()) != 0) {
                wire = message.withTopicAndProperties(topic, message.properties().withTopicAlias(newAlias));
            }
        }
        try {
            send(wire);
        } catch (MqttEncodeException e) {
            flight.fail(MqttPublishException.Kind.NOT_SUPPORTED_BY_SERVER, -1, "cannot send the message to '" + topic
                    + "': " + e.getMessage());
            return false;
        }
        if (newAlias != 0) {
            // only now: an alias is established by a PUBLISH that was actually sent
            outboundAliases.commit(topic, newAlias);
        }
        return true;
    }

    /** MQTT-4.4.0-1: on a resumed session, resend unacknowledged PUBLISH (DUP set) and PUBREL, in their original order. */
    private void resendInflight() {
        OutboundFlight f = inflight.first();
        while (f != null) {
            OutboundFlight next = f.next;
            if (f.stage == OutboundFlight.Stage.AWAIT_ACK) {
                PublishProperties props = f.properties;
                Long expiry = props.messageExpiryInterval();
                if (expiry != null) {
                    long left = Math.max(0, expiry - (now - f.enqueuedNanos) / NANOS_PER_SECOND);
                    props = props.toBuilder().messageExpiryInterval(left).build();
                }
                if (!writePublish(f, f.toPacket(true, props))) { // DUP: MQTT-3.3.1-1
                    // the new connection's limits (e.g. a smaller Maximum Packet Size) forbid it for good
                    inflight.remove(f);
                    packetIds.release(f.packetId);
                }
            } else {
                send(PubRel.of(f.packetId));
            }
            f = next;
        }
    }

    /**
     * The server lost the session (session present 0): messages it never received are sent again as new messages;
     * a QoS 2 message it did receive (PUBREC) is not, as that could deliver it twice; it completes unconfirmed.
     */
    private void discardServerSessionState() {
        inboundQos2.clear();
        if (inflight.isEmpty()) {
            return;
        }
        List<OutboundFlight> again = new ArrayList<>();
        for (OutboundFlight f = inflight.first(); f != null; f = inflight.first()) {
            inflight.remove(f);
            packetIds.release(f.packetId);
            if (f.stage == OutboundFlight.Stage.AWAIT_PUBCOMP) {
                f.succeed(new PublishResult(f.packetId, 0, null, UserProperties.EMPTY, false));
            } else {
                f.packetId = 0;
                f.stage = OutboundFlight.Stage.QUEUED;
                again.add(f);
            }
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            publishQueue.addFirst(again.get(i));
        }
        updateQueueFull();
    }

    private void onPubAck(PubAck ack) {
        OutboundFlight f = inflight.get(ack.packetId());
        if (f == null || f.qos != Qos.AT_LEAST_ONCE || f.stage != OutboundFlight.Stage.AWAIT_ACK) {
            LOG.debug("ignoring PUBACK for packet id {} that no QoS 1 message waits for", ack.packetId());
            return;
        }
        inflight.remove(f);
        packetIds.release(ack.packetId());
        if (ack.reasonCode().isError()) {
            f.fail(MqttPublishException.Kind.REJECTED_BY_SERVER, ack.reasonCode().code(), "the server refused the message"
                    + " to '" + f.topic + "': PUBACK " + ack.reasonCode()
                    + (ack.reasonString() == null ? "" : ": " + ack.reasonString()));
        } else {
            f.succeed(new PublishResult(ack.packetId(), ack.reasonCode().code(), ack.reasonString(), ack.userProperties(), true));
        }
        drainQueue();
    }

    private void onPubRec(PubRec rec) {
        int id = rec.packetId();
        OutboundFlight f = inflight.get(id);
        if (f == null || f.qos != Qos.EXACTLY_ONCE) {
            // MQTT 5 section 4.3.3: answer anyway so the server can drop its state for the id
            send(v5 ? PubRel.of(id, PubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND) : PubRel.of(id));
            return;
        }
        if (rec.reasonCode().isError()) {
            // MQTT 5 section 4.3.3: a PUBREC with an error ends the exchange; the identifier is free again
            inflight.remove(f);
            packetIds.release(id);
            f.fail(MqttPublishException.Kind.REJECTED_BY_SERVER, rec.reasonCode().code(), "the server refused the message"
                    + " to '" + f.topic + "': PUBREC " + rec.reasonCode()
                    + (rec.reasonString() == null ? "" : ": " + rec.reasonString()));
            drainQueue();
            return;
        }
        if (f.stage == OutboundFlight.Stage.AWAIT_ACK) {
            f.releasePayload(); // the server has the message; only the identifier matters from here (MQTT 5 section 4.3.3)
            f.stage = OutboundFlight.Stage.AWAIT_PUBCOMP;
        }
        send(PubRel.of(id));
    }

    private void onPubComp(PubComp comp) {
        OutboundFlight f = inflight.get(comp.packetId());
        if (f == null || f.stage != OutboundFlight.Stage.AWAIT_PUBCOMP) {
            LOG.debug("ignoring PUBCOMP for packet id {} that no QoS 2 message waits for", comp.packetId());
            return;
        }
        inflight.remove(f);
        packetIds.release(comp.packetId());
        f.succeed(new PublishResult(comp.packetId(), comp.reasonCode().code(), comp.reasonString(), comp.userProperties(), true));
        drainQueue();
    }

    // ================================================================== inbound publishing

    private void onPublish(Publish received) {
        Publish p = received;
        if (v5) {
            p = resolveTopicAlias(received);
            if (p == null) {
                return;
            }
        }
        if (p.qos() == Qos.EXACTLY_ONCE && inboundQos2.get(p.packetId())) {
            // MQTT 5 section 4.3.3, method A: delivered already, waiting for PUBREL; acknowledge again, deliver never twice
            p.release();
            send(PubRec.of(p.packetId()));
            return;
        }
        List<MqttSubscription> route = subscriptions.route(p.topic(), p.properties().subscriptionIdentifiers());
        if (!offer(p, route)) {
            held = p;
            heldRoute = route;
            paused = true;
            listener.readable(false);
        }
    }

    /** Hands a message to the application and acknowledges it if taken; false when refused (nothing acknowledged). */
    private boolean offer(Publish p, List<MqttSubscription> route) {
        boolean taken;
        try {
            taken = listener.messageReceived(new MqttMessage(p, route));
        } catch (RuntimeException e) {
            // A failing listener must not stall the connection; the message counts as taken and is dropped.
            LOG.error("message listener failed on a message to '{}'; the message is dropped", p.topic(), e);
            p.release();
            taken = true;
        }
        if (!taken) {
            return false;
        }
        switch (p.qos()) {
            case AT_LEAST_ONCE -> send(PubAck.of(p.packetId()));
            case EXACTLY_ONCE -> {
                inboundQos2.set(p.packetId());
                send(PubRec.of(p.packetId()));
            }
            default -> { }
        }
        return true;
    }

    /** Resolves and records topic aliases (MQTT 5 section 3.3.2.3.4); null after a protocol error. */
    private Publish resolveTopicAlias(Publish p) {
        Integer alias = p.properties().topicAlias();
        if (alias == null) {
            if (p.topic().isEmpty()) {
                p.release();
                protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server sent a PUBLISH with an empty topic and no"
                        + " Topic Alias (MQTT 5 section 3.3.2.3.4)", null);
                return null;
            }
            return p;
        }
        if (alias == 0 || alias > config.topicAliasMaximum()) {
            p.release();
            protocolError(DisconnectReasonCode.TOPIC_ALIAS_INVALID.code(), "the server used Topic Alias " + alias
                    + " but this client allows 1.." + config.topicAliasMaximum()
                    + " (Topic Alias Maximum in CONNECT; MQTT-3.3.2-8, MQTT-3.3.2-11)", null);
            return null;
        }
        String topic = p.topic();
        if (topic.isEmpty()) {
            topic = inboundAliases[alias];
            if (topic == null) {
                p.release();
                protocolError(MqttDecodeException.PROTOCOL_ERROR, "the server used Topic Alias " + alias
                        + " with an empty topic, but no PUBLISH on this connection set that alias"
                        + " (aliases do not survive a reconnect, MQTT-3.3.2-7)", null);
                return null;
            }
        } else {
            inboundAliases[alias] = topic;
        }
        return p.withTopicAndProperties(topic, p.properties().withTopicAlias(null));
    }

    private void onPubRel(PubRel rel) {
        int id = rel.packetId();
        if (inboundQos2.get(id)) {
            inboundQos2.clear(id);
            send(PubComp.of(id));
        } else {
            // MQTT-4.3.3-11: always answer PUBREL; in MQTT 5 say the id was unknown
            send(v5 ? PubComp.of(id, PubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND) : PubComp.of(id));
        }
    }

    // ================================================================== subscribe / unsubscribe

    private static TopicFilter parseFilter(String filter) throws MqttRequestException {
        try {
            return TopicFilter.parse(filter);
        } catch (InvalidTopicException e) {
            throw new MqttRequestException(e.getMessage(), e);
        }
    }

    /** Sends (or resends) a SUBSCRIBE/UNSUBSCRIBE on the current connection, keeping its packet id across resends. */
    private void sendRequest(PendingRequest r) {
        if (r.isSubscribe()) {
            String unsupported = unsupportedBy(info, r.subscriptions);
            if (unsupported != null) {
                requests.remove(r);
                for (MqttSubscription s : r.subscriptions) {
                    subscriptions.remove(s);
                }
                completeRequestExceptionally(r, new MqttRequestException(unsupported));
                return;
            }
        }
        if (r.packetId == 0) {
            int id = packetIds.allocate();
            if (id == 0) {
                return; // stays pending; sent on the next connection or never if all ids stay busy
            }
            r.packetId = id;
            requestsById.put(id, r);
        }
        MqttPacket packet = r.isSubscribe()
                ? new Subscribe(r.packetId, r.wire, info.subscriptionIdentifiersAvailable() ? r.subscriptionIdentifier : null,
                        r.userProperties)
                : new Unsubscribe(r.packetId, r.filters, r.userProperties);
        try {
            send(packet);
        } catch (MqttEncodeException e) {
            requests.remove(r);
            requestsById.remove(r.packetId);
            packetIds.release(r.packetId);
            if (r.isSubscribe()) {
                for (MqttSubscription s : r.subscriptions) {
                    subscriptions.remove(s);
                }
            }
            completeRequestExceptionally(r, new MqttRequestException("cannot send " + packet.type() + ": " + e.getMessage(), e));
        }
    }

    private static String unsupportedBy(ConnectionInfo server, List<MqttSubscription> subs) {
        for (MqttSubscription s : subs) {
            if (s.topicFilter().isShared() && !server.sharedSubscriptionAvailable()) {
                return "the server does not support shared subscriptions (Shared Subscription Available 0 in CONNACK"
                        + ") so '" + s.filter() + "' cannot be subscribed";
            }
            if (s.topicFilter().hasWildcard() && !server.wildcardSubscriptionAvailable()) {
                return "the server does not support wildcard subscriptions (Wildcard Subscription Available 0 in"
                        + " CONNACK) so '" + s.filter() + "' cannot be subscribed";
            }
        }
        return null;
    }

    private void restoreSubscriptions(Set<MqttSubscription> alreadyRequested) {
        Map<Integer, List<MqttSubscription>> groups = new LinkedHashMap<>();
        for (MqttSubscription s : subscriptions.all()) {
            if (!alreadyRequested.contains(s)) {
                groups.computeIfAbsent(s.subscriptionIdentifier(), k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<Integer, List<MqttSubscription>> g : groups.entrySet()) {
            List<Subscription> wire = new ArrayList<>(g.getValue().size());
            for (MqttSubscription s : g.getValue()) {
                wire.add(new Subscription(s.filter(), s.options()));
            }
            PendingRequest restore = PendingRequest.subscribe(List.copyOf(g.getValue()), wire, UserProperties.EMPTY,
                    g.getKey(), null);
            requests.put(restore, Boolean.TRUE);
        }
    }

    private void onSubAck(SubAck ack) {
        PendingRequest r = requestsById.get(ack.packetId());
        if (r == null || !r.isSubscribe()) {
            LOG.debug("ignoring SUBACK for packet id {} that no SUBSCRIBE waits for", ack.packetId());
            return;
        }
        if (ack.reasonCodes().size() != r.subscriptions.size()) {
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "SUBACK has " + ack.reasonCodes().size()
                    + " reason codes for a SUBSCRIBE of " + r.subscriptions.size() + " filters (MQTT-3.9.3-1)", null);
            return;
        }
        finishRequest(r);
        for (int i = 0; i < r.subscriptions.size(); i++) {
            SubAckReasonCode code = ack.reasonCodes().get(i);
            if (code.isError()) {
                MqttSubscription s = r.subscriptions.get(i);
                subscriptions.remove(s);
                if (r.isRestore()) {
                    listener.subscriptionRestoreFailed(s, code.code());
                }
            }
        }
        if (!r.isRestore()) {
            r.future.complete(new SubscribeResult(r.subscriptions, ack.reasonCodes(), ack.reasonString(), ack.userProperties()));
        }
    }

    private void onUnsubAck(UnsubAck ack) {
        PendingRequest r = requestsById.get(ack.packetId());
        if (r == null || r.isSubscribe()) {
            LOG.debug("ignoring UNSUBACK for packet id {} that no UNSUBSCRIBE waits for", ack.packetId());
            return;
        }
        List<UnsubAckReasonCode> codes = ack.reasonCodes();
        if (!v5) {
            codes = Collections.nCopies(r.filters.size(), UnsubAckReasonCode.SUCCESS);
        } else if (codes.size() != r.filters.size()) {
            protocolError(MqttDecodeException.PROTOCOL_ERROR, "UNSUBACK has " + codes.size()
                    + " reason codes for an UNSUBSCRIBE of " + r.filters.size() + " filters (MQTT-3.11.3-1)", null);
            return;
        }
        finishRequest(r);
        for (int i = 0; i < r.filters.size(); i++) {
            if (!codes.get(i).isError()) {
                subscriptions.removeFilter(r.filters.get(i));
            }
        }
        r.future.complete(new UnsubscribeResult(r.filters, codes, ack.reasonString(), ack.userProperties()));
    }

    private void finishRequest(PendingRequest r) {
        requests.remove(r);
        requestsById.remove(r.packetId);
        packetIds.release(r.packetId);
    }

    private static void completeRequestExceptionally(PendingRequest r, MqttRequestException e) {
        if (r.future != null) {
            r.future.completeExceptionally(e);
        }
    }

    // ================================================================== errors and teardown

    /**
     * The server broke the protocol: tell it why (MQTT 5 DISCONNECT with the reason code, MQTT-4.13.1-1) and drop
     * the link.
     */
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
                send(sent);
            } catch (MqttEncodeException e) {
                sent = null; // e.g. a reason string too long for the server; the close says enough
            }
        }
        ending = new DisconnectInfo(initiator, sent, null, cause, message);
        state = State.CLOSING;
        listener.closeConnection(new MqttConnectionException(reasonCode, message, cause));
    }

    /** Forgets everything that belongs to one connection; session state stays. */
    private void resetConnection() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (held != null) {
            // never acknowledged: the server sends it again on a resumed session (QoS 1/2)
            held.release();
            held = null;
            heldRoute = null;
        }
        paused = false;
        decoder = null;
        outboundAliases = null;
        inboundAliases = null;
        pingDeadline = Long.MAX_VALUE;
        connAckDeadline = Long.MAX_VALUE;
        keepAliveNanos = 0;
        // Bytes not yet written belong to the dead link; everything that matters is resent from session state.
        ByteBuf b;
        while ((b = outbound.poll()) != null) {
            b.release();
        }
        if (outBatch != null) {
            outBatch.release();
            outBatch = null;
        }
        // Requests sent on the old link get a fresh chance (same packet id) on the next one.
        // Flights stay in the in-flight list for resending (MQTT-4.4.0-1).
    }

    // ================================================================== encoding

    /** Appends a packet to the outbound batch; throws {@link MqttEncodeException} with nothing written. */
    private void send(MqttPacket packet) {
        ByteBuf batch = outBatch;
        if (batch == null) {
            batch = config.allocator().buffer(512);
            outBatch = batch;
        }
        encoder.encode(packet, batch); // sizes and validates first: on failure nothing is written
        if (batch.readableBytes() >= OUTBOUND_BATCH_BYTES) {
            outbound.add(batch);
            outBatch = null;
        }
        lastSentNanos = now;
    }
}
