package dev.patchline.recording;

import static dev.patchline.recording.RecordingFormat.*;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a recording message by message. A file that ends inside a line (the recorder was killed while writing it) or
 * holds a line that is not a valid record stops the reading there: {@link #next()} returns null as at the end, and
 * {@link #damage()} says at which line and byte offset the readable part ends and why. Everything before the damage
 * is returned.
 *
 * <p>One thread at a time (see the package documentation). Holds one line in memory (at most
 * {@link RecordingFormat#MAX_LINE_BYTES}); its buffer shrinks back after a large line.
 */
public final class RecordingReader implements Closeable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int BLOCK = 64 * 1024;
    private static final int KEPT_LINE_BYTES = 1 << 20;

    private final Path file;
    private final InputStream in;
    private final RecordingHeader header;
    private final byte[] block = new byte[BLOCK];
    private int blockPos;
    private int blockEnd;
    private byte[] lineBytes = new byte[4096];
    private int lineLength;
    /** Byte offset of the start of the line being read, and its 1-based number. */
    private long lineOffset;

    private long lineNumber;
    private long nextOffset;
    private String damage;
    private boolean ended;

    private RecordingReader(Path file, InputStream in) throws IOException {
        this.file = file;
        this.in = in;
        this.header = readHeader();
    }

    /**
     * Opens a recording and reads its header.
     *
     * @throws RecordingException when the file does not start with a recording header this version reads
     */
    public static RecordingReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new RecordingReader(file, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public RecordingHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /**
     * The next message, or null at the end of the file or at the first damage (then {@link #damage()} is not null).
     */
    public RecordedMessage next() throws IOException {
        while (!ended) {
            if (!readLine()) {
                ended = true;
                return null;
            }
            if (lineLength == 0) continue; // a blank line carries nothing
            try {
                return parseMessage();
            } catch (IOException | IllegalArgumentException e) {
                stop("not a valid record: "
                        + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                                ? json.getOriginalMessage()
                                : e.getMessage()));
            }
        }
        return null;
    }

    /**
     * Where and why reading stopped before the end of the file, e.g. {@code line 1234 (byte 98765): the file ends
     * inside this record}; null while reading goes on and when the file ended cleanly.
     */
    public String damage() {
        return damage;
    }

    /** The number of the last line read (the header is line 1). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes read up to the end of the last complete line: the readable part of a damaged file. */
    public long readableBytes() {
        return damage == null ? nextOffset : lineOffset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private RecordingHeader readHeader() throws IOException {
        String where = file.toAbsolutePath().toString();
        if (!readLine()) {
            throw new RecordingException(where + " is not a Patchline recording: "
                    + (damage != null ? damage : "the file is empty") + "; record one with 'patchline mqtt record'");
        }
        String format = null;
        int version = -1;
        String created = "";
        try (JsonParser p = JSON.createParser(lineBytes, 0, lineLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("the first line is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "format" -> format = p.getValueAsString();
                    case "version" -> version = p.getValueAsInt(-1);
                    case "created" -> created = p.getValueAsString("");
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new RecordingException(
                    where + " is not a Patchline recording: its first line is not the header (" + e.getMessage() + ")");
        }
        if (!NAME.equals(format)) {
            throw new RecordingException(where + " is not a Patchline recording: its header names the format '" + format
                    + "', expected '" + NAME + "'");
        }
        if (version < 1) {
            throw new RecordingException(where + ": the header has no valid 'version' (a positive integer)");
        }
        if (version > VERSION) {
            throw new RecordingException(where + " is a version " + version + " recording; this Patchline reads up to"
                    + " version " + VERSION + "; update Patchline to replay it");
        }
        return new RecordingHeader(version, created == null ? "" : created);
    }

    /** Reads the next line (without its newline) into lineBytes; false at the end of the file or at damage. */
    private boolean readLine() throws IOException {
        lineOffset = nextOffset;
        lineLength = 0;
        if (lineBytes.length > KEPT_LINE_BYTES) lineBytes = new byte[4096];
        while (true) {
            if (blockPos == blockEnd) {
                blockEnd = in.read(block, 0, BLOCK);
                blockPos = 0;
                if (blockEnd <= 0) {
                    blockEnd = 0;
                    if (lineLength > 0) {
                        lineNumber++;
                        stop("the file ends inside this record (the recorder stopped while writing it)");
                    }
                    return false;
                }
            }
            int start = blockPos;
            int newline = -1;
            for (int i = blockPos; i < blockEnd; i++) {
                if (block[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? blockEnd : newline;
            if ((long) lineLength + (end - start) > MAX_LINE_BYTES) {
                lineNumber++;
                stop("the line is longer than " + MAX_LINE_BYTES + " bytes, more than any MQTT message needs");
                return false;
            }
            append(start, end - start);
            blockPos = newline < 0 ? blockEnd : newline + 1;
            if (newline >= 0) {
                lineNumber++;
                nextOffset = lineOffset + lineLength + 1;
                if (lineLength > 0 && lineBytes[lineLength - 1] == '\r') lineLength--; // tolerate CRLF
                return true;
            }
        }
    }

    private void append(int from, int count) {
        if (lineLength + count > lineBytes.length) {
            lineBytes = Arrays.copyOf(lineBytes, Math.max(lineLength + count, lineBytes.length * 2));
        }
        System.arraycopy(block, from, lineBytes, lineLength, count);
        lineLength += count;
    }

    private void stop(String why) {
        damage = "line " + lineNumber + " (byte " + lineOffset + "): " + why;
        ended = true;
    }

    private RecordedMessage parseMessage() throws IOException {
        Long time = null;
        String topic = null;
        int qos = -1;
        boolean retain = false;
        boolean dup = false;
        byte[] payload = null;
        PublishProperties properties = PublishProperties.NONE;
        try (JsonParser p = JSON.createParser(lineBytes, 0, lineLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("the line is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case TIME -> time = integer(p, value, name);
                    case TOPIC -> topic = text(p, value, name);
                    case QOS -> qos = (int) integer(p, value, name);
                    case RETAIN -> retain = bool(value, name);
                    case DUP -> dup = bool(value, name);
                    case PAYLOAD -> payload = binary(p, value, name);
                    case PROPS -> properties = properties(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("text after the record's object");
            }
        }
        if (time == null) throw new IOException("'" + TIME + "' (receive time) is missing");
        if (topic == null) throw new IOException("'" + TOPIC + "' is missing");
        if (payload == null) throw new IOException("'" + PAYLOAD + "' is missing");
        if (qos < 0 || qos > 2) throw new IOException("'" + QOS + "' must be 0, 1 or 2");
        return new RecordedMessage(time, topic, payload, qos, retain, dup, properties);
    }

    private static PublishProperties properties(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) throw new IOException("'" + PROPS + "' must be an object");
        PublishProperties.Builder b = PublishProperties.builder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case PAYLOAD_FORMAT -> {
                    long format = integer(p, v, name);
                    if (format != 0 && format != 1) throw new IOException("'" + name + "' must be 0 or 1");
                    b.payloadFormat(format == 1 ? PayloadFormat.UTF_8 : PayloadFormat.UNSPECIFIED);
                }
                case MESSAGE_EXPIRY -> b.messageExpiryInterval(integer(p, v, name));
                case CONTENT_TYPE -> b.contentType(text(p, v, name));
                case RESPONSE_TOPIC -> b.responseTopic(text(p, v, name));
                case CORRELATION_DATA -> b.correlationData(BinaryData.of(binary(p, v, name)));
                case USER -> b.userProperties(userProperties(p, v));
                case SUBSCRIPTION_IDS -> {
                    if (v != JsonToken.START_ARRAY) throw new IOException("'" + name + "' must be an array");
                    List<Integer> ids = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) ids.add((int) integer(p, p.currentToken(), name));
                    b.subscriptionIdentifiers(ids);
                }
                default -> p.skipChildren();
            }
        }
        return b.build();
    }

    private static UserProperties userProperties(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) throw new IOException("'" + USER + "' must be an array of [name, value]");
        UserProperties.Builder b = UserProperties.builder();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            String name = text(p, p.nextToken(), USER);
            String v = text(p, p.nextToken(), USER);
            if (p.nextToken() != JsonToken.END_ARRAY) throw new IOException("'" + USER + "' pairs have two strings");
            b.add(name, v);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) throw new IOException("'" + USER + "' must hold [name, value]");
        return b.build();
    }

    private static long integer(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) throw new IOException("'" + name + "' must be an integer");
        return p.getLongValue();
    }

    private static String text(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_STRING) throw new IOException("'" + name + "' must be a string");
        return p.getText();
    }

    private static boolean bool(JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_TRUE) return true;
        if (value == JsonToken.VALUE_FALSE) return false;
        throw new IOException("'" + name + "' must be true or false");
    }

    private static byte[] binary(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_STRING) throw new IOException("'" + name + "' must be a base64 string");
        return p.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
    }
}
