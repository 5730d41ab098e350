package dev.patchline.bench.ingest;

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

import dev.patchline.bench.client.FakeServers;

/**
 * A publisher that cannot be the bottleneck: a blocking socket writing pre-encoded MQTT 3.1.1 PUBLISH packets in
 * batches, no client library in between. At QoS 1 at most {@link #WINDOW} wait for their PUBACK (counted by a reader
 * thread); packet ids cycle over 1..64,000, far more than the window, so none is reused while in flight.
 */
final class RawPublisher implements AutoCloseable {

    static final int WINDOW = 1_000;
    private static final int BATCH = 200;
    private static final int IDS = 64_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final int qos;
    private final AtomicLong acked = new AtomicLong();
    /** The publisher while it waits for PUBACKs, and how many it waits for: the ack reader wakes it then. */
    private volatile Thread waitingForAcks;
    private volatile long ackTarget = Long.MAX_VALUE;
    private Thread ackReader;

    RawPublisher(int port, String clientId, int qos) throws IOException {
        this.qos = qos;
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        out = socket.getOutputStream();
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out.write(connect(clientId));
        out.flush();
        int[] type = new int[1];
        byte[] connack = FakeServers.readPacket(in, type);
        if (connack == null || (type[0] & 0xF0) != 0x20 || connack[1] != 0) {
            throw new IOException(clientId + ": broker refused the connection");
        }
    }

    /** Writes {@code messages} PUBLISH packets as fast as the socket takes them; at QoS 1 waits for all PUBACKs. */
    void publish(long messages) throws IOException, InterruptedException {
        publish(messages, count -> { });
    }

    /**
     * Writes {@code messages} PUBLISH packets; {@code gate} is called before each batch with its size and may block
     * until sending it is welcome. At QoS 1 returns once all are acknowledged.
     */
    void publish(long messages, LongConsumer gate) throws IOException, InterruptedException {
        byte[] packet = publishPacket(1);
        int size = packet.length;
        byte[] batch = new byte[BATCH * size];
        if (qos > 0) {
            ackReader = new Thread(this::countAcks, "bench-publisher-acks");
            ackReader.setDaemon(true);
            ackReader.start();
        }
        long sent = 0;
        int id = 1;
        while (sent < messages) {
            int count = (int) Math.min(BATCH, messages - sent);
            gate.accept(count);
            if (qos > 0) {
                awaitAcks(sent + count - WINDOW);
            }
            for (int i = 0; i < count; i++) {
                System.arraycopy(packet, 0, batch, i * size, size);
                if (qos > 0) {
                    int idOffset = 4 + FakeServers.TOPIC.length();
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
            while (acked.get() < messages) {
                if (!ackReader.isAlive()) {
                    throw new IOException("connection lost with " + acked.get() + " of " + messages + " acknowledged");
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * Sleeps until {@code target} PUBACKs are in. It used to spin, which on the 2 shared cores took a core per
     * publisher away from mosquitto and the subscriber being measured; now the ack reader wakes it (the timeout only
     * covers a wake-up that raced with going to sleep).
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
            while (FakeServers.readPacket(in, type) != null) {
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

    private static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + 10 + 2 + id.length];
        p[0] = 0x10;
        p[1] = (byte) (10 + 2 + id.length);
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60}; // level 4 = 3.1.1, clean session, keep-alive 60 s
        System.arraycopy(variable, 0, p, 2, variable.length);
        p[12] = 0;
        p[13] = (byte) id.length;
        System.arraycopy(id, 0, p, 14, id.length);
        return p;
    }

    /** One PUBLISH of the sensor JSON to the bench topic (remaining length under 128: one length byte). */
    private byte[] publishPacket(int packetId) {
        byte[] topic = FakeServers.TOPIC.getBytes(StandardCharsets.UTF_8);
        int idBytes = qos > 0 ? 2 : 0;
        int remaining = 2 + topic.length + idBytes + SensorMessage.BYTES.length;
        byte[] p = new byte[2 + remaining];
        p[0] = (byte) (0x30 | (qos << 1));
        p[1] = (byte) remaining;
        p[3] = (byte) topic.length;
        System.arraycopy(topic, 0, p, 4, topic.length);
        if (qos > 0) {
            p[4 + topic.length] = (byte) (packetId >> 8);
            p[5 + topic.length] = (byte) packetId;
        }
        System.arraycopy(SensorMessage.BYTES, 0, p, 4 + topic.length + idBytes, SensorMessage.BYTES.length);
        return p;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
