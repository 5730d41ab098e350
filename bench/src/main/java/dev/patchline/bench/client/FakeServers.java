package dev.patchline.bench.client;

import dev.patchline.bench.support.AckingReader;
import dev.patchline.bench.support.MqttWire;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Minimal MQTT 3.1.1 servers that measure a client alone, without a broker in the way:
 * <ul>
 *   <li>{@link Source}: after CONNACK and SUBACK it writes pre-encoded 64-byte PUBLISH packets as fast as the socket
 *       takes them; for QoS 1 it keeps at most {@code window} unacknowledged, counting PUBACKs on a reader thread.</li>
 *   <li>{@link Sink}: reads PUBLISH packets and acknowledges QoS 1 ones at once, counting them.</li>
 * </ul>
 * One client connection per server; blocking sockets on dedicated threads (the servers are not what is measured).
 */
public final class FakeServers {

    public static final String TOPIC = "bench/t";
    /** 64 bytes per PUBLISH on the wire: 2 fixed header + 2 + 7 topic + (2 id for QoS 1) + payload. */
    public static final int PACKET_SIZE = 64;

    private FakeServers() {}

    /**
     * Answers CONNECT with a CONNACK of the client's protocol version and returns that version's level: a 3.1.1 client
     * (level 4, Paho's or any other) gets the two-byte 3.1.1 CONNACK, a 5.0 client one with an empty property list.
     * Anything else (3.1's "MQIsdp", a garbled packet) is refused with what was seen.
     */
    static int handshake(DataInputStream in, OutputStream out) throws IOException {
        int[] type = new int[1];
        byte[] connect = MqttWire.readPacket(in, type);
        if (connect == null || (type[0] & 0xF0) != 0x10) {
            throw new IOException("fake server: expected CONNECT as the first packet, got "
                    + (connect == null ? "end of stream" : "packet type " + (type[0] >> 4)));
        }
        boolean mqtt = connect.length > 6
                && connect[0] == 0
                && connect[1] == 4
                && connect[2] == 'M'
                && connect[3] == 'Q'
                && connect[4] == 'T'
                && connect[5] == 'T';
        int level = mqtt ? connect[6] : -1;
        if (level != MqttWire.LEVEL_3_1_1 && level != MqttWire.LEVEL_5) {
            throw new IOException(
                    "fake server: CONNECT is not MQTT 3.1.1 or 5.0 (protocol name 'MQTT', level 4 or 5); "
                            + "configure the client for 3.1.1 explicitly (Paho: MqttConnectOptions.setMqttVersion(MQTT_VERSION_3_1_1))");
        }
        out.write(level == MqttWire.LEVEL_5 ? new byte[] {0x20, 3, 0, 0, 0} : new byte[] {0x20, 2, 0, 0});
        out.flush();
        return level;
    }

    /** A SUBACK granting {@code qos} to the SUBSCRIBE whose body is {@code subscribe} (5.0: empty property list). */
    static byte[] subAck(byte[] subscribe, int level, int qos) {
        return level == MqttWire.LEVEL_5
                ? new byte[] {(byte) 0x90, 4, subscribe[0], subscribe[1], 0, (byte) qos}
                : new byte[] {(byte) 0x90, 3, subscribe[0], subscribe[1], (byte) qos};
    }

    /** Pushes PUBLISH packets at a subscriber. */
    public static final class Source implements AutoCloseable {
        private final ServerSocket server;
        private final long messages;
        private final int qos;
        private final int window;
        private final Thread thread;
        private final byte[] payload;
        public volatile Throwable failure;

        Source(long messages, int qos, int window) throws IOException {
            this(messages, qos, window, new byte[0]);
        }

