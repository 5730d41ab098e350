package dev.patchline.cli.mqtt;

import dev.patchline.cli.CliException;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
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
            BoundedPublisher publisher = new BoundedPublisher(client, connection, err);
            if (stdinLines) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    publisher.send(target, line.getBytes(StandardCharsets.UTF_8), level, retain, properties);
                }
            } else {
                for (int i = 0; i < repeat; i++) {
                    if (i > 0 && repeatDelay > 0) {
                        Thread.sleep((long) (repeatDelay * 1000));
                    }
                    publisher.send(target, payload, level, retain, properties);
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
}
