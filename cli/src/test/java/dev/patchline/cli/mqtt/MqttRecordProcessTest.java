package dev.patchline.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.cli.CliProcess;
import dev.patchline.protocol.mqtt.client.MessageQueue;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.client.ReceivedMessage;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.recording.RecordedMessage;
import dev.patchline.recording.RecordingReader;
import dev.patchline.recording.RecordingWriter;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchline mqtt record}, {@code record --info}, {@code replay} and {@code sub -F} as users run them: separate
 * processes against mosquitto. Retained messages make the runs deterministic: a recorder or subscriber that starts
 * after them receives each one as soon as it is subscribed.
 */
class MqttRecordProcessTest {

    private static MosquittoBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        MosquittoBroker.requireExecutable();
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    private static String[] connection(String... more) {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(broker.port())));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] command(String sub, String... args) {
        List<String> all = new ArrayList<>(List.of("mqtt", sub));
        all.addAll(List.of(connection(args)));
        return all.toArray(String[]::new);
    }

    @Test
    void recordInfoAndReplayRoundTripThroughTheBroker() throws Exception {
        Path file = tmp.resolve("venue.jsonl");
        try (MqttClient client = client("setup")) {
            client.publish("rec/a", "one".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true)
                    .get(20, TimeUnit.SECONDS);
            client.publish(
                            "rec/b",
                            Unpooled.wrappedBuffer(new byte[] {0, (byte) 0xFF, 2}),
                            Qos.EXACTLY_ONCE,
                            true,
                            PublishProperties.builder()
                                    .contentType("application/octet-stream")
                                    .userProperties(UserProperties.of("room", "hall"))
                                    .build())
                    .get(20, TimeUnit.SECONDS);
            client.publish("rec/c", "{\"t\":21}".getBytes(StandardCharsets.UTF_8), Qos.AT_MOST_ONCE, true)
                    .get(20, TimeUnit.SECONDS);
        }
        CliProcess.Result recorded = CliProcess.run(command("record", "-t", "rec/#", "-o", file.toString(), "-C", "3"));
        assertThat(recorded.exitCode()).as(recorded.toString()).isZero();
        assertThat(recorded.err()).contains("Recorded 3 messages to " + file);
        List<RecordedMessage> messages = read(file);
        assertThat(messages).extracting(RecordedMessage::topic).containsExactlyInAnyOrder("rec/a", "rec/b", "rec/c");
        RecordedMessage b = messages.stream()
                .filter(m -> m.topic().equals("rec/b"))
                .findFirst()
                .orElseThrow();
        assertThat(b.payload()).containsExactly(0, 0xFF, 2);
        assertThat(b.qos()).as("recorded at the QoS it was published with").isEqualTo(2);
        assertThat(b.retain()).isTrue();
        assertThat(b.properties().contentType()).isEqualTo("application/octet-stream");
        assertThat(b.properties().userProperties()).isEqualTo(UserProperties.of("room", "hall"));

        CliProcess.Result info = CliProcess.run("mqtt", "record", "--info", file.toString());
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("messages: 3 (" + (3 + 3 + 8) + " payload bytes) on 3 topics");
        assertThat(info.out()).containsPattern("(?m)^ +1  rec/a$").containsPattern("(?m)^ +1  rec/b$");
        assertThat(info.out()).contains("span:").contains("rate:");

        clearRetained("rec/a", "rec/b", "rec/c");
        try (MqttClient listener = client("listener")) {
            MessageQueue queue = listener.subscribeQueue("rec/#", Qos.EXACTLY_ONCE, 100);
            queue.subscribed().get(20, TimeUnit.SECONDS);
            CliProcess.Result replayed = CliProcess.run(command("replay", file.toString(), "--max"));
            assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
            assertThat(replayed.err()).contains("Replayed 3 messages from " + file);
            List<ReceivedMessage> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ReceivedMessage m = queue.poll(Duration.ofSeconds(20));
                assertThat(m).as("message %d of the replay", i).isNotNull();
                received.add(m);
            }
            for (RecordedMessage original : messages) {
                ReceivedMessage again = received.stream()
                        .filter(m -> m.topic().equals(original.topic()))
                        .findFirst()
                        .orElseThrow();
                assertThat(again.payload()).isEqualTo(original.payload());
                assertThat(again.qos().value()).isEqualTo(original.qos());
                assertThat(again.properties().userProperties())
                        .isEqualTo(original.properties().userProperties());
            }
        } finally {
            clearRetained("rec/a", "rec/b", "rec/c");
        }
    }

    @Test
    void replayFromToPublishesOnlyThatPartInOrder() throws Exception {
        Path file = tmp.resolve("range.jsonl");
        long start = 1_796_670_000_000_000L;
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            for (int i = 0; i < 5; i++) {
                writer.write(new RecordedMessage(
                        start + i * 1_000_000L,
                        "range/" + i,
                        ("m" + i).getBytes(StandardCharsets.UTF_8),
                        1,
                        false,
                        false,
                        null));
            }
        }
        try (MqttClient listener = client("range")) {
            MessageQueue queue = listener.subscribeQueue("range/#", Qos.AT_LEAST_ONCE, 100);
            queue.subscribed().get(20, TimeUnit.SECONDS);
            CliProcess.Result replayed =
                    CliProcess.run(command("replay", file.toString(), "--from", "1s", "--to", "3s", "--speed", "100"));
            assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
            assertThat(replayed.err()).contains("Replayed 3 messages from " + file);
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ReceivedMessage m = queue.poll(Duration.ofSeconds(20));
                assertThat(m).as("message %d", i).isNotNull();
                topics.add(m.topic() + "=" + m.payloadAsString());
            }
            assertThat(topics).containsExactly("range/1=m1", "range/2=m2", "range/3=m3");
        }
        CliProcess.Result both = CliProcess.run(command("replay", file.toString(), "--max", "--speed", "2"));
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("--speed and --max exclude each other");
    }

    @Test
    void aRecorderKilledWithSigkillLeavesAFileReadableToItsLastCompleteRecord() throws Exception {
        Path file = tmp.resolve("killed.jsonl");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process recorder =
                CliProcess.start(null, List.of(), out, err, command("record", "-t", "kill/#", "-o", file.toString()));
        try (MqttClient publisher = client("flood")) {
            // Retained first: its arrival in the file shows that the recorder is subscribed.
            publisher
                    .publish("kill/ready", "1".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true)
                    .get(20, TimeUnit.SECONDS);
            awaitLines(file, 2, recorder, err);
            byte[] payload = new byte[200];
            for (int i = 0; i < 20_000 && recorder.isAlive(); i++) {
                publisher.publish("kill/" + (i % 10), payload, Qos.AT_MOST_ONCE, false);
                if (i == 5_000) awaitLines(file, 100, recorder, err);
            }
            recorder.destroyForcibly(); // SIGKILL, mid-stream
            assertThat(recorder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (recorder.isAlive()) recorder.destroyForcibly();
            clearRetained("kill/ready");
        }
        long completeLines = 0;
        byte[] bytes = Files.readAllBytes(file);
        for (byte x : bytes) if (x == '\n') completeLines++;
        try (RecordingReader reader = RecordingReader.open(file)) {
            long read = 0;
            while (reader.next() != null) read++;
            assertThat(read).as("every complete line but the header").isEqualTo(completeLines - 1);
            assertThat(read).isGreaterThanOrEqualTo(99);
            if (bytes[bytes.length - 1] != '\n') {
                assertThat(reader.damage())
                        .endsWith("the file ends inside this record (the recorder stopped while" + " writing it)");
            } else {
                assertThat(reader.damage()).isNull();
            }
        }
    }

    @Test
    void subFormatPrintsTheFieldsMosquittoSubNames() throws Exception {
        try (MqttClient client = client("format")) {
            client.publish(
                            "fmt/a",
                            Unpooled.wrappedBuffer("hi \"x\"".getBytes(StandardCharsets.UTF_8)),
                            Qos.AT_LEAST_ONCE,
                            true,
                            PublishProperties.builder()
                                    .contentType("text/plain")
                                    .userProperties(UserProperties.of("k", "v", "k", "w"))
                                    .build())
                    .get(20, TimeUnit.SECONDS);
        }
        try {
            CliProcess.Result fields = CliProcess.run(command(
                    "sub", "-t", "fmt/#", "-q", "1", "-C", "1", "-F", "%t|%q|%r|%l|%x|%C|%P|%-6t|%6.2t|\\t%%|%p"));
            assertThat(fields.exitCode()).as(fields.toString()).isZero();
            assertThat(fields.out())
                    .isEqualTo("fmt/a|1|1|6|686920227822|text/plain|k:v k:w|fmt/a |    fm|\t%|hi \"x\"\n");
            CliProcess.Result json = CliProcess.run(command("sub", "-t", "fmt/#", "-C", "1", "-F", "%j"));
            assertThat(json.exitCode()).as(json.toString()).isZero();
            assertThat(json.out())
                    .matches(
                            "\\{\"tst\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\",\"topic\":\"fmt/a\",\"qos\":0,\"retain\":1,"
                                    + "\"payloadlen\":6,\"properties\":\\{\"user-properties\":\\[\\[\"k\",\"v\"],\\[\"k\",\"w\"]],"
                                    + "\"content-type\":\"text/plain\",\"subscription-identifiers\":\\[\\d+]},\"payload\":\"hi \\\\\"x\\\\\"\"}\n");
            CliProcess.Result bad = CliProcess.run(command("sub", "-t", "fmt/#", "-C", "1", "-F", "%k"));
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).startsWith("Error: -F: %k is not a parameter; use %t %p");
        } finally {
            clearRetained("fmt/a");
        }
    }

    private static List<RecordedMessage> read(Path file) throws Exception {
        List<RecordedMessage> messages = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (RecordedMessage m; (m = reader.next()) != null; ) messages.add(m);
            assertThat(reader.damage()).isNull();
        }
        return messages;
    }

    private static MqttClient client(String role) throws Exception {
        MqttClient c = MqttClient.builder(broker.tcpUrl())
                .clientId(role + "-" + System.nanoTime())
                .reconnect(ReconnectPolicy.never())
                .build();
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    private static void clearRetained(String... topics) throws Exception {
        try (MqttClient c = client("clear")) {
            for (String topic : topics)
                c.publish(topic, new byte[0], Qos.AT_LEAST_ONCE, true).get(20, TimeUnit.SECONDS);
        }
    }

    /** Waits up to 60 s until {@code file} has {@code count} complete lines, failing early when the process ended. */
    private static void awaitLines(Path file, int count, Process process, Path err) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long lines = 0;
            if (Files.exists(file)) {
                for (byte b : Files.readAllBytes(file)) if (b == '\n') lines++;
            }
            if (lines >= count) return;
            assertThat(process.isAlive())
                    .as("recorder alive; stderr: %s", Files.exists(err) ? Files.readString(err) : "")
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("%d lines within 60 s, got %d", count, lines)
                    .isLessThan(deadline);
            process.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the process ends
        }
    }
}
