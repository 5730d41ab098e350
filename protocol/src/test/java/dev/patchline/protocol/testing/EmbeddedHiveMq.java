package dev.patchline.protocol.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HiveMQ Community Edition running inside the test JVM ({@code com.hivemq:hivemq-community-edition-embedded}),
 * on free ports of 127.0.0.1, with configuration, data and extension folders in a temp directory.
 *
 * <pre>{@code
 * try (EmbeddedHiveMq broker = EmbeddedHiveMq.builder().websockets(true).start()) {
 *     connect(broker.tcpUrl());
 * }
 * }</pre>
 *
 * <p>HiveMQ's own logging bootstrap is switched off so that it does not reconfigure the test's logging; its
 * loggers are set to WARN through the SLF4J simple logger properties when that binding is in use.
 * HiveMQ does not support stopping and starting one instance repeatedly, so {@link #restart()} builds a
 * new instance on the same ports and data folder (with {@link Builder#persistence} on, sessions survive).
 * Not thread-safe: drive it from the test thread.
 */
public final class EmbeddedHiveMq implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    static {
        // Must be set before the first SLF4J logger is created to take effect with slf4j-simple.
        System.setProperty("org.slf4j.simpleLogger.log.com.hivemq", System.getProperty("hivemq.log.level", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.jetbrains.exodus", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.oshi", "error");
        System.setProperty("org.slf4j.simpleLogger.log.migrations", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.jctools", "warn");
    }

    private final Path dir;
    private final int port;
    private final int wsPort;
    private final int tlsPort;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedHiveMq(Path dir, int port, int wsPort, int tlsPort) {
        this.dir = dir;
        this.port = port;
        this.wsPort = wsPort;
        this.tlsPort = tlsPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker with one plain MQTT listener and in-memory persistence. */
    public static EmbeddedHiveMq start() {
        return builder().start();
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String tcpUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    public int wsPort() {
        if (wsPort <= 0) {
            throw new IllegalStateException("this HiveMQ has no WebSocket listener; build it with websockets(true)");
        }
        return wsPort;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + wsPort() + "/mqtt";
    }

    public int tlsPort() {
        if (tlsPort <= 0) {
            throw new IllegalStateException("this HiveMQ has no TLS listener; build it with tls(certificates)");
        }
        return tlsPort;
    }

    public String sslUrl() {
        return "ssl://127.0.0.1:" + tlsPort();
    }

    public boolean isRunning() {
        return hivemq != null;
    }

    /** Stops the broker; sessions survive in the data folder when persistence is on. */
    public void stop() {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.stop().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping HiveMQ", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("HiveMQ did not stop cleanly", e);
        } finally {
            hivemq = null;
        }
    }

    /** Stops the broker and starts a fresh instance on the same ports and folders. */
    public void restart() {
        stop();
        launch();
    }

    /** Starts the broker (again); no-op when it runs. */
    public void launch() {
        if (hivemq != null) {
            return;
        }
        EmbeddedHiveMQ instance = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(dir.resolve("conf"))
                .withDataFolder(dir.resolve("data"))
                .withExtensionsFolder(dir.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        try {
            instance.start().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting HiveMQ", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(instance);
            throw new IllegalStateException(
                    "HiveMQ did not start on port " + port + " within " + TIMEOUT_SECONDS + " s", e);
        }
        hivemq = instance;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            MosquittoBroker.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "HiveMQ CE tcp " + port + (wsPort > 0 ? " ws " + wsPort : "") + (tlsPort > 0 ? " tls " + tlsPort : "")
                + (isRunning() ? " running" : " stopped");
    }

    private static void closeQuietly(EmbeddedHiveMQ instance) {
        try {
            instance.close();
        } catch (Exception ignored) {
            // the start failure is what matters
        }
    }

    /** Options; {@link #start()} writes {@code config.xml} and starts the broker. */
    public static final class Builder {
        private boolean websockets;
        private boolean persistence;
        private TestCertificates tls;
        private String extraMqttConfig = "";

        private Builder() {}

        /** Adds a WebSocket listener on path {@code /mqtt} with subprotocol {@code mqtt}. */
        public Builder websockets(boolean on) {
            this.websockets = on;
            return this;
        }

        /** File persistence in the temp data folder (sessions survive {@link #restart()}); default in-memory. */
        public Builder persistence(boolean on) {
            this.persistence = on;
            return this;
        }

        /** Adds a TLS listener presenting the test server certificate. */
        public Builder tls(TestCertificates certificates) {
            this.tls = certificates;
            return this;
        }

        /** Raw XML placed inside {@code <mqtt>}, e.g. {@code <receive-maximum><server-receive-maximum>5</server-receive-maximum></receive-maximum>}. */
        public Builder mqttConfig(String xml) {
            this.extraMqttConfig = xml;
            return this;
        }

        public EmbeddedHiveMq start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("patchline-hivemq-");
                Files.createDirectories(dir.resolve("conf"));
                Files.createDirectories(dir.resolve("data"));
                Files.createDirectories(dir.resolve("extensions"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create HiveMQ folders", e);
            }
            int port = FreePorts.tcp();
            int wsPort = websockets ? FreePorts.tcp() : -1;
            int tlsPort = tls != null ? FreePorts.tcp() : -1;
            Path config = dir.resolve("conf").resolve("config.xml");
            try {
                Files.writeString(config, configuration(port, wsPort, tlsPort), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
            EmbeddedHiveMq broker = new EmbeddedHiveMq(dir, port, wsPort, tlsPort);
            try {
                broker.launch();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        }

        private String configuration(int port, int wsPort, int tlsPort) {
            StringBuilder xml = new StringBuilder();
            xml.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
            xml.append("    <tcp-listener><port>")
                    .append(port)
                    .append("</port><bind-address>127.0.0.1</bind-address></tcp-listener>\n");
            if (wsPort > 0) {
                xml.append("    <websocket-listener><port>")
                        .append(wsPort)
                        .append("</port><bind-address>127.0.0.1</bind-address>")
                        .append("<path>/mqtt</path><subprotocols><subprotocol>mqtt</subprotocol></subprotocols>")
                        .append("<allow-extensions>true</allow-extensions></websocket-listener>\n");
            }
            if (tlsPort > 0) {
                String password = "patchline";
                Path keyStore = tls.serverKeyStore(password);
                xml.append("    <tls-tcp-listener><port>")
                        .append(tlsPort)
                        .append("</port><bind-address>127.0.0.1</bind-address><tls>")
                        .append("<keystore><path>")
                        .append(keyStore)
                        .append("</path><password>")
                        .append(password)
                        .append("</password><private-key-password>")
                        .append(password)
                        .append("</private-key-password></keystore>")
                        .append("</tls></tls-tcp-listener>\n");
            }
            xml.append("  </listeners>\n");
            xml.append("  <mqtt>").append(extraMqttConfig).append("</mqtt>\n");
            xml.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
            xml.append("  <persistence><mode>")
                    .append(persistence ? "file" : "in-memory")
                    .append("</mode></persistence>\n");
            xml.append("</hivemq>\n");
            return xml.toString();
        }
    }
}
