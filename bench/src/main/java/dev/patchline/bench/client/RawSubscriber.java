package dev.patchline.bench.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import dev.patchline.bench.support.MqttWire;

/**
 * The broker's forwarding rate, with as little client as possible in the way: a blocking socket read in 64 KiB
 * chunks, fixed headers walked in place to count PUBLISH packets, and at QoS 1 a PUBACK per PUBLISH gathered into
 * one write per chunk. No decoding, no allocation per message. It is what {@code broker_recv_vs_limit} divides by.
 */
final class RawSubscriber implements BenchSubscriber {

    private static final int CHUNK = 1 << 16;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private Thread reader;
    private volatile Throwable failure;

    @Override
    public String name() {
        return "raw-socket";
    }

    @Override
    public void connect(int port, String clientId) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setReceiveBufferSize(1 << 20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        out.write(MqttWire.connect(clientId));
        out.flush();
        // CONNACK is 4 bytes: read it exactly, so nothing of what follows is consumed here.
        byte[] connack = in.readNBytes(4);
        if (connack.length < 4 || (connack[0] & 0xF0) != 0x20 || connack[3] != 0) {
            throw new IOException(clientId + ": broker refused the connection");
        }
    }

    @Override
    public void subscribe(int qos, Runnable onMessage) throws Exception {
        out.write(MqttWire.subscribe(FakeServers.TOPIC, qos));
        out.flush();
        byte[] subAck = in.readNBytes(5);
        if (subAck.length < 5 || (subAck[0] & 0xF0) != 0x90 || (subAck[4] & 0x80) != 0) {
            throw new IOException("raw subscriber: subscription refused");
        }
        reader = new Thread(() -> count(onMessage), "bench-raw-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    /** Walks packets across chunk boundaries: an incomplete packet at the end of a chunk moves to the front. */
    private void count(Runnable onMessage) {
        byte[] buffer = new byte[CHUNK];
        byte[] acks = new byte[CHUNK];
        int filled = 0;
        try {
            while (true) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    return;
                }
                filled += read;
                int position = 0;
                int ackBytes = 0;
                while (true) {
                    // fixed header: type byte, then 1..4 bytes of remaining length (MQTT-2.2.3)
                    int length = 0;
                    int multiplier = 1;
                    int cursor = position + 1;
                    boolean complete = false;
                    while (cursor < filled) {
                        int digit = buffer[cursor++] & 0xFF;
                        length += (digit & 0x7F) * multiplier;
                        multiplier *= 128;
                        if ((digit & 0x80) == 0) {
                            complete = true;
                            break;
                        }
                    }
                    if (!complete || cursor + length > filled) {
                        break;
                    }
                    int type = buffer[position] & 0xFF;
                    if ((type & 0xF0) == 0x30) {
                        if ((type & 0x06) != 0) { // QoS 1: the packet id follows the topic name
                            int topicLength = (buffer[cursor] & 0xFF) << 8 | (buffer[cursor + 1] & 0xFF);
                            acks[ackBytes++] = 0x40;
                            acks[ackBytes++] = 2;
                            acks[ackBytes++] = buffer[cursor + 2 + topicLength];
                            acks[ackBytes++] = buffer[cursor + 3 + topicLength];
                        }
                        onMessage.run();
                    }
                    position = cursor + length;
                }
                if (ackBytes > 0) {
                    out.write(acks, 0, ackBytes);
                }
                System.arraycopy(buffer, position, buffer, 0, filled - position);
                filled -= position;
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                failure = e;
            }
        }
    }

    /** What stopped the reader early, if anything. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws Exception {
        socket.close();
        if (reader != null) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
