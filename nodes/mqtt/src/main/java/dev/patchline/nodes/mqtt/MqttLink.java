package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.client.ConnectionState;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.engine.ConnectionInfo;
import dev.patchline.protocol.mqtt.engine.DisconnectInfo;
import dev.patchline.protocol.mqtt.engine.SubscribeResult;
import io.netty.buffer.ByteBuf;
import java.security.cert.CertificateException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * One broker connection used by one node, or by several nodes that name the same {@code connection}. It wraps an
 * {@link MqttClient} and fans its connection events out to the attached {@link LinkUser}s; each user subscribes with
 * itself as the message handler, so messages go straight to the node that asked for them.
 *
 * <p>Threading: {@link #open}, {@link #release} and the request methods run on cook threads (the registry of shared
 * links is guarded by its own monitor, touched only on start and stop); the state listener and completions run on the
 * client's threads and only offer to users' inboxes.
 */
final class MqttLink {
    private static final Map<String, MqttLink> SHARED = new HashMap<>();

    private final String sharedName;
    final LinkConfig config;
    private final MqttClient client;
    private final CopyOnWriteArrayList<LinkUser> users = new CopyOnWriteArrayList<>();
    private int references; // guarded by SHARED
    private final AtomicBoolean firstConnectionReported = new AtomicBoolean();
    private int connectedStates; // state listener only (serial callback executor)
    private volatile boolean closing;
    /** Connections after the first one. */
    volatile long reconnects;

    private MqttLink(String sharedName, LinkConfig config) {
        this.sharedName = sharedName;
        this.config = config;
        this.client = config.newClient(this::stateChanged);
    }

    /**
     * Opens a private link, or attaches to the shared link named {@code sharedName} (opening it with {@code config}
     * when it is not open yet).
     *
     * @throws IllegalArgumentException when the client cannot be built from {@code config} (bad URL, unreadable file)
     */
    static MqttLink open(String sharedName, LinkConfig config, LinkUser user) {
        MqttLink link;
        if (sharedName.isEmpty()) {
            link = new MqttLink("", config);
            link.references = 1;
        } else {
            synchronized (SHARED) {
                link = SHARED.get(sharedName);
                if (link == null) {
                    link = new MqttLink(sharedName, config);
                    SHARED.put(sharedName, link);
                }
                link.references++;
            }
        }
        link.attach(user);
        return link;
    }

    private void attach(LinkUser user) {
        user.messages.onRoom(client::resumeInbound);
        users.add(user);
        if (users.size() == 1) {
            // The first CONNACK completes this future on the event loop, before any SUBACK: reporting the connection
            // from here keeps onConnect ahead of onSubscribe (the state listener runs later, on another thread).
            client.connect().whenComplete((info, failure) -> {
                if (failure == null) reportFirstConnection();
            });
        } else if (client.state() == ConnectionState.CONNECTED) {
            user.event(new LinkEvent.Connected(false));
        }
    }

    /** Detaches {@code user} (which stays usable for another link); the last user of a link closes the connection (without waiting for it). */
    void release(LinkUser user) {
        users.remove(user);
        boolean last;
        if (sharedName.isEmpty()) {
            last = true;
        } else {
            synchronized (SHARED) {
                last = --references == 0;
                if (last) SHARED.remove(sharedName);
            }
        }
        if (last) {
            closing = true;
            client.disconnect();
        }
    }

    /** Whether the named shared link is open with a config other than {@code config}. */
    static LinkConfig sharedConfigIfDifferent(String sharedName, LinkConfig config) {
        synchronized (SHARED) {
            MqttLink link = SHARED.get(sharedName);
            return link == null || link.config.equals(config) ? null : link.config;
        }
    }

    boolean isConnected() {
        return client.state() == ConnectionState.CONNECTED;
    }

    ConnectionState state() {
        return client.state();
    }

    boolean isPublishQueueFull() {
        return client.isPublishQueueFull();
    }

