package dev.patchline.nodes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.testing.MosquittoBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT Client DAT keeps to its byte budget under a flood of large messages: in a JVM with a 256 MiB heap, 150
 * QoS 0 messages of 4 MiB (600 MiB) pass through one DAT (cooked at 60 fps, {@code onMessage} 50 ms, the default {@code maxlines} 100 and {@code maxbytes} 64 MiB) without an {@link OutOfMemoryError}; what
 * the inbox cannot hold is dropped and counted.
 */
class BoundedMemoryTest {

    private static final int MESSAGES = 150;
    private static final int PAYLOAD = 4 << 20;
    private static final int INBOX_BYTES = 64 << 20;

    @Test
    void a_flood_of_4_mib_messages_stays_within_a_256_mib_heap(@TempDir Path tmp) throws Exception {
        Path gcLog = tmp.resolve("gc.log");
        try (MosquittoBroker broker =
                        MosquittoBroker.builder().unlimitedQueues().start();
                Peer peer = new Peer(broker.tcpUrl())) {
            Process dat = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-XX:+ExitOnOutOfMemoryError",
                            "-Xlog:gc:file=" + gcLog,
                            "-cp",
                            System.getProperty("java.class.path"),
                            FloodedDatMain.class.getName(),
                            broker.tcpUrl(),
                            "flood/#",
                            Integer.toString(MESSAGES),
                            Integer.toString(INBOX_BYTES),
                            "100")
                    .redirectErrorStream(true)
                    .start();
            List<String> output = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(dat.getInputStream(), StandardCharsets.UTF_8))) {
                CompletableFuture<Void> ready = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try {
                        for (String line; (line = out.readLine()) != null; ) {
                            synchronized (output) {
                                output.add(line);
                            }
                            if (line.equals("READY")) ready.complete(null);
                        }
                    } catch (Exception e) {
                        ready.completeExceptionally(e);
                    }
                    ready.complete(null);
                });
                reader.start();
                try {
                    ready.get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    synchronized (output) {
                        throw new AssertionError(
                                "the DAT's JVM did not subscribe within 60 s; it printed:\n"
                                        + String.join("\n", output),
                                e);
                    }
                }
                byte[] payload = new byte[PAYLOAD]; // one array for all: the content does not matter
                for (int i = 0; i < MESSAGES; i++) {
                    // One at a time: the publisher's own buffers stay small (this JVM's direct memory is not the
                    // subject).
                    peer.client
                            .publish("flood/big", payload, Qos.AT_MOST_ONCE, false)
                            .get(30, TimeUnit.SECONDS);
                }
                assertThat(dat.waitFor(90, TimeUnit.SECONDS))
                        .as("the DAT's JVM ends")
                        .isTrue();
                reader.join(10_000);
            } finally {
                dat.destroyForcibly();
            }
            String all;
            synchronized (output) {
                all = String.join("\n", output);
            }
            assertThat(all).doesNotContain("OutOfMemoryError");
            assertThat(dat.exitValue()).as(all).isZero();
            Matcher m = Pattern.compile(
                            "RESULT received=(\\d+) dropped=(\\d+) maxPendingBytes=(\\d+) heapPeakBytes=(\\d+)")
                    .matcher(all);
            assertThat(m.find()).as(all).isTrue();
            long received = Long.parseLong(m.group(1));
            long dropped = Long.parseLong(m.group(2));
            long maxPending = Long.parseLong(m.group(3));
            long heapPeak = Long.parseLong(m.group(4));
            System.out.printf(
                    "flood: received %d, dropped %d, inbox peak %d bytes, heap peak %d MiB after a frame,"
                            + " %d MiB before a collection (GC log)%n",
                    received, dropped, maxPending, heapPeak >> 20, gcPeakMib(gcLog));
            assertThat(received + dropped).as("every message taken or dropped").isEqualTo(MESSAGES);
            assertThat(dropped).as("a 64 MiB inbox cannot hold a 600 MiB burst").isPositive();
            assertThat(maxPending).as("the inbox keeps to its byte budget").isLessThanOrEqualTo(INBOX_BYTES);
        }
    }

    /** The largest heap occupancy a collection started from, from {@code -Xlog:gc} lines such as {@code 120M->30M(256M)}. */
    private static long gcPeakMib(Path gcLog) throws IOException {
        Matcher m = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)").matcher(Files.readString(gcLog));
        long peak = 0;
        while (m.find()) peak = Math.max(peak, Long.parseLong(m.group(1)));
        return peak;
    }
}
