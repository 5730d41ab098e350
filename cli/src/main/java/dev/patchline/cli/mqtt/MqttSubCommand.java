package dev.patchline.cli.mqtt;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import io.netty.buffer.ByteBuf;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
            names = {"-F", "--format"},
            paramLabel = "FORMAT",
            description = "Print each message in this format, as mosquitto_sub -F: %t topic, %p payload, %q QoS,"
                    + " %r retain, %l length, %x/%X hex, %C %D %E %F %P %R %S MQTT 5 properties, %j JSON (properties"
                    + " included), %J JSON with a JSON payload, %I %U time, @Y@m@d@H@M@S@N strftime, \\n \\t \\0"
                    + " \\\\ escapes, %% a %.")
    String format;

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
        SubscribeSession session = new SubscribeSession(connection, err, environment);
        List<String> filters = session.filters(topics);
        if (filters.isEmpty()) {
            return 1;
        }
        Qos level = ConnectionOptions.qos(qos, "-q");
        if (maxPacketSize != 0 && (maxPacketSize < 64 || maxPacketSize > 268_435_460)) {
            connection.error(
                    err, "Error: --max-packet-size must be between 64 and 268435460 bytes, got " + maxPacketSize + ".");
            return 1;
        }
        OutputFormat formatted;
        try {
            formatted = format == null ? null : OutputFormat.compile(format);
        } catch (IllegalArgumentException e) {
            connection.error(err, "Error: -F: " + e.getMessage());
            return 1;
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        AtomicInteger printed = new AtomicInteger();
        try {
            return session.run(
                    "sub",
                    filters,
                    level,
                    maxPacketSize,
                    message -> print(message, formatted, printed, done),
                    client -> {
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
                    });
        } finally {
            out.flush();
        }
    }

    private void print(
            MqttMessage message, OutputFormat formatted, AtomicInteger printed, CompletableFuture<Integer> done) {
        if (done.isDone() || (noRetained && message.retain())) {
            return;
        }
        if (formatted != null) {
            if (formatted.print(message, System.currentTimeMillis() * 1000, out, err)) {
                if (!noNewline) out.print('\n');
            }
        } else {
            printPayload(message);
        }
        out.flush();
        if (count > 0 && printed.incrementAndGet() >= count) {
            done.complete(0);
        }
    }

    private void printPayload(MqttMessage message) {
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
    }
}
