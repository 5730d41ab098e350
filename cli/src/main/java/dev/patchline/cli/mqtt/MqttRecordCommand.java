package dev.patchline.cli.mqtt;

import dev.patchline.cli.Durations;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import dev.patchline.recording.RecordingWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code patchline mqtt record}: subscribes like {@code mqtt sub} and appends every message to a recording (see
 * docs/guide/recording.md); with {@code --info FILE}, describes a recording instead. Ends on Ctrl-C, after {@code -C}
 * messages or after {@code --for}, always with the file closed and synced. Exit codes as {@code mqtt sub}, and 1 when
 * the file cannot be created or written.
 */
@Command(
        name = "record",
        description = "Record messages to a file for replay (JSON Lines); --info FILE describes a recording.",
        sortOptions = false)
public final class MqttRecordCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(
            names = {"-t", "--topic"},
            description = "Topic filter to record (repeatable).")
    List<String> topics = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "The recording to create (refused if it exists, unless --append).")
    Path output;

    @Option(names = "--append", description = "Add to FILE if it exists (after its last complete record).")
    boolean append;

    @Option(
            names = {"-q", "--qos"},
            description = "QoS of the subscriptions (default: 2, so messages keep the QoS they were published with).")
    int qos = 2;

    @Option(
            names = {"-C", "--count"},
            description = "Stop after this many messages.")
    int count;

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Stop after this long, e.g. 30s, 10m, 2h.")
    Duration duration;

    @Option(
            names = "--sync-interval",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Force the file to the disk at most this long after a write (default: 1s); a power cut"
                    + " loses at most this much. A killed process loses at most the message being written.")
    Duration syncInterval = RecordingWriter.DEFAULT_SYNC_INTERVAL;

    @Option(
            names = "--max-packet-size",
            paramLabel = "BYTES",
            description = "Largest packet accepted from the broker (default: the protocol's 268435460).")
    int maxPacketSize;

    @Option(
            names = "--info",
            paramLabel = "FILE",
            description = "Print what a recording holds (messages per topic, time span, rate) and exit.")
    Path info;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public MqttRecordCommand() {
        this(System.out, System.err, System.getenv());
    }

    MqttRecordCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (info != null) {
            return RecordingInfo.print(info, out, err);
        }
        if (output == null) {
            connection.error(err, "Error: a file to record to is needed (-o FILE)");
            return 1;
        }
        SubscribeSession session = new SubscribeSession(connection, err, environment);
        List<String> filters = session.filters(topics);
        if (filters.isEmpty()) {
            return 1;
        }
        Qos level = ConnectionOptions.qos(qos, "-q");
        RecordingWriter writer;
        try {
            writer = append
                    ? RecordingWriter.append(output, syncInterval)
                    : RecordingWriter.create(output, syncInterval);
        } catch (IOException e) {
            connection.error(err, "Error: cannot record to " + output + ": " + ConnectionOptions.describe(e));
            return 1;
        }
        Recorder recorder = new Recorder(writer);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    recorder.done.complete(0);
                    try {
                        // Let the main thread close and sync the file before the JVM ends.
                        closed.await(15, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "mqtt-record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return session.run("record", filters, level, maxPacketSize, recorder::onMessage, client -> {
                try {
                    return duration != null
                            ? recorder.done.get(duration.toMillis(), TimeUnit.MILLISECONDS)
                            : recorder.done.get();
                } catch (TimeoutException e) {
                    return 0;
                }
            });
        } finally {
            // The client is closed by now: its handler runs no more, and the writer is this thread's.
            recorder.stopped = true;
            try {
                writer.close();
                connection.error(
                        err,
                        "Recorded " + writer.records() + " messages to " + output + " (" + writer.bytes() + " bytes)");
            } catch (IOException e) {
                connection.error(err, "Error: closing " + output + " failed: " + ConnectionOptions.describe(e));
            }
            closed.countDown();
        }
    }

    /** Writes each message on the client's callback executor, one at a time (see the package documentation). */
    private final class Recorder {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        final MicrosClock clock = new MicrosClock();
        final RecordingWriter writer;
        volatile boolean stopped;

        Recorder(RecordingWriter writer) {
            this.writer = writer;
        }

        void onMessage(MqttMessage m) {
            if (stopped || done.isDone()) {
                return;
            }
            try {
                writer.write(
                        clock.nowMicros(),
                        m.topic(),
                        m.payload(),
                        m.qos().value(),
                        m.retain(),
                        m.dup(),
                        m.properties());
            } catch (IOException e) {
                connection.error(
                        err,
                        "Error: writing to " + output + " failed after " + writer.records() + " messages: "
                                + ConnectionOptions.describe(e));
                done.complete(1);
                return;
            }
            if (count > 0 && writer.records() >= count) {
                done.complete(0);
            }
        }
    }
}
