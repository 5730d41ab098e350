package dev.patchline.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading back: every field survives, for random topics, payloads (binary too) and properties. */
class RecordingRoundTripTest {

    private static final long SEED = 0x5EED_2026L;

    @TempDir
    Path tmp;

    @Test
    void randomMessagesReadBackEqual() throws IOException {
        Random random = new Random(SEED);
        List<RecordedMessage> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) written.add(randomMessage(random, i));
        Path file = tmp.resolve("random.jsonl");
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            for (int i = 0; i < written.size(); i++) {
                RecordedMessage m = written.get(i);
                if (i % 2 == 0) {
                    writer.write(m);
                } else {
                    // The ByteBuf path, from a direct buffer at a non-zero reader index.
                    ByteBuf payload = Unpooled.directBuffer(m.payload().length + 3);
                    try {
                        payload.writeBytes(new byte[] {9, 9, 9})
                                .writeBytes(m.payload())
                                .readerIndex(3);
                        writer.write(m.timeMicros(), m.topic(), payload, m.qos(), m.retain(), m.dup(), m.properties());
                        assertThat(payload.readerIndex()).isEqualTo(3);
                    } finally {
                        payload.release();
                    }
                }
            }
            assertThat(writer.records()).isEqualTo(written.size());
            assertThat(writer.bytes()).isEqualTo(Files.size(file));
        }
        List<RecordedMessage> read = readAll(file);
        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) assertSame(read.get(i), written.get(i), i);
    }

    @Test
    void everyLineIsStandardJsonWithTheHeaderFirst() throws IOException {
        Path file = tmp.resolve("lines.jsonl");
        byte[] binary = {0, (byte) 0xFF, '\n', '"', 0x7F};
        try (RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL)) {
            writer.write(new RecordedMessage(
                    1_796_684_057_123_456L, "caf\u00e9/\"q\"\n/\ud83d\ude00", binary, 1, true, false, null));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("{\"format\":\"patchline-mqtt-recording\",\"version\":1,\"time_unit\":\"us\",");
        // A standard JSON parser reads the record, and a standard base64 decoder its payload.
        try (JsonParser p = new JsonFactory().createParser(lines.get(1))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            String topic = null;
            String payload = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("topic")) topic = p.getText();
                if (name.equals("payload")) payload = p.getText();
            }
            assertThat(topic).isEqualTo("caf\u00e9/\"q\"\n/\ud83d\ude00");
            assertThat(Base64.getDecoder().decode(payload)).isEqualTo(binary);
        }
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path file = tmp.resolve("kept.jsonl");
        Files.writeString(file, "precious");
        assertThatThrownBy(() -> RecordingWriter.create(file, Duration.ofSeconds(1)))
                .isInstanceOf(RecordingException.class)
                .hasMessageContaining("exists already");
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void appendContinuesAfterTheLastCompleteLine() throws IOException {
        Path file = tmp.resolve("append.jsonl");
        try (RecordingWriter writer = RecordingWriter.create(file, Duration.ofSeconds(1))) {
            writer.write(message(1, "a"));
        }
        // A writer killed in the middle of its second line:
        Files.writeString(file, "{\"t\":2,\"topic\":\"b\",\"qo", java.nio.file.StandardOpenOption.APPEND);
        try (RecordingWriter writer = RecordingWriter.append(file, Duration.ofSeconds(1))) {
            writer.write(message(3, "c"));
        }
        List<RecordedMessage> read = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (RecordedMessage m; (m = reader.next()) != null; ) read.add(m);
            assertThat(reader.damage()).isNull();
        }
        assertThat(read).extracting(RecordedMessage::topic).containsExactly("a", "c");
    }

    static RecordedMessage message(long time, String topic) {
        return new RecordedMessage(time, topic, topic.getBytes(StandardCharsets.UTF_8), 0, false, false, null);
    }

    static List<RecordedMessage> readAll(Path file) throws IOException {
        List<RecordedMessage> read = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (RecordedMessage m; (m = reader.next()) != null; ) read.add(m);
            assertThat(reader.damage()).as("damage").isNull();
        }
        return read;
    }

    private static void assertSame(RecordedMessage actual, RecordedMessage expected, int index) {
        String what = "message " + index;
        assertThat(actual.timeMicros()).as(what).isEqualTo(expected.timeMicros());
        assertThat(actual.topic()).as(what).isEqualTo(expected.topic());
        assertThat(actual.payload()).as(what).isEqualTo(expected.payload());
        assertThat(actual.qos()).as(what).isEqualTo(expected.qos());
        assertThat(actual.retain()).as(what).isEqualTo(expected.retain());
        assertThat(actual.dup()).as(what).isEqualTo(expected.dup());
        assertThat(actual.properties()).as(what).isEqualTo(expected.properties());
    }

    static RecordedMessage randomMessage(Random random, int index) {
        byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(5000) : random.nextInt(70)];
        random.nextBytes(payload);
        if (random.nextBoolean()) {
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) (' ' + random.nextInt(95));
        }
        PublishProperties properties = PublishProperties.NONE;
        if (random.nextBoolean()) {
            PublishProperties.Builder b = PublishProperties.builder();
            if (random.nextBoolean())
                b.payloadFormat(random.nextBoolean() ? PayloadFormat.UTF_8 : PayloadFormat.UNSPECIFIED);
            if (random.nextBoolean()) b.messageExpiryInterval(random.nextLong() & 0xFFFF_FFFFL);
            if (random.nextBoolean()) b.contentType(randomText(random));
            if (random.nextBoolean()) b.responseTopic("reply/" + index);
            if (random.nextBoolean()) {
                byte[] correlation = new byte[random.nextInt(40)];
                random.nextBytes(correlation);
                b.correlationData(BinaryData.of(correlation));
            }
            if (random.nextBoolean()) {
                UserProperties.Builder user = UserProperties.builder();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) user.add(randomText(random), randomText(random));
                b.userProperties(user.build());
            }
            if (random.nextBoolean()) b.subscriptionIdentifiers(List.of(1 + random.nextInt(268_435_455), 7));
            properties = b.build();
        }
        long time = 1_700_000_000_000_000L + index * 1_000L + random.nextInt(1000);
        return new RecordedMessage(
                time,
                "t/" + randomText(random) + "/" + index,
                payload,
                random.nextInt(3),
                random.nextBoolean(),
                random.nextInt(10) == 0,
                properties);
    }

    /** Text with ASCII, escapes, two- and three-byte characters and surrogate pairs. */
    private static String randomText(Random random) {
        String alphabet = "abcXYZ09 _-\"\\\t\u0001\u00e9\u00df\u4e2d\u20ac";
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(10) == 0) s.append("\ud83c\udfb5");
            else s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
