package dev.patchline.bench.client;

import dev.patchline.bench.support.AckingReader;
import dev.patchline.bench.support.MqttWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The broker's forwarding rate, with as little client as possible in the way: an {@link AckingReader} on a blocking
 * socket (64 KiB chunks, fixed headers walked in place, at QoS 1 a PUBACK per PUBLISH gathered into one write per
 * chunk). No decoding, no allocation per message. It is what {@code broker_recv_vs_limit} divides by.
 */
final class RawSubscriber implements BenchSubscriber {

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

    private void count(Runnable onMessage) {
        AckingReader packets = new AckingReader(in, out);
        try {
            while (packets.readChunk(onMessage) >= 0) {
                // each PUBLISH ran onMessage; QoS 1 ones were acknowledged with the chunk
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
