package dev.patchline.protocol.testing;

import dev.patchline.testing.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real mosquitto broker for tests, started from {@code /usr/sbin/mosquitto} (or {@code $MOSQUITTO}, or the PATH)
 * with a generated configuration on free ports of 127.0.0.1.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.builder().persistence(true).websockets(true).start()) {
 *     connect(broker.tcpUrl());          // tcp://127.0.0.1:<port>
 *     broker.restart();                  // SIGTERM, wait, start again on the same ports (sessions kept with persistence)
 * }
 * }</pre>
 *
 * <p>When mosquitto is not installed, {@link Builder#start()} <em>skips</em> the test through a JUnit assumption,
 * unless the environment variable {@code REQUIRE_MOSQUITTO} or {@code REQUIRE_TOOLS} is set: then it fails, so CI cannot
 * go green by skipping.
 *
 * <p>Not thread-safe: drive one broker from one test thread. The broker's own output goes to {@link #logFile()},
 * and is included in the error when it fails to start.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final Path executable;
    private final Path dir;
    private final Path configFile;
    private final Path logFile;
    private final Map<String, Integer> ports;
    private Process process;

    private MosquittoBroker(Path executable, Path dir, Path configFile, Map<String, Integer> ports) {
        this.executable = executable;
        this.dir = dir;
        this.configFile = configFile;
        this.logFile = dir.resolve("mosquitto.log");
        this.ports = ports;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a plain broker: one MQTT listener on 127.0.0.1, anonymous access, no persistence. */
    public static MosquittoBroker start() {
        return builder().start();
    }

    /**
     * Returns the mosquitto executable, skipping the calling test when it is absent and neither {@code REQUIRE_MOSQUITTO}
     * nor {@code REQUIRE_TOOLS} is set, failing it when it is absent and one of them is set.
     */
    public static Path requireExecutable() {
        return ExternalTools.presentOrRequired(
                "mosquitto", "apt-get install mosquitto mosquitto-clients", "MOSQUITTO", "REQUIRE_MOSQUITTO");
    }

    /** Finds an executable by environment variable, then a fixed path, then the PATH; null when absent. */
    static Path locate(String envVariable, String fixedPath, String name) {
        String fromEnv = System.getenv(envVariable);
        if (fromEnv != null && Files.isExecutable(Paths.get(fromEnv))) {
            return Paths.get(fromEnv);
        }
        if (Files.isExecutable(Paths.get(fixedPath))) {
            return Paths.get(fixedPath);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                Path candidate = Paths.get(entry, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Port of the plain MQTT listener. */
    public int port() {
        return ports.get("mqtt");
    }

    /** Port of the TLS listener; fails when the broker was built without {@link Builder#tls}. */
    public int tlsPort() {
        return requirePort("tls", "tls(certificates)");
    }

    /** Port of the plain WebSocket listener; fails when built without {@link Builder#websockets}. */
    public int wsPort() {
        return requirePort("ws", "websockets(true)");
    }

    /** Port of the TLS WebSocket listener; needs both {@link Builder#websockets} and {@link Builder#tls}. */
    public int wssPort() {
        return requirePort("wss", "websockets(true) and tls(certificates)");
    }

    public String host() {
        return "127.0.0.1";
    }

    public String tcpUrl() {
        return "tcp://127.0.0.1:" + port();
    }

    public String sslUrl() {
        return "ssl://127.0.0.1:" + tlsPort();
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + wsPort() + "/mqtt";
    }

    public String wssUrl() {
        return "wss://127.0.0.1:" + wssPort() + "/mqtt";
    }

    public Path logFile() {
        return logFile;
    }

    /** The broker's output so far (for assertion messages and debugging). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully: SIGTERM (mosquitto then writes its persistence file), waiting for the exit. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM on Unix
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                throw new IllegalStateException(
                        "mosquitto did not exit within " + STOP_TIMEOUT_MS + " ms of SIGTERM; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            process = null;
        }
    }

    /** Kills the broker without a chance to save anything (SIGKILL). */
    public void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    /**
     * Makes mosquitto write its persistence file now (SIGUSR1) and waits until the new file has replaced the old one.
     * mosquitto acknowledges a PUBLISH before it saves anything, and saves only on exit, on its autosave interval and
     * on SIGUSR1; so after a {@link #kill()} it restarts from its last save. Needs {@code persistence(true)}.
     */
    public void persistNow() {
        if (process == null) {
            throw new IllegalStateException("mosquitto is not running");
        }
        if (!configText().contains("persistence true")) {
            throw new IllegalStateException("this mosquitto runs without persistence; build it with persistence(true)");
        }
        // mosquitto writes mosquitto.db.new and renames it over mosquitto.db: a new file key (inode) means a whole
        // save.
        Path database = dir.resolve("mosquitto.db");
        Object before = fileKey(database);
        try {
            Process signal = new ProcessBuilder("kill", "-USR1", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!signal.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) || signal.exitValue() != 0) {
                throw new IllegalStateException("kill -USR1 " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -USR1", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling mosquitto", e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MS);
        while (true) {
            Object now = fileKey(database);
            if (now != null && !now.equals(before)) {
                return;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("mosquitto did not save " + database + " within " + STOP_TIMEOUT_MS
                        + " ms of SIGUSR1; log:\n" + log());
            }
            sleep(1);
        }
    }

    private String configText() {
        try {
            return Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        } catch (IOException absent) {
            return null;
        }
    }

    /** Stops (SIGTERM) and starts the broker again on the same ports with the same configuration and data. */
    public void restart() {
        stop();
        launch();
    }

    /** Starts the broker again after {@link #stop()} or {@link #kill()}; no-op when it runs. */
    public void launch() {
        if (isRunning()) {
            return;
        }
        ProcessBuilder command = new ProcessBuilder(executable.toString(), "-c", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        for (Map.Entry<String, Integer> listener : ports.entrySet()) {
            awaitListening(listener.getKey(), listener.getValue(), deadline);
        }
    }

    private void awaitListening(String name, int port, long deadlineNanos) {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with code " + process.exitValue() + " before its "
                        + name + " listener on port " + port + " was up; config " + configFile + "; log:\n" + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadlineNanos) {
                    kill();
                    throw new IllegalStateException("mosquitto's " + name + " listener on port " + port
                            + " did not accept within " + START_TIMEOUT_MS + " ms; log:\n" + log());
                }
                sleep(20);
            }
        }
    }

    /** Stops the broker and deletes its directory (configuration, log, persistence). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "mosquitto " + ports + (isRunning() ? " running" : " stopped");
    }

    private int requirePort(String listener, String howToEnable) {
        Integer port = ports.get(listener);
        if (port == null) {
            throw new IllegalStateException(
                    "this mosquitto has no " + listener + " listener; build it with " + howToEnable);
        }
        return port;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless; failing the test for it would not be.
        }
    }

    /** Options for a broker; {@link #start()} writes the configuration and starts it. */
    public static final class Builder {
        private boolean persistence;
        private boolean websockets;
        private TestCertificates tls;
        private boolean requireClientCertificate;
        private Path serverCertOverride;
        private Path serverKeyOverride;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<String> extraLines = new ArrayList<>();

        private Builder() {}

        /** Keeps sessions and queued messages across {@link #restart()} in a file in the broker's temp directory. */
        public Builder persistence(boolean on) {
            this.persistence = on;
            return this;
        }

        /** Adds a WebSocket listener ({@code ws://}), and a secure one ({@code wss://}) if TLS is configured too. */
        public Builder websockets(boolean on) {
            this.websockets = on;
            return this;
        }

        /** Adds a TLS listener presenting {@code certificates.serverCert()}, trusting {@code certificates.caCert()} for clients. */
        public Builder tls(TestCertificates certificates) {
            this.tls = certificates;
            return this;
        }

        /** Presents this certificate and key instead of the regular server pair, e.g. {@code wrongHostCert()}. */
        public Builder tlsServerCertificate(Path certificate, Path key) {
            this.serverCertOverride = certificate;
            this.serverKeyOverride = key;
            return this;
        }

        /** Makes the TLS listeners demand a client certificate signed by the test CA. */
        public Builder requireClientCertificate(boolean on) {
            this.requireClientCertificate = on;
            return this;
        }

        /** Adds a user; once any user exists, anonymous clients are refused. Needs {@code mosquitto_passwd}. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** Lets no queue limit drop messages for offline or slow clients ({@code max_queued_messages 0}). */
        public Builder unlimitedQueues() {
            extraLines.add("max_queued_messages 0");
            return this;
        }

        /** Appends a raw line to mosquitto.conf (global section), e.g. {@code "max_inflight_messages 100"}. */
        public Builder config(String line) {
            extraLines.add(line);
            return this;
        }

        /** Writes the configuration and starts mosquitto; returns once every listener accepts connections. */
        public MosquittoBroker start() {
            Path executable = requireExecutable();
            Path dir;
            try {
                dir = Files.createTempDirectory("patchline-mosquitto-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp directory for mosquitto", e);
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("mqtt", FreePorts.tcp());
            if (tls != null) {
                ports.put("tls", FreePorts.tcp());
            }
            if (websockets) {
                ports.put("ws", FreePorts.tcp());
                if (tls != null) {
                    ports.put("wss", FreePorts.tcp());
                }
            }
            Path configFile = dir.resolve("mosquitto.conf");
            try {
                Files.writeString(configFile, configuration(dir, ports), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + configFile, e);
            }
            MosquittoBroker broker = new MosquittoBroker(executable, dir, configFile, ports);
            try {
                broker.launch();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        }

        private String configuration(Path dir, Map<String, Integer> ports) {
            StringBuilder conf = new StringBuilder();
            conf.append("# generated by Patchline's MosquittoBroker test fixture\n");
            // A log file, not stdout: mosquitto flushes its file after every line but buffers a piped stdout until
            // exit.
            conf.append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n');
            conf.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
            conf.append("connection_messages true\n");
            conf.append("set_tcp_nodelay true\n");
            // Started as root, mosquitto drops to user "mosquitto", which cannot read our private temp files
            // (keys, password file) nor write persistence there. Naming the current user keeps it as is.
            conf.append("user ").append(System.getProperty("user.name")).append('\n');
            if (users.isEmpty()) {
                conf.append("allow_anonymous true\n");
            } else {
                conf.append("allow_anonymous false\n");
                conf.append("password_file ").append(passwordFile(dir)).append('\n');
            }
            if (persistence) {
                conf.append("persistence true\n");
                conf.append("persistence_location ").append(dir).append("/\n");
            } else {
                conf.append("persistence false\n");
            }
            for (String line : extraLines) {
                conf.append(line).append('\n');
            }
            conf.append("\nlistener ").append(ports.get("mqtt")).append(" 127.0.0.1\nprotocol mqtt\n");
            if (ports.containsKey("tls")) {
                conf.append("\nlistener ").append(ports.get("tls")).append(" 127.0.0.1\nprotocol mqtt\n");
                appendTls(conf);
            }
            if (ports.containsKey("ws")) {
                conf.append("\nlistener ").append(ports.get("ws")).append(" 127.0.0.1\nprotocol websockets\n");
            }
            if (ports.containsKey("wss")) {
                conf.append("\nlistener ").append(ports.get("wss")).append(" 127.0.0.1\nprotocol websockets\n");
                appendTls(conf);
            }
            return conf.toString();
        }

        private void appendTls(StringBuilder conf) {
            conf.append("cafile ").append(tls.caCert()).append('\n');
            conf.append("certfile ")
                    .append(serverCertOverride != null ? serverCertOverride : tls.serverCert())
                    .append('\n');
            conf.append("keyfile ")
                    .append(serverKeyOverride != null ? serverKeyOverride : tls.serverKey())
                    .append('\n');
            conf.append("require_certificate ").append(requireClientCertificate).append('\n');
        }

        private Path passwordFile(Path dir) {
            Path file = dir.resolve("passwords");
            StringBuilder plain = new StringBuilder();
            users.forEach((name, password) ->
                    plain.append(name).append(':').append(password).append('\n'));
            Path tool = locate("MOSQUITTO_PASSWD", "/usr/bin/mosquitto_passwd", "mosquitto_passwd");
            if (tool == null) {
                throw new IllegalStateException(
                        "users need mosquitto_passwd to hash the password file; install mosquitto");
            }
            try {
                Files.writeString(file, plain, StandardCharsets.UTF_8);
                // -U rewrites the plain-text file in place with hashed passwords, the only form mosquitto 2 accepts.
                Process hash = new ProcessBuilder(tool.toString(), "-U", file.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (hash.waitFor() != 0) {
                    throw new IllegalStateException("mosquitto_passwd -U failed: " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write password file " + file, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hashing passwords", e);
            }
            return file;
        }
    }
}
