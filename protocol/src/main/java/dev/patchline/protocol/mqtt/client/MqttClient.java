package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.Disconnect;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.engine.ConnectionInfo;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;
import dev.patchline.protocol.mqtt.engine.EngineConfig;
import dev.patchline.protocol.mqtt.engine.EnhancedAuthHandler;
import dev.patchline.protocol.mqtt.engine.MqttClientEngine;
import dev.patchline.protocol.mqtt.engine.MqttPublishException;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import dev.patchline.protocol.mqtt.engine.SubscribeResult;
import dev.patchline.protocol.mqtt.engine.UnsubscribeResult;
import dev.patchline.protocol.mqtt.transport.EventLoops;
import dev.patchline.protocol.mqtt.transport.MqttTransport;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.mqtt.transport.TlsOptions;
import dev.patchline.protocol.mqtt.transport.TransportOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A standalone MQTT 3.1.1 / 5.0 client: the sans-I/O engine on a Netty transport, usable without any graph.
 *
 * <pre>{@code
 * try (MqttClient client = MqttClient.builder("tcp://127.0.0.1:1883").clientId("sensor-7").build()) {
 *     client.connect().get();
 *     client.subscribe("cmd/#", Qos.AT_LEAST_ONCE, message -> System.out.println(message.topic()));
 *     client.publish("sensors/7/temp", "21.5", Qos.AT_LEAST_ONCE, false).get();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method may be called from any thread and none blocks (except {@link #close()}, which waits
 * for the disconnect). Commands hop onto the client's event loop. Futures returned by {@code connect}, {@code publish},
 * {@code subscribe} and {@code unsubscribe} complete <em>on the event loop</em>: dependents added with non-async
 * methods ({@code thenAccept}) run there and must be quick; use the {@code ...Async} variants for slow work. Blocking
 * on a future ({@code get()}) is fine anywhere except on the event loop itself. Message handlers and the connection
 * state listener run on the callback executor, one at a time and in order, never on the event loop: they may block
 * and may publish or wait for a publish without deadlock. The exception is an {@link InlineMessageHandler}
 * ({@link #subscribeInline}), which runs on the event loop for consumers that never block.
 *
 * <p><b>Backpressure.</b> {@link #isPublishQueueFull()} is the one signal a producer needs: pause while it is true.
 * It turns true when the engine's publish queue holds {@link Builder#publishQueueCapacity} messages (the in-flight
 * window is full, or the client is offline), when the socket takes no more bytes or {@link Builder#maxOutboundBytes}
 * encoded bytes wait for it (a server that reads slowly or not at all), or when that many publishes wait to be handed
 * to the engine. A producer that pauses while it is true keeps memory bounded: the queue's messages, as many on their
 * way to it, and the outbound bytes. Publishes made while it is true are not lost at first: they wait their turn; but
 * once twice {@code publishQueueCapacity} publishes wait to be handed to the engine, {@code publish} fails at once with
 * {@link MqttPublishException.Kind#QUEUE_FULL}, so that a producer that ignores the signal cannot exhaust memory. A QoS
 * 0 publish completes when its bytes are written to the socket. On the receiving side, slow handlers or a full
 * {@link MessageQueue} stop the acknowledgements and reading.
 *
 * <p>Why this class is about 680 lines: it is the whole public face of the client, and a third of it is the
 * {@link Builder} with one documented setter per option. The protocol lives in the engine, the connection in the
 * transport and the callbacks in {@link ClientSession}; what stays here is the hand-over of publishes from any thread
 * to the event loop, which is short but must be read in one piece.
 */
public final class MqttClient implements AutoCloseable {

    private static final Executor SHARED_CALLBACK_POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "patchline-mqtt-callback");
        thread.setDaemon(true);
        return thread;
    });

    /** How many publishes one event-loop task hands to the engine before it lets reads and other tasks run. */
    private static final int DRAIN_BATCH = 512;

    private final MqttClientEngine engine;
    private final MqttTransport transport;
    private final ClientSession session;
    private final Executor callbacks;
    private final int publishQueueCapacity;
    /** Publishes accepted by {@code publish} and not yet handed to the engine (in the inbox). */
    private final AtomicInteger waitingPublishes = new AtomicInteger();
    /**
     * Publishes on their way to the engine, in order: any thread adds, the event loop takes. While the engine's queue
     * is full they simply stay here, so this is also where backpressure holds them.
     */
    private final MpscLinkedQueue<PublishCommand> inbox;
    /**
     * True while a drain of the inbox is scheduled, running, or parked until the engine has room: producers schedule
     * a drain only when they flip it, so a burst of publishes costs one event-loop task, not one each.
     */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private final AtomicBoolean connectCalled = new AtomicBoolean();

    private final Runnable drainTask = this::drainInbox;
    private final EngineConfig config;

    private MqttClient(Builder b) {
        EngineConfig config = b.engine.build();
        this.config = config;
        this.publishQueueCapacity = config.publishQueueCapacity();
        this.inbox = new MpscLinkedQueue<>(new PublishCommand(null, null, null, false, null));
        this.callbacks = new SerialExecutor(b.callbackExecutor != null ? b.callbackExecutor : SHARED_CALLBACK_POOL);
        this.session = new ClientSession(callbacks, b.stateListener, b.defaultHandler);
        this.engine = new MqttClientEngine(config, session);
        TransportOptions options =
                b.transport.maxIncomingPacketSize(config.maximumPacketSize()).build();
        this.transport =
                new MqttTransport(options, engine, session, b.eventLoops != null ? b.eventLoops : EventLoops.shared());
        HandlerDispatcher dispatcher = new HandlerDispatcher(b.handlerBufferSize, callbacks, session::resumeInbound);
        session.bind(engine, transport, dispatcher);
        // Deferred to a task of its own: the engine reports room from inside its own processing, where publishing
        // again would re-enter it.
        session.onPublishQueueRoom(() -> transport.eventLoop().execute(drainTask));
        session.onClosed(() -> {
            int abandoned = 0;
            DisconnectInfo last = engine.lastDisconnect();
            String because = last == null ? "" : "; the last connection ended: " + last.message();
            for (PublishCommand command = inbox.poll(); command != null; command = inbox.poll()) {
                command.abandon(because);
                abandoned++;
            }
            waitingPublishes.addAndGet(-abandoned);
        });
    }

    /** Starts a builder for the broker at {@code serverUrl} ({@code tcp://}, {@code ssl://}, {@code ws://}, {@code wss://}). */
    public static Builder builder(String serverUrl) {
        return new Builder(serverUrl);
    }

    /**
     * Connects (and from then on reconnects per the {@link ReconnectPolicy}). Completes with the first CONNACK;
     * fails when the server refuses the first CONNECT, when reconnecting is off and the first attempt fails, or when
     * no connection was accepted within the connect timeout ({@link Builder#connectTimeout}, e.g. the broker is
     * down): then the client goes on trying in the background, reports its state to the
     * {@link ConnectionStateListener}, and {@link #close()} stops it. Idempotent.
     */
    public CompletableFuture<ConnectionInfo> connect() {
        if (connectCalled.compareAndSet(false, true)) {
            session.failFirstConnectAfter(transport.options().connectTimeout());
        }
        transport.start();
        return session.firstConnect();
    }

    /** Publishes a copy of {@code payload}. See {@link #publish(String, ByteBuf, Qos, boolean, PublishProperties)}. */
    public CompletableFuture<PublishResult> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return publish(
                topic,
                payload.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(payload.clone()),
                qos,
                retain,
                PublishProperties.NONE);
    }

    /** Publishes a UTF-8 string. */
    public CompletableFuture<PublishResult> publish(String topic, String payload, Qos qos, boolean retain) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return publish(
                topic,
                bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes),
                qos,
                retain,
                PublishProperties.NONE);
    }

    /**
     * Publishes a message, with MQTT 5 properties if wanted (no Topic Alias: the engine assigns aliases itself). The
     * client takes over the {@code payload} reference. Never throws and never blocks.
     *
     * @return completes on the event loop at PUBACK (QoS 1), PUBCOMP (QoS 2) or when written to the socket (QoS 0);
     *         fails with {@link MqttPublishException} saying why (invalid, refused by the server, expired, queue full,
     *         connection lost before a QoS 0 message was written, closed)
     */
    public CompletableFuture<PublishResult> publish(
            String topic, ByteBuf payload, Qos qos, boolean retain, PublishProperties properties) {
        PublishCommand command = new PublishCommand(topic, payload, qos, retain, properties);
        if (waitingPublishes.get() >= 2L * publishQueueCapacity) {
            command.refuse();
            return command;
        }
        if (transport.eventLoop().inEventLoop() && inbox.isEmpty() && !engine.isPublishQueueFull()) {
            // Nothing waits before it: straight to the engine (a callback on the event loop that publishes).
            command.submit();
            transport.requestFlush();
            return command;
        }
        waitingPublishes.incrementAndGet();
        inbox.offer(command);
        // A plain read first: while a drain is pending (most of a burst) this costs no atomic write.
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            transport.eventLoop().execute(drainTask);
        }
        return command;
    }

    /**
     * Hands the inbox to the engine in batches, with one flush per batch, while the engine's queue has room. Event
     * loop only.
     */
    private void drainInbox() {
        int handed = 0;
        boolean engineFull = false;
        while (handed < DRAIN_BATCH) {
            if (engine.isPublishQueueFull()) {
                engineFull = true;
                break;
            }
            PublishCommand command = inbox.poll();
            if (command == null) {
                break;
            }
            command.submit();
            handed++;
        }
        if (handed > 0) {
            waitingPublishes.addAndGet(-handed);
            transport.flush();
        }
        if (handed == DRAIN_BATCH) {
            // More may wait: continue in a new task so that reads (acknowledgements) get their turn in between.
            transport.eventLoop().execute(drainTask);
        } else if (engineFull) {
            // Park: stay "scheduled", so publishes add no tasks meanwhile; the engine reports room (a transition that
            // can only happen after this, on this thread) and that runs the drain again.
            drainScheduled.set(true);
        } else {
            // Took all there was: the next publish schedules a drain. Look again after clearing the flag, because a
            // publish that still saw it set counts on this run to take its command.
            drainScheduled.set(false);
            if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
                transport.eventLoop().execute(drainTask);
            }
        }
    }

    /** Subscribes to one filter; messages go to {@code handler} on the callback executor. */
    public CompletableFuture<SubscribeResult> subscribe(String filter, Qos qos, MessageHandler handler) {
        return subscribe(List.of(Subscription.of(filter, qos)), UserProperties.EMPTY, handler);
    }

    /**
     * Subscribes with one SUBSCRIBE to several filters, all delivering to {@code handler}. Shared subscriptions
     * ({@code $share/group/filter}) deliver to the handler that subscribed them.
     */
    public CompletableFuture<SubscribeResult> subscribe(
            List<Subscription> subscriptions, UserProperties userProperties, MessageHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return subscribeRoute(subscriptions, userProperties, new Route.Handler(handler));
    }

    /**
     * Subscribes with one SUBSCRIBE to several filters, all delivering to {@code handler} <em>on the event loop</em>
     * (see {@link InlineMessageHandler} for what such a handler may do and how its backpressure works).
     */
    public CompletableFuture<SubscribeResult> subscribeInline(
            List<Subscription> subscriptions, UserProperties userProperties, InlineMessageHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return subscribeRoute(subscriptions, userProperties, new Route.Inline(handler));
    }

    private CompletableFuture<SubscribeResult> subscribeRoute(
            List<Subscription> subscriptions, UserProperties userProperties, Route route) {
        CompletableFuture<SubscribeResult> result = new CompletableFuture<>();
        transport.execute(() -> {
            engine.subscribe(subscriptions, route, userProperties, System.nanoTime())
                    .whenComplete(completeWith(result));
            transport.flush();
        });
        return result;
    }

    /**
     * Tells the client that an {@link InlineMessageHandler} which refused a message has room again: the held message
     * is offered once more and reading resumes. Harmless when nothing is held. Any thread; never blocks.
     */
    public void resumeInbound() {
        session.resumeInbound();
    }

    /** Subscribes to one filter, delivering into a bounded queue the application polls. */
    public MessageQueue subscribeQueue(String filter, Qos qos, int capacity) {
        return subscribeQueue(List.of(Subscription.of(filter, qos)), capacity);
    }

    /** Subscribes to several filters with one SUBSCRIBE, all delivering into one bounded queue. */
    public MessageQueue subscribeQueue(List<Subscription> subscriptions, int capacity) {
        MessageQueue queue = new MessageQueue(capacity, session::resumeInbound);
        Route route = new Route.Queue(queue);
        transport.execute(() -> {
            engine.subscribe(subscriptions, route, UserProperties.EMPTY, System.nanoTime())
                    .whenComplete(queue::subscribeCompleted);
            transport.flush();
        });
        return queue;
    }

    /** Unsubscribes from filters with one UNSUBSCRIBE; their handlers get messages until the UNSUBACK. */
    public CompletableFuture<UnsubscribeResult> unsubscribe(String... filters) {
        return unsubscribe(Arrays.asList(filters.clone()), UserProperties.EMPTY);
    }

    /**
     * Unsubscribes from filters with one UNSUBSCRIBE carrying MQTT 5 User Properties (ignored in MQTT 3.1.1, which
     * has none).
     *
     * @return the UNSUBACK result (reason codes per filter); fails with a specific exception for invalid filters
     */
    public CompletableFuture<UnsubscribeResult> unsubscribe(List<String> filters, UserProperties userProperties) {
        List<String> list = List.copyOf(filters);
        UserProperties properties = userProperties == null ? UserProperties.EMPTY : userProperties;
        CompletableFuture<UnsubscribeResult> result = new CompletableFuture<>();
        transport.execute(() -> {
            engine.unsubscribe(list, properties, System.nanoTime()).whenComplete(completeWith(result));
            transport.flush();
        });
        return result;
    }

    /**
     * Starts MQTT 5 re-authentication (AUTH with reason 0x19, section 4.12.1) through the {@link EnhancedAuthHandler}
     * of the builder; the handler answers the server's challenges and hears of success. A server that refuses
     * disconnects, and the client reconnects per its policy.
     *
     * @return completes on the event loop with true once the AUTH was queued; false when not possible (no auth
     *         handler, MQTT 3.1.1, or not connected right now)
     */
    public CompletableFuture<Boolean> reauthenticate() {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        transport.execute(() -> {
            boolean sent = engine.reauthenticate(System.nanoTime());
            transport.flush();
            result.complete(sent);
        });
        return result;
    }

    /** Sends DISCONNECT (normal) and closes for good; see {@link #disconnect(Disconnect)}. */
    public CompletableFuture<Void> disconnect() {
        return disconnect(Disconnect.NORMAL);
    }

    /**
     * Sends {@code packet} (MQTT 5 reason code, session expiry, user properties), closes the connection and stops
     * reconnecting; queued and in-flight publishes fail with CLOSED. Completes after the CLOSED state event.
     */
    public CompletableFuture<Void> disconnect(Disconnect packet) {
        transport.execute(() -> {
            engine.disconnect(packet, System.nanoTime());
            transport.stop();
        });
        return session.closed();
    }

    /** Disconnects and waits up to 10 s for it. */
    @Override
    public void close() {
        try {
            disconnect().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing anyway: the transport is stopping and nothing more can be done here.
        }
    }

    public ConnectionState state() {
        return session.state();
    }

    /**
     * Whether a producer should pause publishing: the engine's publish queue is full, the socket takes no more bytes
     * or {@link Builder#maxOutboundBytes} encoded bytes wait for it, or {@link Builder#publishQueueCapacity}
     * publishes wait to be handed to the engine. Publishing anyway is safe until twice that many wait; beyond, a
     * publish fails at once with {@link MqttPublishException.Kind#QUEUE_FULL}. Any thread.
     */
    public boolean isPublishQueueFull() {
        return engine.isPublishQueueFull() || waitingPublishes.get() >= publishQueueCapacity;
    }

    /**
     * Bytes outbound topic aliases have saved on the wire so far: topic bytes left out, less the alias properties sent.
     * Read on the event loop; the future completes there.
     */
    public CompletableFuture<Long> topicAliasBytesSaved() {
        CompletableFuture<Long> saved = new CompletableFuture<>();
        transport.execute(() -> saved.complete(engine.topicAliasBytesSaved()));
        return saved;
    }

    /** The protocol settings this client was built with (immutable). */
    public EngineConfig engineConfig() {
        return config;
    }

    /** The configured client identifier (empty when the server assigns one; see {@link ConnectionInfo#clientId()}). */
    public String clientId() {
        return config.clientId();
    }

    /** Messages that matched no subscription of this client and found no default handler (dropped, acknowledged). */
    public long unroutedMessages() {
        return session.unroutedMessages.get();
    }

    /** The transport (event loop, options); for advanced integrations. */
    public MqttTransport transport() {
        return transport;
    }

    private static <T> BiConsumer<T, Throwable> completeWith(CompletableFuture<T> target) {
        return (value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(failure);
            } else {
                target.complete(value);
            }
        };
    }

    /**
     * One publish on its way from a user thread to the event loop. It is at once the inbox entry and the future
     * handed back, which the engine completes directly: one object per publish instead of three.
     */
    private final class PublishCommand extends CompletableFuture<PublishResult>
            implements MpscLinkedQueue.Linked<PublishCommand> {
        private final String topic;
        private final Qos qos;
        private final boolean retain;
        private final PublishProperties properties;
        private ByteBuf payload;
        private volatile PublishCommand nextInQueue;

        PublishCommand(String topic, ByteBuf payload, Qos qos, boolean retain, PublishProperties properties) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retain = retain;
            this.properties = properties;
        }

        /** To the engine, on the event loop. */
        void submit() {
            ByteBuf p = payload;
            payload = null;
            engine.publish(topic, p, qos, retain, properties, System.nanoTime(), this);
        }

        /** A producer went on publishing while {@link #isPublishQueueFull()} was true, until twice the queue waited. */
        void refuse() {
            payload.release();
            payload = null;
            completeExceptionally(new MqttPublishException(
                    MqttPublishException.Kind.QUEUE_FULL,
                    null,
                    "the publish queue is full: " + waitingPublishes.get()
                            + " publishes wait to be handed to the engine"
                            + " (twice publishQueueCapacity " + publishQueueCapacity + "); pause while"
                            + " isPublishQueueFull() is true, or raise publishQueueCapacity"));
        }

        /** The client closed before the engine took this publish; {@code because} ends the failure message. */
        void abandon(String because) {
            if (payload != null) {
                payload.release();
                payload = null;
            }
            completeExceptionally(new MqttPublishException(
                    MqttPublishException.Kind.CLOSED,
                    null,
                    "the client was closed before the message could be queued" + because));
        }

        @Override
        public PublishCommand nextInQueue() {
            return nextInQueue;
        }

        @Override
        public void nextInQueue(PublishCommand next) {
            nextInQueue = next;
        }
    }

    /** Configures an {@link MqttClient}. Not thread-safe. */
    public static final class Builder {
        private final EngineConfig.Builder engine = EngineConfig.builder();
        private final TransportOptions.Builder transport;
        private Executor callbackExecutor;
        private EventLoops eventLoops;
        private ConnectionStateListener stateListener;
        private MessageHandler defaultHandler;
        private int handlerBufferSize = 1024;

        private Builder(String serverUrl) {
            this.transport = TransportOptions.builder(serverUrl);
        }

        /** Client identifier; empty (the default) lets the server assign one. */
        public Builder clientId(String clientId) {
            engine.clientId(clientId);
            return this;
        }

        /** MQTT 5 (default) or 3.1.1. */
        public Builder version(MqttVersion version) {
            engine.version(version);
            return this;
        }

        /** Clean Start of the first connection (default true). */
        public Builder cleanStart(boolean cleanStart) {
            engine.cleanStart(cleanStart);
            return this;
        }

        /** MQTT 5 Session Expiry Interval; above zero, the session (and unacknowledged messages) survive reconnects. */
        public Builder sessionExpiry(Duration expiry) {
            engine.sessionExpiryInterval(Math.min(expiry.getSeconds(), 0xFFFF_FFFFL));
            return this;
        }

        public Builder keepAlive(Duration keepAlive) {
            engine.keepAliveSeconds((int) Math.min(keepAlive.getSeconds(), 65_535));
            return this;
        }

        /** User name and password (either may be null). */
        public Builder credentials(String username, String password) {
            engine.username(username);
            engine.password(password == null ? null : BinaryData.ofUtf8(password));
            return this;
        }

        public Builder will(Will will) {
            engine.will(will);
            return this;
        }

        public Builder connectUserProperties(UserProperties userProperties) {
            engine.connectUserProperties(userProperties);
            return this;
        }

        public Builder authHandler(EnhancedAuthHandler handler) {
            engine.authHandler(handler);
            return this;
        }

        /** Our cap on unacknowledged outbound QoS 1/2 messages; the window is min(this, server Receive Maximum). */
        public Builder maxInflight(int maxInflight) {
            engine.maxInflight(maxInflight);
            return this;
        }

        /** How many publishes may wait beyond the in-flight window or while offline. */
        public Builder publishQueueCapacity(int capacity) {
            engine.publishQueueCapacity(capacity);
            return this;
        }

        /**
         * How many encoded bytes may wait for the socket (4 MiB by default) before new publishes wait in the queue and
         * {@link #isPublishQueueFull()} turns true: the bound on a client's outbound buffers when the server reads
         * slowly or not at all.
         */
        public Builder maxOutboundBytes(int bytes) {
            engine.maxOutboundBytes(bytes);
            return this;
        }

        /** How many unacknowledged QoS 1/2 messages the server may send us (MQTT 5 Receive Maximum). */
        public Builder receiveMaximum(int receiveMaximum) {
            engine.receiveMaximum(receiveMaximum);
            return this;
        }

        /**
         * Largest packet we accept, in bytes; also bounds WebSocket frames and the buffer that merges a packet split
         * across reads. MQTT 5 announces it in CONNECT, so the server does not send larger packets [MQTT-3.1.2-24];
         * MQTT 3.1.1 cannot, so a larger packet closes the connection with an error naming both sizes.
         */
        public Builder maximumPacketSize(int bytes) {
            engine.maximumPacketSize(bytes);
            return this;
        }

        /** Anything else of the engine configuration (timeouts, aliases, request/response information). */
        public Builder engine(Consumer<EngineConfig.Builder> customizer) {
            customizer.accept(engine);
            return this;
        }

        public Builder tls(TlsOptions tls) {
            transport.tls(tls);
            return this;
        }

        public Builder reconnect(ReconnectPolicy policy) {
            transport.reconnect(policy);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            transport.connectTimeout(timeout);
            engine.connAckTimeout(timeout);
            return this;
        }

        /** Anything else of the transport (WebSocket fragment size and subprotocol, TCP_NODELAY, epoll). */
        public Builder transport(Consumer<TransportOptions.Builder> customizer) {
            customizer.accept(transport);
            return this;
        }

        /**
         * Where handlers and the state listener run (default: a shared pool of daemon threads). Whatever the executor,
         * one client's callbacks run one at a time and in order.
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        /** Event loops to run on (default: {@link EventLoops#shared()}). */
        public Builder eventLoops(EventLoops eventLoops) {
            this.eventLoops = eventLoops;
            return this;
        }

        public Builder stateListener(ConnectionStateListener listener) {
            this.stateListener = listener;
            return this;
        }

        /**
         * Receives messages that match no subscription of this client, such as messages a broker replays from a
         * session created by an earlier process. Without it they are acknowledged, counted and dropped.
         */
        public Builder defaultHandler(MessageHandler handler) {
            this.defaultHandler = handler;
            return this;
        }

        /** How many messages may wait for handlers before the client stops reading (default 1024). */
        public Builder handlerBufferSize(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("handlerBufferSize must be at least 1, got " + messages);
            }
            this.handlerBufferSize = messages;
            return this;
        }

        /** @throws IllegalArgumentException for an invalid combination, naming the setting */
        public MqttClient build() {
            return new MqttClient(this);
        }
    }
}
