package dev.patchline.cli.mqtt;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.recording.RecordedMessage;
import dev.patchline.recording.RecordingReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchline mqtt replay FILE}: publishes a recording again with its original timing (or faster, slower, or as
 * fast as the broker takes it), each message with its recorded topic, QoS, retain flag and MQTT 5 properties. A
 * damaged file replays up to the damage and says where it stopped. Ctrl-C stops between two messages.
 */
@Command(name = "replay", description = "Publish a recording again with its original timing.", sortOptions = false)
public final class MqttReplayCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (from 'patchline mqtt record').")
    Path file;

    @Option(names = "--speed", description = "Time factor: 2 plays twice as fast, 0.5 at half speed (default: 1).")
    double speed = 1;

    @Option(names = "--max", description = "Publish as fast as the broker takes it, ignoring the timing.")
    boolean max;

    @Option(names = "--loop", description = "Start again at the end, until Ctrl-C.")
    boolean loop;

    @Option(
            names = "--from",
            paramLabel = "T",
            description = "Skip the messages before T: a time into the recording (30s, 2m) or an instant"
                    + " (2026-12-07T20:00:00Z).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "T",
            description = "Stop after the messages up to T, in the same forms as --from.")
    String to;

    @Option(names = "--max-inflight", description = "QoS 1/2 messages unacknowledged at once (default: 20).")
    int maxInflight = 20;

    private final PrintStream err;
    private final Map<String, String> environment;

    public MqttReplayCommand() {
        this(System.err, System.getenv());
    }

    MqttReplayCommand(PrintStream err, Map<String, String> environment) {
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (max && speed != 1) {
            connection.error(err, "Error: --speed and --max exclude each other");
            return 1;
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            connection.error(err, "Error: --speed must be a positive number, got " + speed);
            return 1;
        }
        long firstMicros;
        try (RecordingReader reader = RecordingReader.open(file)) {
            RecordedMessage first = reader.next();
            if (first == null) {
                connection.error(
                        err,
                        "Error: " + file + " holds no message"
                                + (reader.damage() == null ? "" : "; it is damaged at " + reader.damage()));
                return 1;
            }
            firstMicros = first.timeMicros();
        } catch (NoSuchFileException e) {
            connection.error(err, "Error: " + file + ": no such file");
            return 1;
        } catch (IOException e) {
            connection.error(err, "Error: " + ConnectionOptions.describe(e));
            return 1;
        }
        long fromMicros = from == null ? Long.MIN_VALUE : time(from, "--from", firstMicros);
        long toMicros = to == null ? Long.MAX_VALUE : time(to, "--to", firstMicros);
        MqttClient built = connection.build(
                connection.clientBuilder("replay", environment, false).maxInflight(maxInflight), err);
        if (built == null) {
            return 1;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop = true;
                    try {
                        finished.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "mqtt-replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (MqttClient client = built) {
            int connected = connection.connect(client, err);
            if (connected != 0) {
                return connected;
            }
            BoundedPublisher publisher = new BoundedPublisher(client, connection, err);
            long published = 0;
            String damage = null;
            do {
                long startNanos = System.nanoTime();
                long baseMicros = Long.MIN_VALUE;
                try (RecordingReader reader = RecordingReader.open(file)) {
                    for (RecordedMessage m; !stop && (m = reader.next()) != null; ) {
                        if (m.timeMicros() < fromMicros) continue;
                        if (m.timeMicros() > toMicros) break;
                        if (baseMicros == Long.MIN_VALUE) baseMicros = m.timeMicros();
                        if (!max) waitUntil(startNanos + (long) ((m.timeMicros() - baseMicros) * 1000 / speed));
                        if (stop) break;
                        publisher.send(m.topic(), m.payload(), Qos.of(m.qos()), m.retain(), outgoing(m.properties()));
                        published++;
                    }
                    damage = reader.damage();
                }
                if (published == 0) {
                    connection.error(err, "Error: no message of " + file + " lies between --from and --to");
                    return 1;
                }
            } while (loop && !stop && damage == null);
            int code = publisher.finish();
            if (damage != null) {
                connection.error(err, "Warning: " + file + " is damaged; replayed up to " + damage);
            }
            connection.error(err, "Replayed " + published + " messages from " + file);
            return code;
        } finally {
            finished.countDown();
        }
    }

    private volatile boolean stop;

    /** Sleeps until {@code deadline} ({@link System#nanoTime()}), in short steps so that Ctrl-C stops it soon. */
    private void waitUntil(long deadline) throws InterruptedException {
        long left;
        while (!stop && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /**
     * The properties a client may send: without Subscription Identifiers, which only the server sends
     * [MQTT-3.3.4-6]. (The topic alias was resolved when the message was recorded.)
     */
    private static PublishProperties outgoing(PublishProperties p) {
        return p.subscriptionIdentifiers().isEmpty()
                ? p
                : p.toBuilder().subscriptionIdentifiers(List.of()).build();
    }

    /** {@code text} as microseconds since the epoch: an instant, or a duration after the first message. */
    private static long time(String text, String flag, long firstMicros) {
        if (text.contains("T") && text.contains("-")) {
            try {
                Instant t = Instant.parse(text);
                return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
            } catch (DateTimeParseException e) {
                throw new dev.patchline.cli.CliException(flag + " " + text
                        + " is not an instant; write e.g. 2026-12-07T20:00:00Z, or a time into the recording such as"
                        + " 30s");
            }
        }
        try {
            return firstMicros + dev.patchline.cli.Durations.parse(text).toNanos() / 1000;
        } catch (RuntimeException e) {
            throw new dev.patchline.cli.CliException(flag + " " + text
                    + " is neither a time into the recording (30s, 2m, 1h30m) nor an instant (2026-12-07T20:00:00Z)");
        }
    }
}
