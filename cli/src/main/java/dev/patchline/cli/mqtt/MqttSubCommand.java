package dev.patchline.cli.mqtt;

import dev.patchline.protocol.mqtt.client.ConnectionState;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.protocol.mqtt.engine.SubscribeResult;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import io.netty.buffer.ByteBuf;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code patchline mqtt sub}: subscribes and prints messages, like mosquitto_sub. Reconnects after a lost connection
 * (the session resumes with {@code -c}). Exit codes as mosquitto_sub: 0 when done (-C count reached, -E, or stopped),
 * 27 when the -W timeout expires, the CONNACK reason code when the broker refuses the connection, 1 for other errors.
 */
@Command(name = "sub", description = "Subscribe and print messages (flags as mosquitto_sub).", sortOptions = false)
public final class MqttSubCommand implements Callable<Integer> {

    /** mosquitto_sub's exit code when -W expires (MOSQ_ERR_TIMEOUT). */
    static final int EXIT_TIMEOUT = 27;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(
            names = {"-t", "--topic"},
            description = "Topic filter to subscribe to (repeatable).")
    List<String> topics = new ArrayList<>();

    @Option(
            names = {"-q", "--qos"},
            description = "QoS of the subscriptions (default: 0).")
    int qos;

    @Option(
            names = {"-C", "--count"},
            description = "Exit after this many messages.")
    int count;

    @Option(
            names = {"-W", "--timeout"},
            description = "Exit (code 27) after this many seconds from connecting.")
    int timeoutSeconds;

    @Option(
            names = {"-v", "--verbose"},
            description = "Print the topic before the payload.")
    boolean verbose;

    @Option(
            names = {"-N", "--no-newline"},
            description = "Do not print a newline after each payload.")
    boolean noNewline;

    @Option(
            names = {"-R", "--no-retained"},
            description = "Do not print stale retained messages.")
    boolean noRetained;

    @Option(
            names = {"-E", "--exit-after-subscribe"},
            description = "Exit once the subscriptions are acknowledged.")
    boolean exitAfterSubscribe;

    @Option(
            names = "--max-packet-size",
            paramLabel = "BYTES",
            description =
                    "Largest packet accepted from the broker (default: the protocol's 268435460). MQTT 5 announces"
                            + " it in CONNECT, so the broker does not send larger messages; with MQTT 3.1.1 a larger one closes"
                            + " the connection with an error.")
    int maxPacketSize;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public MqttSubCommand() {
        this(System.out, System.err, System.getenv());
    }

    MqttSubCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        List<String> filters = new ArrayList<>(topics);
        if (filters.isEmpty() && connection.urlTopic() != null) {
            filters.add(connection.urlTopic());
        }
        if (filters.isEmpty()) {
            connection.error(err, "Error: You must specify a topic to subscribe to (-t).");
            return 1;
        }
        Qos level = ConnectionOptions.qos(qos, "-q");
        CompletableFuture<Integer> done = new CompletableFuture<>();
        CompletableFuture<Throwable> firstAttemptFailed = new CompletableFuture<>();
        AtomicInteger printed = new AtomicInteger();
        if (maxPacketSize != 0 && (maxPacketSize < 64 || maxPacketSize > 268_435_460)) {
            connection.error(
                    err, "Error: --max-packet-size must be between 64 and 268435460 bytes, got " + maxPacketSize + ".");
            return 1;
        }
        LossReporter losses = new LossReporter(
                line -> connection.error(err, line),
                ReconnectPolicy.defaults().stableAfter().toNanos());
        MqttClient.Builder builder = connection
                .clientBuilder("sub", environment, true)
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
                subscriptions.add(Subscription.of(filter, level));
            }
            SubscribeResult granted;
            try {
                granted = client.subscribe(
                                subscriptions,
                                connection.userProperties("subscribe"),
                                message -> print(message, printed, done))
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
            if (exitAfterSubscribe) {
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> done.complete(0), "mqtt-sub-shutdown"));
            try {
                return timeoutSeconds > 0 ? done.get(timeoutSeconds, TimeUnit.SECONDS) : done.get();
            } catch (TimeoutException e) {
                connection.error(err, "Timed out");
                return EXIT_TIMEOUT;
            }
        } finally {
            out.flush();
        }
    }

    private void print(MqttMessage message, AtomicInteger printed, CompletableFuture<Integer> done) {
        if (done.isDone() || (noRetained && message.retain())) {
            return;
        }
        if (verbose) {
            out.print(message.topic());
            out.print(' ');
        }
        ByteBuf payload = message.payload();
        if (payload.hasArray()) {
            out.write(payload.array(), payload.arrayOffset() + payload.readerIndex(), payload.readableBytes());
        } else {
            out.write(message.payloadBytes(), 0, payload.readableBytes());
        }
        if (!noNewline) {
            out.print('\n');
        }
        out.flush();
        if (count > 0 && printed.incrementAndGet() >= count) {
            done.complete(0);
        }
    }
}
