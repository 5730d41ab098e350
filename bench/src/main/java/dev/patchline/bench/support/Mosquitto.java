package dev.patchline.bench.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One mosquitto started by the benchmark on a free loopback port, its config and log in a temp folder. */
public final class Mosquitto implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final Process process;
    private final int port;

    public Mosquitto() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: install mosquitto (apt-get install mosquitto)");
        }
        dir = Files.createTempDirectory("patchline-bench-mosquitto");
        port = freePort();
        // Unbounded queues (max_queued_messages 0): with the default 1,000 mosquitto drops QoS 0 messages for a
        // subscriber
        // that is behind, and the benchmark would measure drops instead of throughput. max_inflight_messages 1000 gives
        // QoS 1 the same window as the source server of the capacity setting (mosquitto's default is 20). TCP_NODELAY:
        // with Nagle on, mosquitto holds back PUBLISH packets until the client's delayed ACK, and a QoS 1 window
        // then moves a few times a second whatever the client does.
        Path config = Files.writeString(
                dir.resolve("mosquitto.conf"),
                String.join(
                        "\n",
                        "listener " + port + " 127.0.0.1",
                        "allow_anonymous true",
                        "persistence false",
                        "max_queued_messages 0",
                        "max_inflight_messages 1000",
                        "set_tcp_nodelay true",
                        "max_connections -1",
                        "log_dest file " + dir.resolve("mosquitto.log"),
                        ""));
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        awaitListening();
    }

    public int port() {
        return port;
    }

    /** Where the config and log live while the broker runs (for error messages). */
    public Path directory() {
        return dir;
    }

    /** The broker's soft open-files limit ({@code /proc/PID/limits}), or -1 where that cannot be read. */
    public long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[0]);
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // not Linux, or the process is gone: the caller only uses this for a clearer error message
        }
        return -1;
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("mosquitto did not start on port " + port + "; see " + dir, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
