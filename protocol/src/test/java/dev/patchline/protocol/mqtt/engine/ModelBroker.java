package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttDecodeException;
import dev.patchline.protocol.mqtt.codec.MqttDecoder;
import dev.patchline.protocol.mqtt.codec.MqttEncoder;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttPacket;
import dev.patchline.protocol.mqtt.codec.packet.PingResp;
import dev.patchline.protocol.mqtt.codec.packet.PubAck;
import dev.patchline.protocol.mqtt.codec.packet.PubComp;
import dev.patchline.protocol.mqtt.codec.packet.PubRec;
import dev.patchline.protocol.mqtt.codec.packet.PubRel;
import dev.patchline.protocol.mqtt.codec.packet.Publish;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.SubAck;
import dev.patchline.protocol.mqtt.codec.packet.SubAckReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.Subscribe;
import dev.patchline.protocol.mqtt.codec.packet.Subscription;
import dev.patchline.protocol.mqtt.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small in-memory MQTT server for one client, with a session that survives every connection: QoS 1 and 2 in
 * both directions (QoS 2 inbound by "method A": the message is forwarded when the PUBLISH first arrives and its
 * packet id is remembered until PUBREL), the client's Receive Maximum respected, unacknowledged PUBLISH and PUBREL
 * resent on resume. Messages are routed back to the same client when its one subscription matches.
 */
final class ModelBroker {

    private static final class Out {
        final String topic;
        final byte[] payload;
        final Qos qos;
        int packetId;
        boolean released; // QoS 2: PUBREC received, PUBREL sent

        Out(String topic, byte[] payload, Qos qos) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
        }
    }

    private final int receiveMaximum;
    private MqttDecoder decoder;
    private MqttEncoder encoder;
    private boolean connected;
    final ByteBuf toClient = Unpooled.buffer();
    private final ByteBuf fromClient = Unpooled.buffer();

    // session
    private boolean sessionExists;
    private String filter;
    private Qos subscriptionQos;
    private final BitSet receivedQos2 = new BitSet();
    private final Map<Integer, Out> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private int nextId;
    private int clientReceiveMaximum = 65_535;
    int connects;

    ModelBroker(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    void open() {
        decoder = new MqttDecoder(DecoderConfig.server(DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE));
        connected = false;
        toClient.clear();
        fromClient.clear();
    }

    void cut() {
        connected = false;
        toClient.clear();
        fromClient.clear();
    }

    boolean idle() {
        return inflight.isEmpty() && queue.isEmpty() && receivedQos2.isEmpty();
    }

    void receive(ByteBuf bytes) {
        fromClient.writeBytes(bytes);
        bytes.release();
        try {
            MqttPacket p;
            while ((p = decoder.decode(fromClient)) != null) {
                handle(p); // handlers copy what they keep and release PUBLISH payloads at once
            }
        } catch (MqttDecodeException e) {
            throw new AssertionError("the client sent bytes the server cannot decode: " + e.getMessage(), e);
        }
        fromClient.discardReadBytes();
    }

    private void send(MqttPacket p) {
        encoder.encode(p, toClient);
    }

    private void handle(MqttPacket p) {
        switch (p.type()) {
            case CONNECT -> {
                Connect c = (Connect) p;
                encoder = new MqttEncoder(c.version());
                connects++;
                if (c.cleanStart()) {
                    sessionExists = false;
                    filter = null;
                    receivedQos2.clear();
                    inflight.clear();
                    queue.clear();
                }
                boolean present = sessionExists;
                sessionExists = true;
                clientReceiveMaximum = c.properties().receiveMaximumOrDefault();
                connected = true;
                send(new ConnAck(
                        present,
                        ConnectReasonCode.SUCCESS,
                        ConnAckProperties.builder()
                                .receiveMaximum(receiveMaximum)
                                .build()));
                if (present) {
                    for (Out o : inflight.values()) {
                        if (o.released) {
                            send(PubRel.of(o.packetId));
                        } else {
                            send(packet(o, true));
                        }
                    }
                }
                pump();
            }
            case SUBSCRIBE -> {
                Subscribe s = (Subscribe) p;
                Subscription sub = s.subscriptions().get(0);
                filter = sub.topicFilter();
                subscriptionQos = sub.options().qos();
                send(SubAck.of(s.packetId(), SubAckReasonCode.granted(subscriptionQos)));
            }
            case PUBLISH -> {
                Publish m = (Publish) p;
                try {
                    switch (m.qos()) {
                        case AT_MOST_ONCE -> route(m);
                        case AT_LEAST_ONCE -> {
                            route(m);
                            send(PubAck.of(m.packetId()));
                        }
                        case EXACTLY_ONCE -> {
                            if (!receivedQos2.get(m.packetId())) {
                                receivedQos2.set(m.packetId());
                                route(m);
                            }
                            send(PubRec.of(m.packetId()));
                        }
                    }
                } finally {
                    m.release();
                }
            }
            case PUBREL -> {
                receivedQos2.clear(((PubRel) p).packetId());
                send(PubComp.of(((PubRel) p).packetId()));
            }
            case PUBACK -> {
                inflight.remove(((PubAck) p).packetId());
                pump();
            }
            case PUBREC -> {
                Out o = inflight.get(((PubRec) p).packetId());
                if (o != null) {
                    o.released = true;
                }
                send(PubRel.of(((PubRec) p).packetId()));
            }
            case PUBCOMP -> {
                inflight.remove(((PubComp) p).packetId());
                pump();
            }
            case PINGREQ -> send(PingResp.INSTANCE);
            case DISCONNECT, UNSUBSCRIBE, AUTH -> {}
            default -> throw new AssertionError("unexpected " + p.type() + " from the client");
        }
    }

    private void route(Publish m) {
        if (filter == null || !Topics.matches(filter, m.topic())) {
            return;
        }
        byte[] payload = new byte[m.payload().readableBytes()];
        m.payload().getBytes(m.payload().readerIndex(), payload);
        queue.add(new Out(m.topic(), payload, m.qos().min(subscriptionQos)));
        pump();
    }

    private void pump() {
        while (connected && !queue.isEmpty()) {
            Out o = queue.peek();
            if (o.qos != Qos.AT_MOST_ONCE && inflight.size() >= clientReceiveMaximum) {
                return;
            }
            queue.poll();
            if (o.qos != Qos.AT_MOST_ONCE) {
                do {
                    nextId = nextId == 65_535 ? 1 : nextId + 1;
                } while (inflight.containsKey(nextId));
                o.packetId = nextId;
                inflight.put(nextId, o);
            }
            send(packet(o, false));
        }
    }

    private static Publish packet(Out o, boolean dup) {
        return new Publish(o.topic, o.qos, false, dup, o.packetId, Unpooled.wrappedBuffer(o.payload), null);
    }
}
