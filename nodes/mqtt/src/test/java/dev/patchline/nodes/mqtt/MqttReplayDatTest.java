package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.testing.EmbeddedHiveMq;
import dev.patchline.recording.RecordingWriter;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT Replay DAT: a run recorded from a real broker while an MQTT Client DAT receives the same messages, then
 * replayed with no broker, gives the same table; a damaged recording plays up to the damage and says where.
 */
class MqttReplayDatTest {
    private static final int MESSAGES = 40;

    private static EmbeddedHiveMq broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedHiveMq.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static OperatorTestRunner display(OperatorTestRunner r) {
        return r.set(MqttClientDat.PROPERTIES, true)
                .set(MqttClientDat.BYTES, true)
                .set(MqttClientDat.MAXLINES, 1_000)
                .set(MqttClientDat.COLUMNS, MqttClientDat.columns("temp", "/temp"));
    }

    @Test
    void aRecordedRunAndItsReplayGiveEqualTables() throws Exception {
        Path file = tmp.resolve("run.jsonl");
        List<String> liveHeader;
        List<List<String>> liveRows;
        try (MqttClient publisher = client("publisher")) {
            // Retained before anyone subscribes, so both subscribers get it as retained, first.
            publisher.publish("rec/probe", "ready", Qos.AT_LEAST_ONCE, true).get(20, TimeUnit.SECONDS);
        }
        try (OperatorTestRunner dat = display(OperatorTestRunner.of(MqttClientDat.TYPE)
                        .set(MqttClientDat.NETADDRESS, broker.tcpUrl())
                        .set(MqttClientDat.SUBSCRIPTIONS, List.of(SubscriptionSpec.of("rec/#", 2))));
                RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL);
                MqttClient recorder = client("recorder");
                MqttClient publisher = client("publisher")) {
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            AtomicLong recorded = new AtomicLong();
            recorder.subscribe("rec/#", Qos.EXACTLY_ONCE, m -> {
                        try {
                            writer.write(
                                    Instant.now().toEpochMilli() * 1000,
                                    m.topic(),
                                    m.payload(),
                                    m.qos().value(),
                                    m.retain(),
                                    m.dup(),
                                    m.properties());
                            recorded.incrementAndGet();
                        } catch (Exception e) {
                            writeFailure.set(e);
                        }
                    })
                    .get(20, TimeUnit.SECONDS);
            dat.cookUntil(() -> dat.output().numRows() == 1, Duration.ofSeconds(30), () -> "the retained probe");
            for (int i = 0; i < MESSAGES; i++) {
                publish(publisher, i);
                // One message at a time: a broker need not keep QoS 0 and QoS 1/2 messages in one order, and two
                // subscribers may see them interleaved differently.
                int expected = i + 2;
                dat.cookUntil(
                        () -> dat.output().numRows() == expected && recorded.get() == expected,
                        Duration.ofSeconds(30),
                        () -> expected + " messages in the DAT (" + dat.output().numRows() + ") and the recording ("
                                + recorded.get() + ")");
            }
            assertThat(writeFailure.get()).isNull();
            liveHeader = header(dat.output());
            liveRows = rowsWithoutTime(dat.output());
        }
        try (MqttClient cleaner = client("cleaner")) {
            // Retained messages would outlive the test in the broker.
            cleaner.publish("rec/probe", new byte[0], Qos.AT_LEAST_ONCE, true).get(20, TimeUnit.SECONDS);
            cleaner.publish("rec/2", new byte[0], Qos.AT_LEAST_ONCE, true).get(20, TimeUnit.SECONDS);
        }

