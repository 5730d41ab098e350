package dev.patchline.protocol.mqtt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal MQTT 3.1.1 {@link StreamProtocol} for transport tests, independent of the real engine: sends CONNECT on
 * open, counts CONNACKs, can SUBSCRIBE and PUBLISH (QoS 0), hands received PUBLISH payloads to a queue, and sends a
 * PINGREQ at a deadline to exercise the transport's timer. Called on the event loop only; the test thread reads the
 * thread-safe counters and queues.
 */
final class ScriptedProtocol implements StreamProtocol {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger connAcks = new AtomicInteger();
    final AtomicInteger pingResponses = new AtomicInteger();
    final AtomicInteger timeouts = new AtomicInteger();
    final List<Throwable> closeCauses = new CopyOnWriteArrayList<>();
    final BlockingQueue<byte[]> payloads = new LinkedBlockingQueue<>();
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    /** Run on each CONNACK, as the real client tells the transport that the connection is established. */
    volatile Runnable onConnAck = () -> {};

    private final String clientId;
    private final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
    private ByteBuf inbound = Unpooled.buffer();
    private long pingDeadline = Long.MAX_VALUE;
    private long pingDelayNanos = -1;
    private int packetId = 1;

    ScriptedProtocol(String clientId) {
        this.clientId = clientId;
    }

    /** After each CONNACK, send one PINGREQ this many nanoseconds later (through the transport's timer). */
    ScriptedProtocol pingAfter(long nanos) {
        this.pingDelayNanos = nanos;
        return this;
    }

    @Override
    public void connectionOpened(long nowNanos) {
        opened.incrementAndGet();
        inbound.clear();
        ByteBuf body = Unpooled.buffer();
        writeString(body, "MQTT");
        body.writeByte(4).writeByte(0x02).writeShort(60);
        writeString(body, clientId);
        outbound.add(packet(0x10, body));
    }

    @Override
    public void receive(ByteBuf bytes, long nowNanos) {
        try {
            inbound.writeBytes(bytes);
        } finally {
            bytes.release();
        }
        while (true) {
            inbound.markReaderIndex();
            if (!inbound.isReadable()) {
                break;
            }
            int type = inbound.readUnsignedByte();
            int length = readLength(inbound);
            if (length < 0 || inbound.readableBytes() < length) {
                inbound.resetReaderIndex();
                break;
            }
            ByteBuf body = inbound.readSlice(length);
            handle(type, body, nowNanos);
        }
        inbound.discardReadBytes();
    }

    private void handle(int type, ByteBuf body, long nowNanos) {
        switch (type & 0xF0) {
            case 0x20 -> {
                connAcks.incrementAndGet();
                onConnAck.run();
                events.add("CONNACK " + body.getByte(1));
                if (pingDelayNanos >= 0) {
                    pingDeadline = nowNanos + pingDelayNanos;
                }
            }
            case 0x30 -> {
                int topicLength = body.readUnsignedShort();
                body.skipBytes(topicLength);
                if (((type >> 1) & 3) > 0) {
                    body.skipBytes(2);
                }
                byte[] payload = new byte[body.readableBytes()];
                body.readBytes(payload);
                payloads.add(payload);
            }
            case 0x90 -> events.add("SUBACK");
            case 0xD0 -> {
                pingResponses.incrementAndGet();
                events.add("PINGRESP");
            }
            default -> events.add("packet 0x" + Integer.toHexString(type));
        }
    }

    @Override
    public void connectionClosed(long nowNanos, Throwable cause) {
        closed.incrementAndGet();
        if (cause != null) {
            closeCauses.add(cause);
        }
        pingDeadline = Long.MAX_VALUE;
        outbound.forEach(ByteBuf::release);
        outbound.clear();
        events.add("CLOSED");
    }

    @Override
    public void handleTimeout(long nowNanos) {
        timeouts.incrementAndGet();
        if (nowNanos >= pingDeadline) {
            pingDeadline = Long.MAX_VALUE;
            outbound.add(Unpooled.wrappedBuffer(new byte[] {(byte) 0xC0, 0}));
        }
    }

    @Override
    public ByteBuf pollOutbound() {
        return outbound.poll();
    }

    @Override
    public long nextDeadlineNanos() {
        return pingDeadline;
    }

    /** Queues a SUBSCRIBE at QoS 0. Event loop only. */
    void subscribe(String filter) {
        ByteBuf body = Unpooled.buffer();
        body.writeShort(packetId++);
        writeString(body, filter);
        body.writeByte(0);
        outbound.add(packet(0x82, body));
    }

    /** Queues a QoS 0 PUBLISH. Event loop only. */
    void publish(String topic, byte[] payload) {
        ByteBuf body = Unpooled.buffer(payload.length + topic.length() + 2);
        writeString(body, topic);
        body.writeBytes(payload);
        outbound.add(packet(0x30, body));
    }

    /** Queues a DISCONNECT. Event loop only. */
    void disconnect() {
        outbound.add(Unpooled.wrappedBuffer(new byte[] {(byte) 0xE0, 0}));
    }

    private static ByteBuf packet(int header, ByteBuf body) {
        ByteBuf packet = Unpooled.buffer(body.readableBytes() + 5);
        packet.writeByte(header);
        int length = body.readableBytes();
        do {
            int digit = length % 128;
            length /= 128;
            packet.writeByte(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        body.release();
        return packet;
    }

    private static int readLength(ByteBuf in) {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            if (!in.isReadable()) {
                return -1;
            }
            int digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                return value;
            }
            multiplier *= 128;
        }
        throw new IllegalStateException("malformed remaining length");
    }

    private static void writeString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length).writeBytes(bytes);
    }
}
