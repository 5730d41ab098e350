package dev.patchline.cli.mqtt;

import dev.patchline.protocol.mqtt.client.ConnectionState;
import dev.patchline.protocol.mqtt.client.MessageHandler;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.engine.SubscribeResult;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects with the {@link ConnectionOptions}, subscribes to topic filters and hands every message to a handler, the
 * way {@code mqtt sub} and {@code mqtt record} both need it: the first connection attempt fails the command as in
 * mosquitto_sub (no retry loop on a wrong address), later losses reconnect and are reported through
 * {@link LossReporter}, and the run ends when the caller's {@link Run} returns.
 */
final class SubscribeSession {

    /** What the command does once subscribed: waits for its end and returns the exit code. */
    @FunctionalInterface
    interface Run {
        int whileSubscribed(MqttClient client) throws Exception;
    }

    private final ConnectionOptions connection;
    private final PrintStream err;
    private final Map<String, String> environment;

    SubscribeSession(ConnectionOptions connection, PrintStream err, Map<String, String> environment) {
        this.connection = connection;
        this.err = err;
        this.environment = environment;
    }

    /**
     * The filters given with -t, or the topic of an {@code mqtt://host/topic} URL; empty (after printing mosquitto's
     * message) when there is none.
     */
    List<String> filters(List<String> topics) {
        List<String> filters = new ArrayList<>(topics);
        if (filters.isEmpty() && connection.urlTopic() != null) {
            filters.add(connection.urlTopic());
        }
        if (filters.isEmpty()) {
            connection.error(err, "Error: You must specify a topic to subscribe to (-t).");
        }
        return filters;
    }

    /**
     * Connects, subscribes {@code filters} at {@code qos} with {@code handler}, then runs {@code run}.
     *
     * @param role "sub" or "record", for the default client id
     * @param maxPacketSize the largest packet accepted, 0 for the protocol's limit
     * @return the exit code: mosquitto_sub's for a failed connection or subscription, else {@code run}'s
     */
    int run(String role, List<String> filters, Qos qos, int maxPacketSize, MessageHandler handler, Run run)
            throws Exception {
        CompletableFuture<Throwable> firstAttemptFailed = new CompletableFuture<>();
        LossReporter losses = new LossReporter(
                line -> connection.error(err, line),
                ReconnectPolicy.defaults().stableAfter().toNanos());
        MqttClient.Builder builder = connection
                .clientBuilder(role, environment, true)
                .stateListener((state, info, lost, cause) -> {
                    if (state == ConnectionState.CONNECTED) {
                        losses.connected(System.nanoTime());
                        firstAttemptFailed.complete(null);
                        return;
                    }
                    if (state != ConnectionState.RECONNECTING) {
                        return;
                    }
                    Throwable why = cause != null
                            ? cause
                            : lost != null && lost.cause() != null
                                    ? lost.cause()
                                    : new IllegalStateException(lost != null ? lost.message() : "connection failed");
                    // Before the first CONNACK a retry would loop on a wrong address or port: give up like
                    // mosquitto_sub.
                    if (!firstAttemptFailed.complete(why)) {
                        losses.lost(lost != null ? lost.message() : ConnectionOptions.describe(why), System.nanoTime());
                    }
                });
        if (maxPacketSize != 0) {
            builder.maximumPacketSize(maxPacketSize);
        }
        MqttClient built = connection.build(builder, err);
        if (built == null) {
            return 1;
        }
        try (MqttClient client = built) {
            CompletableFuture<?> connecting = client.connect();
            CompletableFuture.anyOf(connecting, firstAttemptFailed)
                    .exceptionally(t -> null)
                    .get();
            // firstAttemptFailed holds null once connected (the CONNACK's future then completes at once), or the
            // failure of the first attempt.
            Throwable early = firstAttemptFailed.getNow(null);
            if (connecting.isCompletedExceptionally() || (early != null && !connecting.isDone())) {
                Throwable cause = connecting.isCompletedExceptionally()
                        ? connecting
                                .handle((v, t) ->
                                        t instanceof java.util.concurrent.CompletionException c ? c.getCause() : t)
                                .get()
                        : early;
                return connection.connectFailure(cause, err);
            }
            connecting.get();
            List<Subscription> subscriptions = new ArrayList<>();
            for (String filter : filters) {
                subscriptions.add(Subscription.of(filter, qos));
            }
            SubscribeResult granted;
            try {
                granted = client.subscribe(subscriptions, connection.userProperties("subscribe"), handler)
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                connection.error(err, "Error: subscribe failed: " + ConnectionOptions.describe(e.getCause()));
                return 1;
            } catch (TimeoutException e) {
                String last = losses.lastCause();
                connection.error(
                        err,
                        "Error: the broker did not acknowledge the subscription within 30 s"
                                + (last == null ? "" : "; the connection keeps failing: " + last));
                return 1;
            }
            if (granted.reasonCodes().stream().allMatch(code -> code.isError())) {
                connection.error(err, "All subscription requests were denied.");
                return 1;
            }
            return run.whileSubscribed(client);
        }
    }
}