        try (OperatorTestRunner replay = display(OperatorTestRunner.of(MqttReplayDat.TYPE)
                .set(MqttReplayDat.FILE, file.toString())
                .set(MqttReplayDat.SPEED, 1_000.0))) {
            replay.cookUntil(
                    () -> replay.info("finished") == 1,
                    Duration.ofSeconds(30),
                    () -> "the replay to finish, " + replay.output().numRows() + " rows");
            assertThat(replay.state()).as(replay.message()).isEqualTo(NodeState.OK);
            Table replayed = replay.output();
            assertThat(header(replayed)).isEqualTo(liveHeader);
            assertThat(rowsWithoutTime(replayed))
                    .as("every column but 'time' (the patch time of the cook that added the row)")
                    .isEqualTo(liveRows);
            assertThat(replay.info("replayed")).isEqualTo(MESSAGES + 1);
        }
    }

    @Test
    void fromAndToSelectAPartOfTheRecording() throws Exception {
        Path file = secondsApart(5);
        try (OperatorTestRunner replay = OperatorTestRunner.of(MqttReplayDat.TYPE)
                .set(MqttReplayDat.FILE, file.toString())
                .set(MqttReplayDat.SPEED, 1_000.0)
                .set(MqttReplayDat.FROM, 1.0)
                .set(MqttReplayDat.TO, 3.0)) {
            replay.cookUntil(() -> replay.info("finished") == 1, Duration.ofSeconds(30), () -> "the replay to finish");
            List<String> topics = new ArrayList<>();
            for (int r = 0; r < replay.output().numRows(); r++)
                topics.add(replay.output().cell(r, "topic"));
            assertThat(topics).containsExactly("s/1", "s/2", "s/3");
        }
    }

    @Test
    void playOffHoldsTheReplayAndOnContinuesIt() throws Exception {
        Path file = secondsApart(3);
        try (OperatorTestRunner replay = OperatorTestRunner.of(MqttReplayDat.TYPE)
                .set(MqttReplayDat.FILE, file.toString())
                .set(MqttReplayDat.SPEED, 1_000.0)
                .set(MqttReplayDat.PLAY, false)) {
            // The first message is due at once; paused, it stays back however long the graph cooks.
            for (int i = 0; i < 40; i++) {
                replay.cook();
                Thread.sleep(5); // lets time pass: no event marks a message that does not come
            }
            assertThat(replay.output().numRows()).isZero();
            assertThat(replay.info("finished")).isZero();
            replay.set(MqttReplayDat.PLAY, true);
            replay.cookUntil(() -> replay.info("finished") == 1, Duration.ofSeconds(30), () -> "the replay to finish");
            assertThat(replay.output().numRows()).isEqualTo(3);
        }
    }

    /** A recording of {@code count} messages s/0, s/1, ... one second apart. */
    private Path secondsApart(int count) throws Exception {
        Path file = tmp.resolve("seconds.jsonl");
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            for (int i = 0; i < count; i++) {
                writer.write(
                        1_796_670_000_000_000L + i * 1_000_000L,
                        "s/" + i,
                        Unpooled.wrappedBuffer(Integer.toString(i).getBytes(StandardCharsets.UTF_8)),
                        0,
                        false,
                        false,
                        PublishProperties.NONE);
            }
        }
        return file;
    }

    @Test
    void aDamagedRecordingPlaysUpToTheDamageAndSaysWhere() throws Exception {
        Path file = tmp.resolve("damaged.jsonl");
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            for (int i = 0; i < 3; i++) {
                writer.write(
                        1_000_000L * i,
                        "d/" + i,
                        Unpooled.wrappedBuffer(("{\"temp\":" + i + "}").getBytes(StandardCharsets.UTF_8)),
                        1,
                        false,
                        false,
                        PublishProperties.NONE);
            }
        }
        long size = Files.size(file);
        Files.writeString(file, "{\"t\":4000000,\"topic\":\"d/3\",\"pay", java.nio.file.StandardOpenOption.APPEND);
        try (OperatorTestRunner replay = display(OperatorTestRunner.of(MqttReplayDat.TYPE)
                .set(MqttReplayDat.FILE, file.toString())
                .set(MqttReplayDat.SPEED, 1_000.0))) {
            replay.cookUntil(() -> replay.info("finished") == 1, Duration.ofSeconds(30), () -> "the replay to finish");
            assertThat(replay.output().numRows()).isEqualTo(3);
            assertThat(replay.output().cell(2, "temp")).isEqualTo("2");
            assertThat(replay.state()).isEqualTo(NodeState.WARNING);
            assertThat(replay.message())
                    .isEqualTo("file " + file + " is damaged; replayed up to line 5 (byte " + size
                            + "): the file ends inside this record (the recorder stopped while writing it)");
        }
    }

    @Test
    void aFileThatIsNotARecordingIsAnErrorNamingIt() throws Exception {
        Path file = tmp.resolve("table.csv");
        Files.writeString(file, "a,b\n1,2\n");
        try (OperatorTestRunner replay =
                OperatorTestRunner.of(MqttReplayDat.TYPE).set(MqttReplayDat.FILE, file.toString())) {
            replay.cookUntil(() -> replay.state() == NodeState.ERROR, Duration.ofSeconds(30), () -> "the error");
            assertThat(replay.message())
                    .startsWith("file " + file + ": " + file.toAbsolutePath() + " is not a Patchline recording");
        }
    }

    private static MqttClient client(String role) throws Exception {
        MqttClient c = MqttClient.builder(broker.tcpUrl())
                .clientId(role + "-" + System.nanoTime())
                .reconnect(ReconnectPolicy.never())
                .build();
        c.connect().get(20, TimeUnit.SECONDS);
        return c;
    }

    /** Text, JSON, binary and empty payloads, QoS 0 to 2, with and without MQTT 5 properties; one at a time. */
    private static void publish(MqttClient publisher, int i) throws Exception {
        byte[] payload = switch (i % 4) {
            case 0 -> ("{\"temp\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[] {(byte) 0xFF, 0, (byte) i};
            case 2 -> ("caf\u00e9 " + i).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
        PublishProperties properties = PublishProperties.NONE;
        if (i % 3 == 0) {
            properties = PublishProperties.builder()
                    .contentType("application/json")
                    .responseTopic("reply/" + i)
                    .correlationData(BinaryData.ofUtf8("c" + i))
                    .payloadFormat(PayloadFormat.UNSPECIFIED)
                    .userProperties(UserProperties.of("room", "hall", "n", Integer.toString(i)))
                    .build();
        }
        publisher
                .publish(
                        "rec/" + (i % 5),
                        payload.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(payload),
                        Qos.of(i % 3),
                        i == 7,
                        properties)
                .get(20, TimeUnit.SECONDS);
    }

    private static List<String> header(Table t) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < t.numCols(); c++) names.add(t.header(c));
        return names;
    }

    private static List<List<String>> rowsWithoutTime(Table t) {
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < t.numRows(); r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < t.numCols(); c++) {
                if (!t.header(c).equals("time")) row.add(t.cell(r, c));
            }
            rows.add(row);
        }
        return rows;
    }
}
