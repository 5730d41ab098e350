package dev.patchline.bench.support;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A publisher that cannot be the bottleneck: a blocking socket writing pre-encoded MQTT 3.1.1 PUBLISH packets in
 * batches, no client library in between. At QoS 1 at most {@link #WINDOW} wait for their PUBACK (counted by a reader
 * thread); packet ids cycle over 1..64,000, far more than the window, so none is reused while in flight.
 */
public final class RawPublisher implements AutoCloseable {

    public static final int WINDOW = 1_000;
    private static final int BATCH = 200;
    private static final int IDS = 64_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final int qos;
    private final byte[] packet;
    private final int idOffset;
    private final AtomicLong acked = new AtomicLong();
    /** The publisher while it waits for PUBACKs, and how many it waits for: the ack reader wakes it then. */
    private volatile Thread waitingForAcks;

    private volatile long ackTarget = Long.MAX_VALUE;
    private Thread ackReader;

    /** Connects as {@code clientId}; every PUBLISH goes to {@code topic} with {@code payload} (packet under 128 bytes). */
    public RawPublisher(int port, String clientId, int qos, String topic, byte[] payload) throws IOException {
        this.qos = qos;
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        this.idOffset = 4 + topicBytes.length;
        this.packet = publishPacket(topicBytes, payload);
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        out = socket.getOutputStream();
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out.write(MqttWire.connect(clientId));
        out.flush();
        MqttWire.expectConnAck(in, clientId);
    }

    /** Writes {@code messages} PUBLISH packets as fast as the socket takes them; at QoS 1 waits for all PUBACKs. */
    public void publish(long messages) throws IOException, InterruptedException {
        publish(messages, count -> {});
    }

    /**
     * Writes {@code messages} PUBLISH packets; {@code gate} is called before each batch with its size and may block
     * until sending it is welcome. At QoS 1 returns once all are acknowledged.
     */
    public void publish(long messages, LongConsumer gate) throws IOException, InterruptedException {
        int size = packet.length;
        byte[] batch = new byte[BATCH * size];
        if (qos > 0 && ackReader == null) {
            ackReader = new Thread(this::countAcks, "bench-publisher-acks");
            ackReader.setDaemon(true);
            ackReader.start();
        }
        long ackedBefore = acked.get();
        long sent = 0;
        int id = 1;
        while (sent < messages) {
            int count = (int) Math.min(BATCH, messages - sent);
            gate.accept(count);
            if (qos > 0) {
                awaitAcks(ackedBefore + sent + count - WINDOW);
            }
            for (int i = 0; i < count; i++) {
                System.arraycopy(packet, 0, batch, i * size, size);
                if (qos > 0) {
                    batch[i * size + idOffset] = (byte) (id >> 8);
                    batch[i * size + idOffset + 1] = (byte) id;
                    id = id == IDS ? 1 : id + 1;
                }
            }
            out.write(batch, 0, count * size);
            sent += count;
        }
        out.flush();
        if (qos > 0) {
            while (acked.get() - ackedBefore < messages) {
                if (!ackReader.isAlive()) {
                    throw new IOException("connection lost with " + (acked.get() - ackedBefore) + " of " + messages
                            + " acknowledged");
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * Sleeps until {@code target} PUBACKs are in; the ack reader wakes it (the timeout only covers a wake-up that raced
     * with going to sleep). It does not spin: on a machine with few cores a spinning publisher takes a core away from
     * mosquitto and the subscriber being measured.
     */
    private void awaitAcks(long target) {
        if (acked.get() >= target) {
            return;
        }
        ackTarget = target;
        waitingForAcks = Thread.currentThread();
        while (acked.get() < target && ackReader.isAlive()) {
            LockSupport.parkNanos(this, 1_000_000L);
        }
        waitingForAcks = null;
        ackTarget = Long.MAX_VALUE;
    }

    private void countAcks() {
        int[] type = new int[1];
        try {
            while (MqttWire.readPacket(in, type) != null) {
                if ((type[0] & 0xF0) == 0x40 && acked.incrementAndGet() >= ackTarget) {
                    Thread waiting = waitingForAcks;
                    if (waiting != null) {
                        LockSupport.unpark(waiting);
                    }
                }
            }
        } catch (IOException closed) {
            // the publisher closed its socket
        }
    }

    /** One PUBLISH (packet id left 0, set per copy at QoS 1); a one-byte remaining length keeps the copy loop simple. */
    private byte[] publishPacket(byte[] topic, byte[] payload) {
        int idBytes = qos > 0 ? 2 : 0;
        int remaining = 2 + topic.length + idBytes + payload.length;
        if (remaining > 127) {
            throw new IllegalArgumentException(
                    "PUBLISH of " + remaining + " bytes after the fixed header is too long for "
                            + "the raw publisher (at most 127: shorten the topic or the payload)");
        }
        byte[] p = new byte[2 + remaining];
        p[0] = (byte) (0x30 | (qos << 1));
        p[1] = (byte) remaining;
        p[3] = (byte) topic.length;
        System.arraycopy(topic, 0, p, 4, topic.length);
        System.arraycopy(payload, 0, p, 4 + topic.length + idBytes, payload.length);
        return p;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
