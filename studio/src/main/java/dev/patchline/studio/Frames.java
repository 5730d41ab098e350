package dev.patchline.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The protocol's server messages as JSON text (one object per WebSocket frame), built with Jackson. Each method builds
 * one message type of {@code docs/guide/studio.md}. Stateless; thread-safe.
 */
final class Frames {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final int PROTOCOL = 1;
    /** Payloads in {@code messages} are cut to this many characters, as a debug sidebar shows them. */
    static final int MAX_PAYLOAD_CHARS = 1_000;

    private Frames() {}

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode message(String type) {
        return JSON.objectNode().put("type", type);
    }

    static String graph(LiveGraph.Revision r, JsonNode graph) {
        ObjectNode o = message("graph");
        o.put("rev", r.rev());
        o.put("source", r.wireSource());
        o.set("graph", graph);
        return text(o);
    }

    static String file(String path, boolean dirty, long rev) {
        ObjectNode o = message("file");
        o.put("path", path);
        o.put("dirty", dirty);
        o.put("rev", rev);
        return text(o);
    }

    static String ack(String reqId, long rev) {
        return text(message("ack").put("reqId", reqId).put("rev", rev));
    }

    static String nack(String reqId, List<EditError> errors, boolean stale) {
        ObjectNode o = message("nack");
        o.put("reqId", reqId);
        if (stale) o.put("stale", true);
        ArrayNode a = o.putArray("errors");
        for (EditError e : errors) {
            ObjectNode item = a.addObject();
            if (e.id() == null) item.putNull("id");
            else item.put("id", e.id());
            if (e.param() == null) item.putNull("param");
            else item.put("param", e.param());
            item.put("message", e.message());
        }
        return text(o);
    }

    static ObjectNode logItem(long t, String level, String node, String text) {
        ObjectNode o = JSON.objectNode();
        o.put("t", t);
        o.put("level", level);
        if (node == null) o.putNull("node");
        else o.put("node", node);
        o.put("text", text);
        return o;
    }

    static ArrayNode row(String[] cells) {
        ArrayNode a = JSON.arrayNode(cells.length);
        for (String c : cells) a.add(c);
        return a;
    }

    /** A table frame with the last {@code count} copied rows (a reset) or the rows from {@code fromSeq} (an append). */
    static String table(NodeData.TableData t, boolean reset, long fromSeq, int dropped) {
        ObjectNode o = message("table");
        o.put("id", t.id());
        o.put("reset", reset);
        if (reset) o.set("header", row(t.header()));
        o.put("firstSeq", t.firstSeq());
        o.put("numRows", t.numRows());
        if (!reset && dropped > 0) o.put("dropped", dropped);
        ArrayNode rows = o.putArray(reset ? "rows" : "append");
        for (long seq = fromSeq; seq < t.endSeq(); seq++) rows.add(row(t.row(seq)));
        return text(o);
    }

    static String channels(NodeData.ChannelData c) {
        ObjectNode o = message("channels");
        o.put("id", c.id());
        o.set("names", row(c.names()));
        ArrayNode values = o.putArray("values");
        for (double v : c.values()) {
            if (Double.isFinite(v)) values.add(v);
            else values.addNull();
        }
        o.put("frame", c.frame());
        return text(o);
    }

    /** {@return row {@code seq} of a tapped node as a message item: topic and payload columns when the table has them} */
    static ObjectNode messageItem(NodeData.TableData t, long seq, long now) {
        String[] header = t.header();
        String[] cells = t.row(seq);
        ObjectNode o = JSON.objectNode();
        o.put("node", t.id());
        o.put("t", now);
        int topic = indexOf(header, "topic");
        int payload = indexOf(header, "payload");
        if (topic >= 0) o.put("topic", cell(cells, topic));
        String text;
        if (payload >= 0) {
            text = cell(cells, payload);
        } else {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (i == topic) continue;
                if (b.length() > 0) b.append('\t');
                b.append(cells[i]);
                if (b.length() > MAX_PAYLOAD_CHARS) break;
            }
            text = b.toString();
        }
        o.put("payload", text.length() > MAX_PAYLOAD_CHARS ? text.substring(0, MAX_PAYLOAD_CHARS) : text);
        int qos = indexOf(header, "qos");
        if (qos >= 0) {
            try {
                o.put("qos", Integer.parseInt(cell(cells, qos)));
            } catch (NumberFormatException notANumber) {
                o.put("qos", cell(cells, qos));
            }
        }
        int retained = indexOf(header, "retained");
        if (retained >= 0) {
            String r = cell(cells, retained);
            o.put("retained", r.equals("1") || r.equalsIgnoreCase("true"));
        }
        return o;
    }

    private static String cell(String[] cells, int i) {
        return i < cells.length ? cells[i] : "";
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        return -1;
    }
}
