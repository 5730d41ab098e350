package dev.patchline.bench.studio;

import dev.patchline.bench.support.MqttWire;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes JSON sensor messages at a fixed rate over a raw MQTT 3.1.1 socket (QoS 0). Each payload carries a marker
 * {@code m<SEQ>@<EPOCH_MS>}, the time it was sent, which the page's watcher recognises when the row shows in a tile.
 */
final class PacedPublisher implements AutoCloseable {

    static final String TOPIC = "bench/studio/sensors";

    private final Socket socket;
    private final OutputStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long sent;

    PacedPublisher(int brokerPort, int perSecond) throws IOException {
        socket = new Socket("127.0.0.1", brokerPort);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        out.write(MqttWire.connect("bench-studio-pub"));
        out.flush();
        MqttWire.expectConnAck(new DataInputStream(socket.getInputStream()), "bench-studio-pub");
        thread = new Thread(() -> publish(perSecond), "bench-studio-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void publish(int perSecond) {
        long start = System.nanoTime();
        ByteArrayOutputStream packet = new ByteArrayOutputStream(128);
        try {
            while (running.get()) {
                long due = (System.nanoTime() - start) * perSecond / TimeUnit.SECONDS.toNanos(1);
                if (sent >= due) {
                    out.flush();
                    LockSupport.parkNanos(500_000);
                    continue;
                }
                while (sent < due) {
                    packet.reset();
                    writePublish(packet, sent, System.currentTimeMillis());
                    packet.writeTo(out);
                    sent++;
                }
                out.flush();
            }
        } catch (IOException e) {
            if (running.get()) {
                System.err.println("bench: the publisher failed: " + e.getMessage());
            }
        }
    }

    private static void writePublish(ByteArrayOutputStream p, long seq, long millis) {
        byte[] topic = TOPIC.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = ("{\"room\":\"hall\",\"kind\":\"temperature\",\"value\":21.5,\"t\":\"m" + seq + "@" + millis
                        + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        int remaining = 2 + topic.length + payload.length;
        p.write(0x30);
        do {
            int b = remaining & 0x7f;
            remaining >>>= 7;
            p.write(remaining > 0 ? b | 0x80 : b);
        } while (remaining > 0);
        p.write(topic.length >>> 8);
        p.write(topic.length & 0xff);
        p.writeBytes(topic);
        p.writeBytes(payload);
    }

    long sent() {
        return sent;
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        socket.close();
    }
}
