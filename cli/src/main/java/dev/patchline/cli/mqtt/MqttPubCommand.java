package dev.patchline.cli.mqtt;

import dev.patchline.cli.CliException;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.PublishResult;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code patchline mqtt pub}: publishes one message, a file, stdin, or stdin line by line, like mosquitto_pub.
 * Exit codes as mosquitto_pub: 0 success, the CONNACK reason code when the broker refuses the connection, 1 otherwise.
 */
@Command(name = "pub", description = "Publish messages (flags as mosquitto_pub).", sortOptions = false)
public final class MqttPubCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(
            names = {"-t", "--topic"},
            description = "Topic to publish to.")
    String topic;

    @Option(
            names = {"-m", "--message"},
            description = "Message payload.")
    String message;

    @Option(
            names = {"-f", "--file"},
            description = "Send the contents of a file as the message.")
    Path file;

    @Option(
            names = {"-l", "--stdin-line"},
            description = "Read stdin, sending one message per line.")
    boolean stdinLines;

    @Option(
            names = {"-s", "--stdin-file"},
            description = "Read stdin, sending it all as one message.")
    boolean stdinWhole;

    @Option(
            names = {"-n", "--null-message"},
            description = "Send a zero-length message.")
    boolean nullMessage;

    @Option(
            names = {"-q", "--qos"},
            description = "QoS 0, 1 or 2 (default: 0).")
    int qos;

    @Option(
            names = {"-r", "--retain"},
            description = "Retain the message.")
    boolean retain;

    @Option(names = "--repeat", description = "Publish the message N times (with -m, -f, -s, -n).")
    int repeat = 1;

    @Option(names = "--repeat-delay", description = "Seconds to wait between repeats (may be fractional).")
    double repeatDelay;

    @Option(
            names = {"-M", "--max-inflight"},
            description = "Most QoS 1/2 messages unacknowledged at once (default: 65535).")
    int maxInflight = 65_535;

    private final InputStream stdin;
    private final PrintStream err;
    private final Map<String, String> environment;

    public MqttPubCommand() {
        this(System.in, System.err, System.getenv());
    }

    MqttPubCommand(InputStream stdin, PrintStream err, Map<String, String> environment) {
        this.stdin = stdin;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        String target = topic != null ? topic : connection.urlTopic();
        if (target == null) {
            connection.error(err, "Error: a topic is needed (-t topic, or -L mqtt://host/topic)");
            return 1;
        }
        int sources = (message != null ? 1 : 0)
                + (file != null ? 1 : 0)
                + (stdinLines ? 1 : 0)
                + (stdinWhole ? 1 : 0)
                + (nullMessage ? 1 : 0);
        if (sources != 1) {
            connection.error(
                    err,
                    sources == 0
                            ? "Error: Both topic and message must be supplied (-m, -f, -l, -s or -n)."
                            : "Error: Only one of -m, -f, -l, -s and -n may be given.");
            return 1;
        }
        if (repeat < 1) {
            connection.error(err, "Error: --repeat must be at least 1");
            return 1;
        }
        Qos level = ConnectionOptions.qos(qos, "-q");
        byte[] payload = stdinLines ? null : payload();
        PublishProperties properties = connection.publishProperties();
        MqttClient built = connection.build(
                connection.clientBuilder("pub", environment, false).maxInflight(maxInflight), err);
        if (built == null) {
            return 1;
        }
        try (MqttClient client = built) {
            int connected = connection.connect(client, err);
            if (connected != 0) {
                return connected;
            }
            Publisher publisher = new Publisher(client, target, level, properties);
            if (stdinLines) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    publisher.send(line.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                for (int i = 0; i < repeat; i++) {
                    if (i > 0 && repeatDelay > 0) {
                        Thread.sleep((long) (repeatDelay * 1000));
                    }
                    publisher.send(payload);
                }
            }
            return publisher.finish();
        }
    }

    private byte[] payload() throws IOException {
        if (message != null) {
            return message.getBytes(StandardCharsets.UTF_8);
        }
        if (file != null) {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new CliException("Error: cannot read -f " + file + ": no such file");
            }
        }
        if (stdinWhole) {
            return stdin.readAllBytes();
        }
        return new byte[0];
    }

    /** Publishes with bounded waiting: never more than the client's queue allows, failures counted. */
    private final class Publisher {
        private final MqttClient client;
        private final String topic;
        private final Qos qos;
        private final PublishProperties properties;
        private final ArrayDeque<CompletableFuture<PublishResult>> pending = new ArrayDeque<>();
        private int failures;
        /** The first failure's message is printed; later ones that say the same are only counted. */
        private String lastError;

        private int repeatedErrors;

        Publisher(MqttClient client, String topic, Qos qos, PublishProperties properties) {
            this.client = client;
            this.topic = topic;
            this.qos = qos;
            this.properties = properties;
        }

        void send(byte[] bytes) throws InterruptedException {
            // Backpressure: wait for the oldest publish while the client's queue is full, instead of failing.
            while (client.isPublishQueueFull() && !pending.isEmpty()) {
                settle(pending.poll());
            }
            pending.add(client.publish(
                    topic,
                    bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes),
                    qos,
                    retain,
                    properties));
            while (pending.size() > 100_000
                    || (!pending.isEmpty() && pending.peek().isDone())) {
                settle(pending.poll());
            }
        }

        int finish() throws InterruptedException {
            while (!pending.isEmpty()) {
                settle(pending.poll());
            }
            reportRepeats();
            return failures == 0 ? 0 : 1;
        }

        private void failed(String message) {
            failures++;
            if (message.equals(lastError)) {
                repeatedErrors++;
                return;
            }
            reportRepeats();
            lastError = message;
            connection.error(err, message);
        }

        private void reportRepeats() {
            if (repeatedErrors > 0) {
                connection.error(
                        err,
                        repeatedErrors + " more " + (repeatedErrors == 1 ? "publish" : "publishes")
                                + " failed the same way");
                repeatedErrors = 0;
            }
        }

        private void settle(CompletableFuture<PublishResult> future) throws InterruptedException {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failed("Error publishing to '" + topic + "': " + ConnectionOptions.describe(e.getCause()));
            } catch (java.util.concurrent.TimeoutException e) {
                failed("Error publishing to '" + topic + "': no acknowledgement within 60 s");
            }
        }
    }
}
