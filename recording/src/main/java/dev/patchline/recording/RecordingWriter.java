package dev.patchline.recording;

import static dev.patchline.recording.RecordingFormat.*;

import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Appends messages to a recording, one line per message, each line handed to the operating system in a single write
 * as soon as it is complete. A process that is killed (even with SIGKILL) therefore loses at most the line it was
 * writing, and the file reads up to there. What a power cut loses is bounded by {@link #syncInterval}: the file is
 * forced to the disk when a write comes at least that long after the last force, and on {@link #close()}.
 *
 * <p>One thread at a time (see the package documentation). Allocates nothing per message once its line buffer has
 * grown to the largest message's line; a buffer grown beyond {@link #KEPT_BUFFER_BYTES} for one large message is given
 * back after it.
 */
public final class RecordingWriter implements Closeable {

    /** Forced to the disk at most this long after a write, by default. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    static final int KEPT_BUFFER_BYTES = 1 << 20;
    private static final int INITIAL_BUFFER_BYTES = 4096;

    private final Path file;
    private final FileChannel channel;
    private LineBuffer line = new LineBuffer(INITIAL_BUFFER_BYTES);
    /** The line buffer's array as a ByteBuffer, wrapped again only when the line buffer grows or shrinks. */
    private ByteBuffer wrapped = ByteBuffer.wrap(line.array());

    private byte[] scratch = new byte[INITIAL_BUFFER_BYTES];
    private final long syncIntervalNanos;
    private long lastSyncNanos = System.nanoTime();
    private boolean unsynced;
    private int membersWritten;
    private long records;
    private long bytes;

    private RecordingWriter(Path file, FileChannel channel, Duration syncInterval, long existingBytes) {
        this.file = file;
        this.channel = channel;
        this.syncIntervalNanos = syncInterval.toNanos();
        this.bytes = existingBytes;
    }

    /**
     * Creates a new recording and writes its header line.
     *
     * @throws RecordingException when the file exists already (a recording is never overwritten by accident)
     */
    public static RecordingWriter create(Path file, Duration syncInterval) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new RecordingException(file.toAbsolutePath() + " exists already; choose another file name, delete it,"
                    + " or append to it");
        }
        RecordingWriter writer = new RecordingWriter(file, channel, syncInterval, 0);
        try {
            writer.writeHeader();
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /**
     * Opens a recording to add messages after its last complete line, or creates it when it does not exist. A line
     * left incomplete by a process that was killed while writing it is cut off first.
     *
     * @throws RecordingException when the file exists but is not a recording this version can extend
     */
    public static RecordingWriter append(Path file, Duration syncInterval) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            Files.deleteIfExists(file);
            return create(file, syncInterval);
        }
        try (RecordingReader reader = RecordingReader.open(file)) {
            if (reader.header().version() != VERSION) {
                throw new RecordingException(file.toAbsolutePath() + " is a version "
                        + reader.header().version()
                        + " recording; this Patchline appends only to version " + VERSION
                        + " recordings; record into a new file");
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            long end = endOfLastLine(channel);
            channel.truncate(end);
            channel.position(end);
            return new RecordingWriter(file, channel, syncInterval, end);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The offset just after the last newline: where a killed writer's incomplete line begins. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        long end = channel.size();
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) {
                if (channel.read(block, start + block.position()) < 0) break;
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') return start + i + 1;
            }
            end = start;
        }
        return 0;
    }

    private void writeHeader() throws IOException {
        line.clear();
        line.ascii("{\"format\":")
                .string(NAME)
                .ascii(",\"version\":")
                .number(VERSION)
                .ascii(",\"time_unit\":\"us\",\"created\":")
                .string(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .ascii("}\n");
        flushLine();
        channel.force(true);
    }

    /** Records a message; the payload's readable bytes are read, its reader index and reference count left alone. */
    public void write(
            long timeMicros,
            String topic,
            ByteBuf payload,
            int qos,
            boolean retain,
            boolean dup,
            PublishProperties properties)
            throws IOException {
        int size = payload.readableBytes();
        byte[] src;
        int offset;
        if (payload.hasArray()) {
            src = payload.array();
            offset = payload.arrayOffset() + payload.readerIndex();
        } else {
            if (scratch.length < size) scratch = new byte[Math.max(size, scratch.length * 2)];
            payload.getBytes(payload.readerIndex(), scratch, 0, size);
            src = scratch;
            offset = 0;
        }
        write(timeMicros, topic, src, offset, size, qos, retain, dup, properties);
        if (scratch.length > KEPT_BUFFER_BYTES) scratch = new byte[INITIAL_BUFFER_BYTES];
    }

    /** Records a message read from a recording (or built by hand). */
    public void write(RecordedMessage m) throws IOException {
        write(
                m.timeMicros(),
                m.topic(),
                m.payload(),
                0,
                m.payload().length,
                m.qos(),
                m.retain(),
                m.dup(),
                m.properties());
    }

    private void write(
            long timeMicros,
            String topic,
            byte[] payload,
            int offset,
            int size,
            int qos,
            boolean retain,
            boolean dup,
            PublishProperties properties)
            throws IOException {
        line.clear();
        line.ascii("{\"" + TIME + "\":").number(timeMicros);
        line.ascii(",\"" + TOPIC + "\":").string(topic);
        line.ascii(",\"" + QOS + "\":").number(qos);
        line.ascii(",\"" + RETAIN + "\":").bool(retain);
        if (dup) line.ascii(",\"" + DUP + "\":true");
        line.ascii(",\"" + PAYLOAD + "\":").base64(payload, offset, size);
        if (properties != null && !properties.isEmpty()) writeProperties(properties);
        line.ascii("}\n");
        flushLine();
        records++;
        long now = System.nanoTime();
        if (now - lastSyncNanos >= syncIntervalNanos) {
            channel.force(false);
            lastSyncNanos = now;
            unsynced = false;
        } else {
            unsynced = true;
        }
        if (line.array().length > KEPT_BUFFER_BYTES) line = new LineBuffer(INITIAL_BUFFER_BYTES);
    }

    private void writeProperties(PublishProperties p) {
        line.ascii(",\"" + PROPS + "\":{");
        membersWritten = 0;
        if (p.payloadFormat() != null)
            member(PAYLOAD_FORMAT).number(p.payloadFormat().value());
        if (p.messageExpiryInterval() != null) member(MESSAGE_EXPIRY).number(p.messageExpiryInterval());
        if (p.contentType() != null) member(CONTENT_TYPE).string(p.contentType());
        if (p.responseTopic() != null) member(RESPONSE_TOPIC).string(p.responseTopic());
        if (p.correlationData() != null) {
            byte[] data = p.correlationData().toByteArray();
            member(CORRELATION_DATA).base64(data, 0, data.length);
        }
        UserProperties user = p.userProperties();
        if (!user.isEmpty()) {
            member(USER).ascii("[");
            for (int i = 0; i < user.size(); i++) {
                if (i > 0) line.ascii(",");
                line.ascii("[")
                        .string(user.name(i))
                        .ascii(",")
                        .string(user.value(i))
                        .ascii("]");
            }
            line.ascii("]");
        }
        if (!p.subscriptionIdentifiers().isEmpty()) {
            member(SUBSCRIPTION_IDS).ascii("[");
            for (int i = 0; i < p.subscriptionIdentifiers().size(); i++) {
                if (i > 0) line.ascii(",");
                line.number(p.subscriptionIdentifiers().get(i));
            }
            line.ascii("]");
        }
        line.ascii("}");
    }

    /** Writes {@code "name":}, after a comma unless it is the first member of the object. */
    private LineBuffer member(String name) {
        if (membersWritten++ > 0) line.ascii(",");
        return line.ascii("\"").ascii(name).ascii("\":");
    }

    private void flushLine() throws IOException {
        if (wrapped.array() != line.array()) wrapped = ByteBuffer.wrap(line.array());
        wrapped.clear().limit(line.length());
        while (wrapped.hasRemaining()) channel.write(wrapped);
        bytes += line.length();
    }

    /** Forces what was written to the disk now. */
    public void sync() throws IOException {
        channel.force(false);
        lastSyncNanos = System.nanoTime();
        unsynced = false;
    }

    /** Messages written by this writer. */
    public long records() {
        return records;
    }

    /** The file's size in bytes, header included. */
    public long bytes() {
        return bytes;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (unsynced && channel.isOpen()) channel.force(false);
        } finally {
            channel.close();
        }
    }
}
