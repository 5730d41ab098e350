package dev.patchline.protocol.mqtt.client;

import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.engine.ConnectionInfo;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;
import dev.patchline.protocol.mqtt.engine.MqttClientEngine;
import dev.patchline.protocol.mqtt.engine.MqttConnectionException;
import dev.patchline.protocol.mqtt.engine.MqttEngineListener;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.protocol.mqtt.engine.MqttSubscription;
import dev.patchline.protocol.mqtt.transport.MqttTransport;
import dev.patchline.protocol.mqtt.transport.ServerUri;
import dev.patchline.protocol.mqtt.transport.TransportListener;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop side of an {@link MqttClient}: turns engine and transport events into connection states, and routes
 * received messages to handlers and queues. The transport feeds bytes and time into the engine directly.
 * Every method runs on the transport's event loop; nothing here blocks.
 */
final class ClientSession implements MqttEngineListener, TransportListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final Executor callbacks;
    private final ConnectionStateListener stateListener;
    private final Route defaultRoute;
    private final CompletableFuture<ConnectionInfo> firstConnect = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    final AtomicLong unroutedMessages = new AtomicLong();
    private MqttClientEngine engine;
    private MqttTransport transport;
    private HandlerDispatcher dispatcher;
    private volatile ConnectionState state = ConnectionState.NEW;
    private DisconnectInfo lastLoss;
    /** Why the last connection attempt or connection failed, for a first connect that times out. */
    private Throwable lastAttemptFailure;

    private boolean everConnected;
    private Runnable publishQueueRoom = () -> {};
    private Runnable closedAction = () -> {};

    ClientSession(Executor callbacks, ConnectionStateListener stateListener, MessageHandler defaultHandler) {
        this.callbacks = callbacks;
        this.stateListener = stateListener;
        this.defaultRoute = defaultHandler == null ? null : new Route.Handler(defaultHandler);
    }

    /** Runs on the event loop when the engine's publish queue has room again. */
    void onPublishQueueRoom(Runnable action) {
        this.publishQueueRoom = action;
    }

    /** Runs on the event loop once the client is closed for good, before the CLOSED event. */
    void onClosed(Runnable action) {
        this.closedAction = action;
    }

    void bind(MqttClientEngine engine, MqttTransport transport, HandlerDispatcher dispatcher) {
        this.engine = engine;
        this.transport = transport;
        this.dispatcher = dispatcher;
    }

    CompletableFuture<ConnectionInfo> firstConnect() {
        return firstConnect;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    ConnectionState state() {
        return state;
    }

    // ------------------------------------------------------------------ TransportListener

    @Override
    public void connecting(ServerUri uri, int attempt) {
        if (state != ConnectionState.RECONNECTING) {
            changeState(ConnectionState.CONNECTING, null, null, null);
        }
    }

    @Override
    public void connected(SocketAddress remote, String negotiatedAlpnProtocol) {
        LOG.debug("link to {} open (ALPN {})", remote, negotiatedAlpnProtocol);
    }

    /**
     * Fails the first connect when no CONNACK accepted a connection within {@code timeout} of now, so that
     * {@code connect()} does not wait for ever while the reconnect policy keeps trying. Any thread.
     */
    void failFirstConnectAfter(Duration timeout) {
        transport
                .eventLoop()
                .schedule(
                        () -> {
                            if (firstConnect.isDone()) {
                                return;
                            }
                            Throwable last = lastAttemptFailure;
                            firstConnect.completeExceptionally(new MqttConnectionException(
                                    null,
                                    "no connection to " + transport.options().serverUri() + " within "
                                            + timeout.toMillis()
                                            + " ms (the connect timeout)" + (last == null ? "" : ": " + last)
                                            + "; the client keeps trying per its reconnect policy until close()",
                                    last));
                        },
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    @Override
    public void disconnected(Throwable cause, long reconnectDelayNanos) {
        if (cause != null) {
            lastAttemptFailure = cause;
        }
        if (reconnectDelayNanos >= 0) {
            changeState(ConnectionState.RECONNECTING, null, lastLoss, cause);
            lastLoss = null;
        } else if (!firstConnect.isDone()) {
            firstConnect.completeExceptionally(
                    cause != null ? cause : new MqttConnectionException(null, "connection closed before CONNACK"));
        }
    }

    @Override
    public void stopped() {
        engine.close(System.nanoTime());
        closedAction.run();
        dispatcher.discard();
        if (!firstConnect.isDone()) {
            firstConnect.completeExceptionally(
                    new MqttConnectionException(null, "the client was closed before it connected"));
        }
        changeState(ConnectionState.CLOSED, null, lastLoss, null);
        // Completed on the callback executor after the CLOSED event, so that close() returns after the listener saw it.
        callbacks.execute(() -> closed.complete(null));
    }

    // ------------------------------------------------------------------ MqttEngineListener

    @Override
    public void connected(ConnectionInfo info) {
        everConnected = true;
        transport.connectionEstablished();
        changeState(ConnectionState.CONNECTED, info, null, null);
        firstConnect.complete(info);
    }

    @Override
    public void disconnected(DisconnectInfo info) {
        lastLoss = info;
        if (info.initiator() == DisconnectInfo.Initiator.TRANSPORT && engine.packetsSinceConnAck() > 0) {
            // It served packets and then broke (broker restart, network cut): a healthy connection, retry soon.
            // A protocol error, a DISCONNECT or a close right after CONNACK stays a failed attempt.
            transport.connectionProved();
        }
        if (info.refusal() != null && !everConnected) {
            // A refused first CONNECT (bad credentials, unsupported version, banned) will be refused again: fail fast.
            firstConnect.completeExceptionally(
                    new MqttConnectionException(info.refusal().reasonCode(), info.message()));
            transport.stop();
        }
    }

    @Override
    public boolean messageReceived(MqttMessage message) {
        List<MqttSubscription> subscriptions = message.subscriptions();
        int count = subscriptions.size();
        if (count == 1) {
            return deliver(message, routeOf(subscriptions.get(0)));
        }
        if (count == 0) {
            if (defaultRoute != null) {
                return deliver(message, defaultRoute);
            }
            unroutedMessages.incrementAndGet();
            LOG.debug(
                    "message on '{}' matches no subscription of this client and no default handler is set; dropped",
                    message.topic());
            message.release();
            return true;
        }
        return deliverToMany(message, subscriptions);
    }

    /** The client subscribes only with its own routes, so the engine hands back one of them (or null). */
    private static Route routeOf(MqttSubscription subscription) {
        return (Route) subscription.route();
    }

    private boolean deliver(MqttMessage message, Route route) {
        if (route == null) {
            message.release();
            return true;
        }
        if (route instanceof Route.Queue queue) {
            if (!queue.queue().hasRoom()) {
                return false;
            }
            queue.queue().add(ReceivedMessage.copyOf(message));
            message.release();
            return true;
        }
        if (route instanceof Route.Inline inline) {
            if (!inline.handler().hasRoom(message)) {
                return false;
            }
            deliverInline(message, inline.handler());
            message.release();
            return true;
        }
        return dispatcher.offer(message, ((Route.Handler) route).handler());
    }

    /** Overlapping subscriptions with different routes: all of them must have room, else none gets it. */
    private boolean deliverToMany(MqttMessage message, List<MqttSubscription> subscriptions) {
        Route[] routes = new Route[subscriptions.size()];
        int distinct = 0;
        for (MqttSubscription subscription : subscriptions) {
            Route route = routeOf(subscription);
            boolean seen = false;
            for (int i = 0; i < distinct; i++) {
                seen |= routes[i] == route;
            }
            if (!seen && route != null) {
                routes[distinct++] = route;
            }
        }
        int handlerRoutes = 0;
        for (int i = 0; i < distinct; i++) {
            if (routes[i] instanceof Route.Queue queue) {
                if (!queue.queue().hasRoom()) {
                    return false;
                }
            } else if (routes[i] instanceof Route.Inline inline) {
                if (!inline.handler().hasRoom(message)) {
                    return false;
                }
            } else {
                handlerRoutes++;
            }
        }
        if (handlerRoutes > dispatcher.room()) {
            dispatcher.markBlocked();
            return false;
        }
        for (int i = 0; i < distinct; i++) {
            if (routes[i] instanceof Route.Queue queue) {
                queue.queue().add(ReceivedMessage.copyOf(message));
            } else if (routes[i] instanceof Route.Inline inline) {
                deliverInline(message, inline.handler());
            } else {
                // Each handler releases its own reference after its call.
                message.publish().retainPayload();
                dispatcher.offer(message, ((Route.Handler) routes[i]).handler());
            }
        }
        message.release();
        return true;
    }

    /** Runs an inline handler; like a failing {@link MessageHandler}, a throwing one counts the message as delivered. */
    private static void deliverInline(MqttMessage message, InlineMessageHandler inline) {
        try {
            inline.onMessage(message);
        } catch (RuntimeException e) {
            LOG.error(
                    "inline message handler failed for topic '{}'; the message counts as delivered",
                    message.topic(),
                    e);
        }
    }

    @Override
    public void publishQueueFull(boolean full) {
        if (!full) {
            publishQueueRoom.run();
        }
    }

    @Override
    public void closeConnection(Throwable reason) {
        transport.closeConnection(reason);
    }

    @Override
    public void readable(boolean on) {
        transport.setReading(on);
    }

    @Override
    public void readOnce() {
        transport.readOnce();
    }

    @Override
    public void subscriptionRestoreFailed(MqttSubscription subscription, SubAckReasonCode reasonCode) {
        LOG.warn(
                "the server refused to restore subscription '{}' after losing the session: {} (0x{})",
                subscription.filter(),
                reasonCode,
                Integer.toHexString(reasonCode.code()));
    }

    // ------------------------------------------------------------------ helpers

    /** The application has room again: offer the held message and continue reading. Any thread. */
    void resumeInbound() {
        transport.execute(() -> {
            engine.resumeInbound(System.nanoTime());
            transport.flush();
        });
    }

    private void changeState(ConnectionState next, ConnectionInfo info, DisconnectInfo loss, Throwable cause) {
        if (state == next && next != ConnectionState.RECONNECTING) {
            return;
        }
        state = next;
        if (stateListener != null) {
            callbacks.execute(() -> stateListener.stateChanged(next, info, loss, cause));
        }
    }
}