    void subscribe(LinkUser user, List<SubscriptionSpec> specs) {
        if (specs.isEmpty()) return;
        List<Subscription> list =
                specs.stream().map(SubscriptionSpec::toSubscription).toList();
        String topics =
                String.join(",", specs.stream().map(SubscriptionSpec::topic).toList());
        client.subscribeInline(list, UserProperties.EMPTY, user).whenComplete((result, failure) -> {
            if (failure != null) {
                user.event(new LinkEvent.SubscribeFailed(topics, reason(failure)));
            } else if (!result.allGranted()) {
                user.event(new LinkEvent.SubscribeFailed(topics, refused(result)));
            } else {
                user.event(new LinkEvent.Subscribed(topics));
            }
        });
    }

    void unsubscribe(LinkUser user, List<String> filters) {
        if (filters.isEmpty()) return;
        String topics = String.join(",", filters);
        client.unsubscribe(filters.toArray(String[]::new)).whenComplete((result, failure) -> {
            if (failure != null) {
                user.event(new LinkEvent.UnsubscribeFailed(topics, reason(failure)));
            } else {
                user.event(new LinkEvent.Unsubscribed(topics));
            }
        });
    }

    /** Publishes; counts in-flight and completed publishes on {@code user}; never blocks. */
    void publish(LinkUser user, String topic, ByteBuf payload, Qos qos, boolean retain, PublishProperties properties) {
        user.inflight.incrementAndGet();
        client.publish(topic, payload, qos, retain, properties).whenComplete((result, failure) -> {
            user.inflight.decrementAndGet();
            if (failure != null) {
                user.publishFailures.incrementAndGet();
                user.event(new LinkEvent.PublishFailed(topic, reason(failure)));
            } else {
                user.published.incrementAndGet();
                if (user.wantsPublishEvents) {
                    user.event(new LinkEvent.Published(topic));
                } else {
                    user.wakeup(); // so that 'published' and 'inflight' show the completion
                }
            }
        });
    }

    // ------------------------------------------------------------------ connection state -> users

    void stateChanged(ConnectionState state, ConnectionInfo info, DisconnectInfo lost, Throwable cause) {
        switch (state) {
            case CONNECTED -> {
                if (++connectedStates == 1) {
                    reportFirstConnection();
                } else {
                    reconnects++;
                    fanOut(new LinkEvent.Connected(true));
                }
            }
            case RECONNECTING -> {
                if (lost != null) {
                    fanOut(new LinkEvent.ConnectionLost(lost.message()));
                } else {
                    if (cause != null && isTlsFailure(cause)) {
                        fanOut(new LinkEvent.ConnectFailed(tlsReason(cause), true, true));
                    } else {
                        fanOut(new LinkEvent.ConnectFailed(
                                cause == null ? "connection attempt failed" : reason(cause), true));
                    }
                }
            }
            case CLOSED -> {
                if (closing) return;
                if (lost != null && lost.refusal() != null) {
                    // A refused CONNECT (bad credentials, banned) would be refused again: the client gives up.
                    fanOut(new LinkEvent.ConnectFailed(lost.message(), false));
                } else {
                    fanOut(new LinkEvent.ConnectionLost(
                            lost != null ? lost.message() : cause != null ? reason(cause) : "the connection closed"));
                }
            }
            default -> {}
        }
    }

    private void reportFirstConnection() {
        if (firstConnectionReported.compareAndSet(false, true)) fanOut(new LinkEvent.Connected(false));
    }

    private void fanOut(LinkEvent event) {
        for (LinkUser user : users) user.event(event);
    }

    static String reason(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Whether the TLS handshake failed: a refused certificate or host name, or no common protocol or cipher. */
    static boolean isTlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) return true;
        }
        return false;
    }

    /** The reason of a failed TLS handshake, with what to check. */
    private static String tlsReason(Throwable failure) {
        return "TLS handshake failed: " + reason(failure)
                + "; check that 'cafile' holds the CA that signed the broker's"
                + " certificate and that the host in 'netaddress' is one the certificate names (turn 'verifycert' off"
                + " only for testing)";
    }

    private static String refused(SubscribeResult result) {
        StringBuilder sb = new StringBuilder("the broker refused ");
        for (int i = 0; i < result.reasonCodes().size(); i++) {
            if (result.reasonCodes().get(i).isError()) {
                sb.append('\'')
                        .append(result.subscriptions().get(i).filter())
                        .append("' (")
                        .append(result.reasonCodes().get(i))
                        .append(") ");
            }
        }
        return sb.toString().trim();
    }

    static Qos qos(int value) {
        return Qos.of(value);
    }
}