        /**
         * A source whose packets carry {@code payload} (at most 53 bytes at QoS 0, 51 at QoS 1; the rest of the
         * fixed-size packet stays zero), so that subscribers can parse what they receive (used by {@code bench/run ingest}).
         */
        public Source(long messages, int qos, int window, byte[] payload) throws IOException {
            if (payload.length > PACKET_SIZE - 4 - TOPIC.length() - (qos > 0 ? 2 : 0)) {
                throw new IllegalArgumentException(
                        "payload of " + payload.length + " bytes does not fit a " + PACKET_SIZE + "-byte packet");
            }
            this.payload = payload.clone();
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.messages = messages;
            this.qos = qos;
            this.window = window;
            this.thread = new Thread(this::serve, "bench-source");
            thread.setDaemon(true);
            thread.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                socket.setSendBufferSize(1 << 20);
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
                OutputStream out = socket.getOutputStream();
                int level = handshake(in, out);
                if (level != MqttWire.LEVEL_3_1_1) {
                    // A 5.0 PUBLISH carries a property length after the packet id; these pre-encoded ones do not.
                    throw new IOException(
                            "fake source: its PUBLISH packets are MQTT 3.1.1; connect with 3.1.1, not level " + level);
                }
                int[] type = new int[1];
                byte[] subscribe;
                do {
                    subscribe = MqttWire.readPacket(in, type);
                } while (subscribe != null && (type[0] & 0xF0) != 0x80);
                if (subscribe == null) {
                    return;
                }
                out.write(subAck(subscribe, level, qos));
                out.flush();
                int batch = qos == 0 ? 1024 : Math.max(1, Math.min(256, window / 4));
                byte[][] batches = encodeBatches(batch);
                AtomicLong acked = new AtomicLong();
                Thread ackReader = new Thread(() -> countAcks(in, acked), "bench-source-acks");
                ackReader.setDaemon(true);
                if (qos > 0) {
                    ackReader.start();
                }
                long sent = 0;
                int next = 0;
                while (sent < messages) {
                    if (qos > 0) {
                        while (sent + batch - acked.get() > window) {
                            Thread.onSpinWait();
                        }
                    }
                    int count = (int) Math.min(batch, messages - sent);
                    out.write(batches[next], 0, count * PACKET_SIZE);
                    next = (next + 1) % batches.length;
                    sent += count;
                }
                out.flush();
                // Keep the connection open until the client leaves: closing early could cut off what it has not read
                // yet.
                if (qos == 0) {
                    while (in.read() >= 0) {
                        in.skip(in.available());
                    }
                } else {
                    ackReader.join();
                }
            } catch (IOException | InterruptedException e) {
                if (!server.isClosed()) {
                    failure = e;
                }
            }
        }

        /** Packet ids 1..n cycle through batches, so an id is reused only after a window's worth of acks. */
        private byte[][] encodeBatches(int batch) {
            int batchCount = qos == 0 ? 1 : 65_000 / batch;
            byte[][] batches = new byte[batchCount][batch * PACKET_SIZE];
            int id = 1;
            for (byte[] bytes : batches) {
                for (int i = 0; i < batch; i++) {
                    int o = i * PACKET_SIZE;
                    bytes[o] = (byte) (0x30 | (qos << 1));
                    bytes[o + 1] = (byte) (PACKET_SIZE - 2);
                    bytes[o + 2] = 0;
                    bytes[o + 3] = (byte) TOPIC.length();
                    for (int c = 0; c < TOPIC.length(); c++) {
                        bytes[o + 4 + c] = (byte) TOPIC.charAt(c);
                    }
                    if (qos > 0) {
                        bytes[o + 4 + TOPIC.length()] = (byte) (id >> 8);
                        bytes[o + 5 + TOPIC.length()] = (byte) id;
                        id++;
                    }
                    System.arraycopy(payload, 0, bytes, o + 4 + TOPIC.length() + (qos > 0 ? 2 : 0), payload.length);
                }
            }
            return batches;
        }

        private static void countAcks(DataInputStream in, AtomicLong acked) {
            int[] type = new int[1];
            try {
                while (MqttWire.readPacket(in, type) != null) {
                    if ((type[0] & 0xF0) == 0x40) {
                        acked.incrementAndGet();
                    }
                }
            } catch (IOException endOfStream) {
                // client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }

    /** Receives and acknowledges a publisher's stream. */
    static final class Sink implements AutoCloseable {
        private static final Runnable NOTHING = () -> {};
        private final ServerSocket server;
        private final long expected;
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicLong received = new AtomicLong();
        private final Thread thread;

        Sink(long expected) throws IOException {
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.expected = expected;
            this.thread = new Thread(this::serve, "bench-sink");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /**
         * An {@link AckingReader}: packets parsed in place, one write of PUBACKs per read burst. No allocation and no
         * system call per packet, since the sink shares the machine's cores with the client it measures (asking the
         * socket how much is available after every packet had cost an {@code ioctl} per message).
         */
        private void serve() {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream raw = socket.getInputStream();
                DataInputStream in = new DataInputStream(raw);
                OutputStream out = socket.getOutputStream();
                handshake(in, out); // byte by byte from the raw stream: nothing after CONNECT is read ahead and lost
                AckingReader reader = new AckingReader(raw, out);
                int publishes;
                while ((publishes = reader.readChunk(NOTHING)) >= 0) {
                    if (publishes > 0 && received.addAndGet(publishes) >= expected) {
                        done.countDown();
                    }
                }
            } catch (IOException e) {
                // client closed
            } finally {
                done.countDown();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
