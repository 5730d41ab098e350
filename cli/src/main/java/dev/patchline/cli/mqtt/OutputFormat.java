package dev.patchline.cli.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.engine.MqttMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A compiled {@code -F} format string of {@code mqtt sub}, with mosquitto_sub's sequences: {@code %} parameters of the
 * message (with optional {@code -}/{@code 0} flags, a width and a {@code .max} width as mosquitto allows them),
 * {@code @} strftime-style time fields and {@code \} escapes. Used from the one thread that prints messages; not
 * thread-safe (it reuses its output buffer).
 */
final class OutputFormat {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    /** One piece of the output: literal bytes or a parameter of the message. */
    private interface Part {
        /** Appends this part; false when the message cannot be printed (then nothing is). */
        boolean append(MqttMessage m, long timeMicros, ByteArrayOutputStream out, PrintStream err) throws IOException;
    }

    private final List<Part> parts;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    private OutputFormat(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Compiles a format string.
     *
     * @throws IllegalArgumentException naming the sequence that is not known or not finished
     */
    static OutputFormat compile(String format) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c == '\\') {
                if (i >= format.length()) throw new IllegalArgumentException("the format ends with a lone \\");
                char e = format.charAt(i++);
                literal.append(
                        switch (e) {
                            case '\\' -> '\\';
                            case '0' -> '\0';
                            case 'a' -> '\u0007';
                            case 'e' -> '\u001b';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'v' -> '\u000b';
                            default ->
                                throw new IllegalArgumentException(
                                        "\\" + e + " is not an escape; use \\\\ \\0 \\a \\e \\n \\r \\t or \\v");
                        });
            } else if (c == '@') {
                if (i >= format.length()) throw new IllegalArgumentException("the format ends with a lone @");
                char t = format.charAt(i++);
                if (t == '@') {
                    literal.append('@');
                } else {
                    flush(literal, parts);
                    parts.add(timeField(t));
                }
            } else if (c == '%') {
                int start = i - 1;
                boolean left = false;
                boolean zero = false;
                while (i < format.length() && (format.charAt(i) == '-' || format.charAt(i) == '0')) {
                    if (format.charAt(i++) == '-') left = true;
                    else zero = true;
                }
                int width = 0;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    width = Math.min(10_000, width * 10 + (format.charAt(i++) - '0'));
                }
                int max = -1;
                if (i < format.length() && format.charAt(i) == '.') {
                    i++;
                    max = 0;
                    while (i < format.length() && Character.isDigit(format.charAt(i))) {
                        max = Math.min(10_000, max * 10 + (format.charAt(i++) - '0'));
                    }
                }
                if (i >= format.length()) {
                    throw new IllegalArgumentException("'" + format.substring(start) + "' is not finished");
                }
                char p = format.charAt(i++);
                if (p == '%') {
                    literal.append('%');
                    continue;
                }
                flush(literal, parts);
                parts.add(parameter(p, left, zero && !left, width, max));
            } else {
                literal.append(c);
            }
        }
        flush(literal, parts);
        return new OutputFormat(List.copyOf(parts));
    }

    /**
     * Prints {@code m} received at {@code timeMicros} (microseconds since the epoch) to {@code out}, without a
     * newline. Returns false (printing nothing) when a {@code %J} payload is not JSON; the reason goes to {@code err}.
     */
    boolean print(MqttMessage m, long timeMicros, PrintStream out, PrintStream err) {
        buffer.reset();
        try {
            for (Part part : parts) {
                if (!part.append(m, timeMicros, buffer, err)) return false;
            }
            buffer.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() == 0) return;
        byte[] bytes = literal.toString().getBytes(StandardCharsets.UTF_8);
        literal.setLength(0);
        parts.add((m, t, out, err) -> {
            out.write(bytes);
            return true;
        });
    }

    private interface Text {
        String of(MqttMessage m, long timeMicros);
    }

    private static Part parameter(char p, boolean left, boolean zero, int width, int max) {
        return switch (p) {
            case 'p' ->
                (m, t, out, err) -> {
                    byte[] payload = m.payloadBytes();
                    out.write(payload);
                    return true;
                };
            case 'D' ->
                (m, t, out, err) -> {
                    if (m.correlationData() != null)
                        out.write(m.correlationData().toByteArray());
                    return true;
                };
            case 'j' -> (m, t, out, err) -> json(m, t, out, false, err);
            case 'J' -> (m, t, out, err) -> json(m, t, out, true, err);
            case 't' -> padded((m, t) -> m.topic(), left, false, width, max);
            case 'q' -> padded((m, t) -> Integer.toString(m.qos().value()), left, false, width, -1);
            case 'r' -> padded((m, t) -> m.retain() ? "1" : "0", left, false, width, -1);
            case 'l' -> padded((m, t) -> Integer.toString(m.payload().readableBytes()), left, zero, width, -1);
            case 'm' -> padded((m, t) -> Integer.toString(m.publish().packetId()), left, zero, width, -1);
            case 'x' -> padded((m, t) -> HexFormat.of().formatHex(m.payloadBytes()), left, zero, width, -1);
            case 'X' ->
                padded((m, t) -> HexFormat.of().withUpperCase().formatHex(m.payloadBytes()), left, zero, width, -1);
            case 'A' -> padded((m, t) -> "", left, zero, width, -1); // aliases are resolved before printing
            case 'C' -> padded((m, t) -> orEmpty(m.properties().contentType()), left, false, width, max);
            case 'E' -> padded((m, t) -> orEmpty(m.properties().messageExpiryInterval()), left, zero, width, -1);
            case 'F' ->
                padded(
                        (m, t) -> m.properties().payloadFormat() == null
                                ? ""
                                : Integer.toString(
                                        m.properties().payloadFormat().value()),
                        left,
                        zero,
                        width,
                        -1);
            case 'R' -> padded((m, t) -> orEmpty(m.properties().responseTopic()), left, false, width, max);
            case 'S' ->
                padded(
                        (m, t) -> m.subscriptionIdentifiers().isEmpty()
                                ? ""
                                : Integer.toString(m.subscriptionIdentifiers().get(0)),
                        left,
                        zero,
                        width,
                        -1);
            case 'P' -> padded(OutputFormat::userProperties, left, false, width, -1);
            case 'I' -> padded((m, t) -> ISO_SECONDS.format(localTime(t)), left, false, width, max);
            case 'U' ->
                (m, t, out, err) -> {
                    out.write(String.format(
                                    Locale.ROOT,
                                    "%d.%09d",
                                    Math.floorDiv(t, 1_000_000),
                                    Math.floorMod(t, 1_000_000) * 1000)
                            .getBytes(StandardCharsets.US_ASCII));
                    return true;
                };
            default ->
                throw new IllegalArgumentException("%" + p + " is not a parameter; use %t %p %q %r %l %m %x %X %A %C %D"
                        + " %E %F %P %R %S %j %J %I %U or %% for a %");
        };
    }

    private static Part padded(Text text, boolean left, boolean zero, int width, int max) {
        return (m, t, out, err) -> {
            String s = text.of(m, t);
            if (max >= 0 && s.length() > max) s = s.substring(0, max);
            if (s.length() < width) {
                String pad = String.valueOf(zero ? '0' : ' ').repeat(width - s.length());
                s = left ? s + pad : pad + s;
            }
            out.write(s.getBytes(StandardCharsets.UTF_8));
            return true;
        };
    }

    private static Part timeField(char t) {
        DateTimeFormatter formatter =
                t == 'N' || t == 's' ? null : DateTimeFormatter.ofPattern(pattern(t), Locale.ROOT);
        return (m, micros, out, err) -> {
            ZonedDateTime time = localTime(micros);
            String s = switch (t) {
                case 'N' -> String.format(Locale.ROOT, "%09d", Math.floorMod(micros, 1_000_000) * 1000);
                case 's' -> Long.toString(Math.floorDiv(micros, 1_000_000));
                default -> formatter.format(time);
            };
            out.write(s.getBytes(StandardCharsets.UTF_8));
            return true;
        };
    }

    /** The java.time pattern of a strftime field; checked when the format is compiled. */
    private static String pattern(char t) {
        return switch (t) {
            case 'Y' -> "yyyy";
            case 'y' -> "yy";
            case 'm' -> "MM";
            case 'd' -> "dd";
            case 'e' -> "ppd";
            case 'H' -> "HH";
            case 'I' -> "hh";
            case 'M' -> "mm";
            case 'S' -> "ss";
            case 'p' -> "a";
            case 'j' -> "DDD";
            case 'a' -> "EEE";
            case 'A' -> "EEEE";
            case 'b', 'h' -> "MMM";
            case 'B' -> "MMMM";
            case 'z' -> "xx";
            case 'Z' -> "zzz";
            case 'F' -> "yyyy-MM-dd";
            case 'T' -> "HH:mm:ss";
            case 'R' -> "HH:mm";
            case 'D' -> "MM/dd/yy";
            case 'N', 's' -> "";
            default ->
                throw new IllegalArgumentException(
                        "@" + t + " is not supported; use @Y @y @m @d @e @H @I @M @S @p @j @a"
                                + " @A @b @B @z @Z @F @T @R @D @s @N or @@ for an @");
        };
    }

    private static ZonedDateTime localTime(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
                .atZone(ZoneId.systemDefault());
    }

    private static String userProperties(MqttMessage m, long t) {
        UserProperties user = m.userProperties();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < user.size(); i++) {
            if (i > 0) s.append(' ');
            s.append(user.name(i)).append(':').append(user.value(i));
        }
        return s.toString();
    }

    private static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }

    /**
     * mosquitto_sub's JSON line: {@code tst}, {@code topic}, {@code qos}, {@code retain}, {@code payloadlen}, the MQTT 5
     * {@code properties} when there are any, then the payload: a string when it is UTF-8 ({@code payload_base64}
     * instead when it is not), or with {@code %J} the payload's own JSON.
     */
    private static boolean json(MqttMessage m, long micros, ByteArrayOutputStream out, boolean raw, PrintStream err)
            throws IOException {
        byte[] payload = m.payloadBytes();
        if (raw && !isJson(payload)) {
            err.println("Error: Message payload is not valid JSON on topic " + m.topic());
            return false;
        }
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(
                    "tst",
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
                            .toString());
            g.writeStringField("topic", m.topic());
            g.writeNumberField("qos", m.qos().value());
            g.writeNumberField("retain", m.retain() ? 1 : 0);
            g.writeNumberField("payloadlen", payload.length);
            PublishProperties p = m.properties();
            if (!p.isEmpty()) writeProperties(g, p);
            if (raw) {
                g.writeFieldName("payload");
                g.writeRawValue(new String(payload, StandardCharsets.UTF_8));
            } else {
                String text = utf8(payload);
                if (text != null) {
                    g.writeStringField("payload", text);
                } else {
                    g.writeFieldName("payload_base64");
                    g.writeBinary(payload);
                }
            }
            g.writeEndObject();
        }
        return true;
    }

    private static void writeProperties(JsonGenerator g, PublishProperties p) throws IOException {
        g.writeObjectFieldStart("properties");
        UserProperties user = p.userProperties();
        if (!user.isEmpty()) {
            // An array of pairs rather than mosquitto's object: a name may repeat, and each value is kept.
            g.writeArrayFieldStart("user-properties");
            for (int i = 0; i < user.size(); i++) {
                g.writeStartArray();
                g.writeString(user.name(i));
                g.writeString(user.value(i));
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        if (p.contentType() != null) g.writeStringField("content-type", p.contentType());
        if (p.payloadFormat() != null)
            g.writeNumberField("payload-format-indicator", p.payloadFormat().value());
        if (p.responseTopic() != null) g.writeStringField("response-topic", p.responseTopic());
        if (p.correlationData() != null) {
            String text = utf8(p.correlationData().toByteArray());
            if (text != null) {
                g.writeStringField("correlation-data", text);
            } else {
                g.writeFieldName("correlation-data-base64");
                g.writeBinary(p.correlationData().toByteArray());
            }
        }
        if (p.messageExpiryInterval() != null) {
            g.writeNumberField("message-expiry-interval", p.messageExpiryInterval());
        }
        if (!p.subscriptionIdentifiers().isEmpty()) {
            g.writeArrayFieldStart("subscription-identifiers");
            for (int id : p.subscriptionIdentifiers()) g.writeNumber(id);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isJson(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() == null) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
