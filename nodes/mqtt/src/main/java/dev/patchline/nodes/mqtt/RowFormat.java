package dev.patchline.nodes.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns received messages into rows of the MQTT Client DAT's output table, for one set of display parameters. A new
 * instance is made when those parameters change (and the table starts over with the new header). Cook thread only.
 *
 * <p>Columns, in order: {@code time} (patch seconds at the cook that added the row), {@code topic}, {@code payload},
 * {@code qos}, {@code retained}, {@code dup}; then optionally {@code timestamp} (UTC, ISO-8601, when the client
 * received it), {@code bytes} (the raw bytes, hex as text), MQTT 5 {@code content_type}, {@code response_topic},
 * {@code correlation_data}, {@code user_properties} (JSON object); then one column per {@code columns} entry.
 */
final class RowFormat {
    private static final String[] DIGITS = {"0", "1", "2"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PayloadFormat format;
    private final boolean timestamp;
    private final boolean bytes;
    private final boolean properties;
    private final String[] columnNames;
    private final JsonColumns jsonColumns;
    private final String[] header;
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long lastStampMillis = Long.MIN_VALUE;
    private String lastStamp = "";
    /** Messages whose payload should have been JSON and was not. */
    long jsonErrors;

    RowFormat(PayloadFormat format, boolean timestamp, boolean bytes, boolean properties, Map<String, String> columns) {
        this.format = format;
        this.timestamp = timestamp;
        this.bytes = bytes;
        this.properties = properties;
        this.columnNames = columns.keySet().toArray(String[]::new);
        this.jsonColumns = new JsonColumns(
                columns.values().stream().map(JsonPointer::compile).toArray(JsonPointer[]::new));
        List<String> h = new ArrayList<>(List.of("time", "topic", "payload", "qos", "retained", "dup"));
        if (timestamp) h.add("timestamp");
        if (bytes) h.add("bytes");
        if (properties) h.addAll(List.of("content_type", "response_topic", "correlation_data", "user_properties"));
        h.addAll(List.of(columnNames));
        this.header = h.toArray(String[]::new);
    }

    /**
     * Checks the {@code columns} parameter.
     *
     * @return null when every entry is a valid JSON pointer, else a message naming the entry
     */
    static String checkColumns(Map<String, String> columns) {
        if (columns.size() > JsonColumns.MAX_POINTERS) {
            return columns.size() + " entries, at most " + JsonColumns.MAX_POINTERS
                    + " are allowed; extract fewer values or parse the payload in a callback";
        }
        for (Map.Entry<String, String> e : columns.entrySet()) {
            try {
                JsonPointer.compile(e.getValue());
            } catch (IllegalArgumentException ex) {
                return "'" + e.getKey() + "' = '" + e.getValue() + "' is not a JSON pointer (" + ex.getMessage()
                        + "); write e.g. temp=/data/temp";
            }
        }
        return null;
    }

    String[] header() {
        return header.clone();
    }

    /** The payload text as the {@code payload} column and {@code onMessage} show it. */
    String payloadText(InboundMessage m, JsonNode[] parsed) {
        byte[] b = m.getBytes();
        return switch (format) {
            case STRING -> new String(b, StandardCharsets.UTF_8);
            case BASE64 -> Base64.getEncoder().encodeToString(b);
            case BYTES -> HexFormat.of().formatHex(b);
            case JSON -> {
                JsonNode node = parse(b, parsed);
                yield node == null ? "" : node.toString();
            }
            case AUTO -> utf8OrBase64(m, b);
        };
    }

    /** Builds the row for {@code m}; {@code time} is the cook's time text (one string shared by the cook's rows). */
    String[] row(InboundMessage m, String time, String payload, JsonNode[] parsed) {
        String[] row = new String[header.length];
        row[0] = time;
        row[1] = m.getTopic();
        row[2] = payload;
        row[3] = DIGITS[m.getQos()];
        row[4] = m.isRetained() ? "1" : "0";
        row[5] = m.isDup() ? "1" : "0";
        int c = 6;
        if (timestamp) row[c++] = stamp(m.getReceivedMillis());
        if (bytes) row[c++] = HexFormat.of().formatHex(m.getBytes());
        if (properties) {
            row[c++] = orEmpty(m.getContentType());
            row[c++] = orEmpty(m.getResponseTopic());
            byte[] correlation = m.getCorrelationData();
            row[c++] = correlation == null ? "" : new String(correlation, StandardCharsets.UTF_8);
            row[c++] = m.getProperties().userProperties().isEmpty() ? "" : userPropertiesJson(m);
        }
        if (columnNames.length > 0) {
            if (parsed[1] != null) {
                // format 'json' parsed the payload into a tree already: read the columns from it
                if (parsed[0] != null) jsonColumns.extract(parsed[0], row, c);
                else Arrays.fill(row, c, row.length, "");
            } else if (!jsonColumns.extract(m.getBytes(), row, c)) {
                jsonErrors++;
            }
        }
        return row;
    }

    /** Raw bytes per cell when the bytes column is on (only that cell carries them), else null. */
    byte[][] rawCells(InboundMessage m) {
        if (!bytes) return null;
        byte[][] raw = new byte[header.length][];
        raw[timestamp ? 7 : 6] = m.getBytes();
        return raw;
    }

    /** Parses once per message: {@code parsed[0]} caches the tree, {@code parsed[1]} marks "tried". */
    private JsonNode parse(byte[] b, JsonNode[] parsed) {
        if (parsed[1] != null) return parsed[0];
        parsed[1] = JSON.nullNode();
        try {
            parsed[0] = JSON.readTree(b);
        } catch (IOException e) {
            parsed[0] = null;
        }
        if (parsed[0] == null || parsed[0].isMissingNode()) {
            parsed[0] = null;
            jsonErrors++;
        }
        return parsed[0];
    }

    private String utf8OrBase64(InboundMessage m, byte[] b) {
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) return new String(b, StandardCharsets.ISO_8859_1); // fastest exact decode of ASCII
        try {
            return strictUtf8.decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(b);
        }
    }

    private String stamp(long millis) {
        if (millis != lastStampMillis) {
            lastStampMillis = millis;
            lastStamp = Instant.ofEpochMilli(millis).toString();
        }
        return lastStamp;
    }

    private static String userPropertiesJson(InboundMessage m) {
        Map<String, String> map = new LinkedHashMap<>(m.getUserProperties());
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            return map.toString();
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
