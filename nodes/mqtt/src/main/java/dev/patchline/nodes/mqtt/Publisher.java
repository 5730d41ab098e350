package dev.patchline.nodes.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.topic.Topics;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.OperatorContext;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MQTT Client DAT's publishes: the new rows of its input DAT and the scripts' {@code publish} calls, checked
 * (topic, QoS, room in the publish queue) and handed to the link without waiting. A refused publish is a warning on
 * the node, never an exception in the script. Cook thread only.
 */
final class Publisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperatorContext context;
    private final ClientConnection connection;
    private final LinkUser user;
    private final ClientStatus status;
    private long lastInputSeq = Long.MIN_VALUE;

    Publisher(OperatorContext context, ClientConnection connection, LinkUser user, ClientStatus status) {
        this.context = context;
        this.connection = connection;
        this.user = user;
        this.status = status;
    }

    /** Publishes every input row not published yet (rows are identified by their sequence number). */
    void publishInputRows(CookContext ctx) {
        if (ctx.numInputs() == 0 || !ctx.inputChanged(0) && lastInputSeq != Long.MIN_VALUE) return;
        Table in = ctx.input(0);
        int topicCol = in.col("topic");
        int payloadCol = in.col("payload");
        if (in.numRows() > 0 && (topicCol < 0 || payloadCol < 0)) {
            status.request(
                    "input 'publish' needs columns 'topic' and 'payload' (optional 'qos', 'retain'); its header is "
                            + header(in));
            return;
        }
        int qosCol = in.col("qos");
        int retainCol = in.col("retain");
        long first = in.firstRowSeq();
        int start = (int)
                Math.max(0, Math.min(in.numRows(), lastInputSeq == Long.MIN_VALUE ? 0 : lastInputSeq + 1 - first));
        for (int r = start; r < in.numRows(); r++) {
            int qos = qosCol < 0 ? 0 : parseQos(in.cell(r, qosCol));
            boolean retain = retainCol >= 0 && isTrue(in.cell(r, retainCol));
            if (qos < 0) {
                status.request("input row " + r + ": qos '" + in.cell(r, qosCol) + "' is not 0, 1 or 2; row skipped");
                continue;
            }
            publish(in.cell(r, topicCol), in.cell(r, payloadCol), qos, retain, null);
        }
        lastInputSeq = first + in.numRows() - 1;
    }

    /** {@return whether the message was queued} Otherwise the node shows why. */
    boolean publish(String topic, Object payload, int qos, boolean retain, Map<String, ?> properties) {
        MqttLink link = connection.link();
        if (link == null) {
            return status.refuse("publish to '" + topic + "' ignored: the node is not active (turn 'active' on)");
        }
        if (topic == null || !Topics.isValidName(topic)) {
            return status.refuse("publish to '" + topic + "' refused: not a valid topic name (no + or #, not empty)");
        }
        if (qos < 0 || qos > 2) {
            return status.refuse("publish to '" + topic + "' refused: qos must be 0, 1 or 2, got " + qos);
        }
        if (link.isPublishQueueFull()) {
            return status.refuse(
                    "publish to '" + topic + "' refused: the publish queue is full (the broker is slow or away)");
        }
        byte[] bytes;
        try {
            bytes = payloadBytes(payload);
        } catch (JsonProcessingException e) {
            return status.refuse(
                    "publish to '" + topic + "' refused: payload cannot be written as JSON: " + e.getMessage());
        }
        PublishProperties props = publishProperties(properties);
        link.publish(
                user,
                topic,
                bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes),
                Qos.of(qos),
                retain,
                props);
        return true;
    }

    private static String header(Table t) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < t.numCols(); c++) names.add(t.header(c));
        return names.toString();
    }

    private static int parseQos(String text) {
        return switch (text.trim()) {
            case "", "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> -1;
        };
    }

    private static boolean isTrue(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.equals("1") || t.equals("true") || t.equals("yes") || t.equals("on");
    }

    private static byte[] payloadBytes(Object payload) throws JsonProcessingException {
        if (payload == null) return new byte[0];
        if (payload instanceof byte[] b) return b.clone();
        if (payload instanceof CharSequence s) return s.toString().getBytes(StandardCharsets.UTF_8);
        if (payload instanceof Map<?, ?> || payload instanceof Collection<?>) return JSON.writeValueAsBytes(payload);
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }

    private PublishProperties publishProperties(Map<String, ?> properties) {
        Map<String, String> userProps = context.par(MqttClientDat.USERPROPS);
        if ((properties == null || properties.isEmpty()) && userProps.isEmpty()) return PublishProperties.NONE;
        PublishProperties.Builder b = PublishProperties.builder();
        Map<String, String> up = new LinkedHashMap<>(userProps);
        if (properties != null) {
            Object v;
            if ((v = properties.get("contentType")) != null) b.contentType(v.toString());
            if ((v = properties.get("responseTopic")) != null) b.responseTopic(v.toString());
            if ((v = properties.get("correlationData")) != null) {
                b.correlationData(v instanceof byte[] bytes ? BinaryData.of(bytes) : BinaryData.ofUtf8(v.toString()));
            }
            if ((v = properties.get("messageExpiry")) != null) b.messageExpiryInterval(((Number) v).longValue());
            if ((v = properties.get("userProperties")) instanceof Map<?, ?> m) {
                m.forEach((k, val) -> up.put(String.valueOf(k), String.valueOf(val)));
            }
        }
        if (!up.isEmpty()) b.userProperties(LinkConfig.userProperties(up));
        return b.build();
    }
}
