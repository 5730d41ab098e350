package dev.patchline.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.bench.support.MqttWire;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The raw subscriber counts every PUBLISH and acknowledges each QoS 1 one, however the stream is cut into reads. */
class RawSubscriberTest {

    private static final int MESSAGES = 3_000;

    @Test
    void countsAndAcknowledgesPublishesSplitAcrossReads() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RawSubscriber subscriber = new RawSubscriber()) {
            CompletableFuture<List<Integer>> acknowledged = CompletableFuture.supplyAsync(() -> actAsBroker(server));
            subscriber.connect(server.getLocalPort(), "raw-test");
            AtomicInteger counted = new AtomicInteger();
            subscriber.subscribe(1, counted::incrementAndGet);

            List<Integer> ids = acknowledged.get(30, TimeUnit.SECONDS);
            assertThat(counted.get()).isEqualTo(MESSAGES);
            assertThat(ids).hasSize(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(ids.get(i)).as("PUBACK #%d", i).isEqualTo(i + 1);
            }
            assertThat(subscriber.failure()).isNull();
        }
    }

    /**
     * Accepts the subscriber, then writes QoS 1 PUBLISH packets (some with a two-byte remaining length, plus a
     * PINGRESP that must not be counted) in pieces of odd sizes with pauses, so reads end in the middle of headers and
     * bodies; returns the packet ids of the PUBACKs that come back.
     */
    private static List<Integer> actAsBroker(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            int[] type = new int[1];
            MqttWire.readPacket(in, type);
            out.write(new byte[] {0x20, 2, 0, 0});
            byte[] subscribe = MqttWire.readPacket(in, type);
            out.write(new byte[] {(byte) 0x90, 3, subscribe[0], subscribe[1], 1});
            out.flush();

            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int id = 1; id <= MESSAGES; id++) {
                int payload = id % 7 == 0 ? 300 : id % 50; // 300: remaining length needs two bytes
                int remaining = 2 + 7 + 2 + payload;
                stream.write(0x32);
                if (remaining > 127) {
                    stream.write(remaining % 128 | 0x80);
                    stream.write(remaining / 128);
                } else {
                    stream.write(remaining);
                }
                stream.write(0);
                stream.write(7);
                stream.writeBytes(FakeServers.TOPIC.getBytes());
                stream.write(id >> 8);
                stream.write(id);
                stream.writeBytes(new byte[payload]);
                if (id % 500 == 0) {
                    stream.writeBytes(new byte[] {(byte) 0xD0, 0});
                }
            }
            byte[] bytes = stream.toByteArray();
            int[] pieces = {1, 2, 3, 5, 64, 1_000, 7_001, 65_537};
            int offset = 0;
            for (int i = 0; offset < bytes.length; i++) {
                int length = Math.min(pieces[i % pieces.length], bytes.length - offset);
                out.write(bytes, offset, length);
                out.flush();
                offset += length;
                if (i % 3 == 0) {
                    Thread.sleep(1); // lets the subscriber's read return with what has come so far
                }
            }
            List<Integer> ids = new ArrayList<>();
            while (ids.size() < MESSAGES) {
                byte[] ack = MqttWire.readPacket(in, type);
                assertThat(type[0]).isEqualTo(0x40);
                ids.add((ack[0] & 0xFF) << 8 | (ack[1] & 0xFF));
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
