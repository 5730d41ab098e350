package dev.patchline.bench.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.patchline.bench.BenchmarkCommand;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.recording.RecordingWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code bench/run record}: messages per second the recording writer keeps up with (64-byte payloads, one write per
 * message as shipped) and the file's bytes per payload byte for 1 KiB payloads. Beside it, two alternatives on the same
 * disk in the same run: a binary length-prefixed record with the same one-write-per-message durability (what text and
 * base64 cost), and JSON Lines through Jackson into a 64 KiB buffer (what giving up "a kill loses at most one record"
 * would buy). Files go to a temporary folder under the working directory, on the disk, not in a RAM file system.
 */
public final class RecordBenchmarkCommand implements BenchmarkCommand {

    private static final int SMALL = 64;
    private static final int LARGE = 1024;
    private static final String TOPIC = "venue/hall-a/sensor/0042/temperature";

    @Override
    public String name() {
        return "record";
    }

    @Override
    public String summary() {
        return "recorder: 64 B msg/s written (goal >= 100,000) and file bytes per 1 KiB payload byte (goal <= 3)";
    }

    /** One way of writing messages to a file. */
    private interface Format {
        String name();

        Sink open(Path file) throws IOException;
    }

    private interface Sink extends AutoCloseable {
        void write(long timeMicros, ByteBuf payload) throws IOException;

        @Override
        void close() throws IOException;
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        int messages = quick ? 200_000 : 1_000_000;
        int rounds = quick ? 2 : 5;
        Path dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "bench-record");
        Format[] formats = {new PatchlineJsonLines(), new BinaryPerWrite(), new JacksonBuffered()};
        double[] rates = new double[formats.length];
        double[] overheads = new double[formats.length];
        try {
            out.printf(
                    "%d rounds of %,d messages of %d B on topic %s (%d cores)%n",
                    rounds, messages, SMALL, TOPIC, Runtime.getRuntime().availableProcessors());
            out.printf("%-36s %14s %24s%n", "format", "64 B msg/s", "file bytes / payload byte (1 KiB)");
            for (int f = 0; f < formats.length; f++) {
                write(formats[f], dir.resolve("warmup"), messages / 2, SMALL);
                double[] r = new double[rounds];
                for (int i = 0; i < rounds; i++) r[i] = write(formats[f], dir.resolve("round" + i), messages, SMALL);
                Arrays.sort(r);
                rates[f] = r[rounds / 2];
                Path large = dir.resolve("large");
                int count = 20_000;
                write(formats[f], large, count, LARGE);
                overheads[f] = (double) Files.size(large) / ((long) count * LARGE);
                Files.delete(large);
                out.printf("%-36s %,14.0f %24.3f%n", formats[f].name(), rates[f], overheads[f]);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
        out.printf(
                "RESULT record msgs_per_s_64B=%.0f bytes_per_payload_byte_1KiB=%.3f overhead_per_payload_byte=%.3f"
                        + " binary_msgs_per_s=%.0f binary_bytes_per_payload_byte=%.3f buffered_jsonl_msgs_per_s=%.0f%n",
                rates[0], overheads[0], overheads[0] - 1, rates[1], overheads[1], rates[2]);
        return 0;
    }

    /** Writes {@code count} messages and returns messages per second, the close (and its final sync) included. */
    private static double write(Format format, Path file, int count, int size) throws IOException {
        Files.deleteIfExists(file);
        Random random = new Random(size);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        long time = System.currentTimeMillis() * 1000;
        long start = System.nanoTime();
        try (Sink sink = format.open(file)) {
            for (int i = 0; i < count; i++) sink.write(time + i, payload);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!file.getFileName().toString().equals("large")) Files.delete(file);
        return count / seconds;
    }

    /** The shipped writer: JSON Lines, base64 payload, one write(2) per message, fsync at most once a second. */
    private static final class PatchlineJsonLines implements Format {
        @Override
        public String name() {
            return "JSON Lines, one write per message";
        }

        @Override
        public Sink open(Path file) throws IOException {
            RecordingWriter writer = RecordingWriter.create(file, RecordingWriter.DEFAULT_SYNC_INTERVAL);
            return new Sink() {
                @Override
                public void write(long timeMicros, ByteBuf payload) throws IOException {
                    writer.write(timeMicros, TOPIC, payload, 1, false, false, PublishProperties.NONE);
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
        }
    }

    /**
     * A binary record (length, time, flags, topic, payload), one write per message like the shipped writer: what the
     * text and base64 cost. Not readable by a standard tool.
     */
    private static final class BinaryPerWrite implements Format {
        @Override
        public String name() {
            return "binary length-prefixed, one write";
        }

        @Override
        public Sink open(Path file) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
            ByteBuffer record = ByteBuffer.allocate(64 * 1024);
            return new Sink() {
                private long lastSync = System.nanoTime();

                @Override
                public void write(long timeMicros, ByteBuf payload) throws IOException {
                    int size = payload.readableBytes();
                    record.clear();
                    record.putInt(8 + 1 + 2 + topic.length + size);
                    record.putLong(timeMicros);
                    record.put((byte) 1);
                    record.putShort((short) topic.length).put(topic);
                    payload.getBytes(payload.readerIndex(), record.array(), record.position(), size);
                    record.position(record.position() + size).flip();
                    while (record.hasRemaining()) channel.write(record);
                    if (System.nanoTime() - lastSync > 1_000_000_000L) {
                        channel.force(false);
                        lastSync = System.nanoTime();
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.force(false);
                    channel.close();
                }
            };
        }
    }

    /** JSON Lines through Jackson's generator into a 64 KiB buffer: a kill loses up to the buffer's content. */
    private static final class JacksonBuffered implements Format {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public String name() {
            return "JSON Lines, Jackson, 64 KiB buffer";
        }

        @Override
        public Sink open(Path file) throws IOException {
            OutputStream stream = new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 64 * 1024);
            JsonGenerator json = JSON.createGenerator(stream, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
            byte[] scratch = new byte[LARGE];
            return new Sink() {
                @Override
                public void write(long timeMicros, ByteBuf payload) throws IOException {
                    int size = payload.readableBytes();
                    payload.getBytes(payload.readerIndex(), scratch, 0, size);
                    json.writeStartObject();
                    json.writeNumberField("t", timeMicros);
                    json.writeStringField("topic", TOPIC);
                    json.writeNumberField("qos", 1);
                    json.writeBooleanField("retain", false);
                    json.writeFieldName("payload");
                    json.writeBinary(scratch, 0, size);
                    json.writeEndObject();
                    json.writeRaw('\n');
                }

                @Override
                public void close() throws IOException {
                    json.close();
                }
            };
        }
    }
}
