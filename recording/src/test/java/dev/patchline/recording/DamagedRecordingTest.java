package dev.patchline.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated or corrupt recording reads up to the damage, and says where it stopped. */
class DamagedRecordingTest {

    @TempDir
    Path tmp;

    @Test
    void aFileCutAtAnyByteReadsEveryCompleteRecordBeforeTheCut() throws IOException {
        Random random = new Random(7);
        Path whole = tmp.resolve("whole.jsonl");
        List<RecordedMessage> written = new ArrayList<>();
        try (RecordingWriter writer = RecordingWriter.create(whole, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            // Small messages (every cut is tried): binary and text payloads, with and without properties.
            for (int i = 0; written.size() < 12; i++) {
                RecordedMessage m = RecordingRoundTripTest.randomMessage(random, i);
                if (m.payload().length > 100) continue;
                written.add(m);
                writer.write(m);
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        List<Integer> lineEnds = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == '\n') lineEnds.add(i + 1);
        Path cut = tmp.resolve("cut.jsonl");
        for (int length = lineEnds.get(0); length <= bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            int complete = 0;
            while (complete + 1 < lineEnds.size() && lineEnds.get(complete + 1) <= length) complete++;
            List<String> topics = new ArrayList<>();
            try (RecordingReader reader = RecordingReader.open(cut)) {
                for (RecordedMessage m; (m = reader.next()) != null; ) topics.add(m.topic());
                boolean atLineEnd = lineEnds.contains(length);
                if (atLineEnd) {
                    assertThat(reader.damage())
                            .as("cut at %d, a line end", length)
                            .isNull();
                } else {
                    int brokenLine = complete + 2; // 1-based, after the header and the complete records
                    assertThat(reader.damage())
                            .as("cut at %d", length)
                            .isEqualTo("line " + brokenLine + " (byte " + lineEnds.get(complete)
                                    + "): the file ends inside this record (the recorder stopped while writing it)");
                    assertThat(reader.readableBytes()).isEqualTo((long) lineEnds.get(complete));
                }
            }
            assertThat(topics)
                    .as("cut at %d", length)
                    .isEqualTo(written.subList(0, complete).stream()
                            .map(RecordedMessage::topic)
                            .toList());
        }
    }

    @Test
    void aCorruptLineStopsTheReadingThereAndNamesIt() throws IOException {
        Path file = tmp.resolve("corrupt.jsonl");
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            for (int i = 0; i < 5; i++) writer.write(RecordingRoundTripTest.message(i, "m" + i));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        long offsetOfLine4 = 0;
        for (int i = 0; i < 3; i++) offsetOfLine4 += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        lines.set(3, lines.get(3).replace("\"payload\":\"", "\"payload\":\"!!")); // not base64
        Files.write(file, lines, StandardCharsets.UTF_8);
        List<String> topics = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (RecordedMessage m; (m = reader.next()) != null; ) topics.add(m.topic());
            assertThat(reader.damage()).startsWith("line 4 (byte " + offsetOfLine4 + "): not a valid record: ");
        }
        assertThat(topics).containsExactly("m0", "m1");
    }

    @Test
    void aRecordMissingAFieldOrWithABadQosIsDamage() throws IOException {
        Path file = tmp.resolve("fields.jsonl");
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            writer.write(RecordingRoundTripTest.message(1, "ok"));
        }
        Files.writeString(
                file,
                "{\"t\":2,\"topic\":\"x\",\"qos\":3,\"retain\":false,\"payload\":\"\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(reader.next().topic()).isEqualTo("ok");
            assertThat(reader.next()).isNull();
            assertThat(reader.damage()).contains("line 3").endsWith("'qos' must be 0, 1 or 2");
        }
    }

    @Test
    void aFileThatIsNotARecordingIsRefusedWithItsReason() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.jsonl"));
        assertThatThrownBy(() -> RecordingReader.open(empty))
                .isInstanceOf(RecordingException.class)
                .hasMessageContaining("is not a Patchline recording: the file is empty");
        Path other = tmp.resolve("other.jsonl");
        Files.writeString(other, "{\"format\":\"mcap\",\"version\":1}\n");
        assertThatThrownBy(() -> RecordingReader.open(other))
                .hasMessageContaining("names the format 'mcap', expected 'patchline-mqtt-recording'");
        Path newer = tmp.resolve("newer.jsonl");
        Files.writeString(newer, "{\"format\":\"patchline-mqtt-recording\",\"version\":2}\n");
        assertThatThrownBy(() -> RecordingReader.open(newer))
                .hasMessageContaining("is a version 2 recording; this Patchline reads up to version 1");
        Path csv = tmp.resolve("data.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        assertThatThrownBy(() -> RecordingReader.open(csv)).hasMessageContaining("its first line is not the header");
    }
}
