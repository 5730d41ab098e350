package dev.patchline.nodes.broker;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running HiveMQ CE instance with its folders. {@link #start} and {@link #close} block for as long
 * as HiveMQ needs (seconds): call them from a helper thread, never from the cook thread. The counters
 * may be read from any thread (HiveMQ's metric registry is thread-safe).
 *
 * <p>Every file HiveMQ writes lives under one root folder: {@code conf/} (the generated
 * {@code config.xml}), {@code data/} and {@code extensions/} (empty; the authenticator is embedded).
 * Without a data folder the root is a fresh temporary folder that {@link #close} deletes.
 */
final class EmbeddedBroker implements AutoCloseable {

    /** Path of the WebSocket listener, the one most MQTT-over-WebSocket clients use by default. */
    static final String WEBSOCKET_PATH = "/mqtt";

    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final String CLIENTS = "com.hivemq.networking.connections.current";
    private static final String MESSAGES_IN = "com.hivemq.messages.incoming.publish.count";
    private static final String MESSAGES_OUT = "com.hivemq.messages.outgoing.publish.count";

    /**
     * What to start.
     *
     * @param address     bind address (IP literal or host name)
     * @param port        MQTT TCP port; 0 picks a free one
     * @param wsPort      WebSocket port; 0 picks a free one when {@code websocket}, ignored otherwise
     * @param websocket   whether to open the WebSocket listener
     * @param dataFolder  root folder for HiveMQ's files, or null for a temporary one deleted at close
     * @param persistence keep sessions and retained messages on disk (needs a data folder)
     * @param anonymous   accept clients without user name
     * @param passwords   user name to password
     */
    record Settings(
            String address,
            int port,
            int wsPort,
            boolean websocket,
            Path dataFolder,
            boolean persistence,
            boolean anonymous,
            Map<String, String> passwords) {
        Settings {
            Objects.requireNonNull(address, "address");
            passwords = Map.copyOf(passwords);
        }

        /** Names the users, never their passwords. */
        @Override
        public String toString() {
            return "Settings[address=" + address + ", port=" + port + ", wsPort=" + wsPort + ", websocket=" + websocket
                    + ", dataFolder=" + dataFolder + ", persistence=" + persistence + ", anonymous=" + anonymous
                    + ", users=" + new TreeSet<>(passwords.keySet()) + "]";
        }
    }

    private final EmbeddedHiveMQ hivemq;
    private final Path root;
    private final boolean ownsRoot;
    private final int port;
    private final int wsPort;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, Path root, boolean ownsRoot, int port, int wsPort) {
        this.hivemq = hivemq;
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.port = port;
        this.wsPort = wsPort;
    }

    /**
     * Starts HiveMQ and waits until its listeners are bound.
     *
     * @param name a label for the extension (the node id)
     * @throws BrokerStartException with a message saying what went wrong and how to fix it
     */
    static EmbeddedBroker start(Settings settings, String name) throws BrokerStartException, InterruptedException {
        QuietLogging.apply();
        InetAddress bind = resolve(settings.address());
        int port = settings.port() == 0 ? freePort(bind) : requireFree(bind, settings.port(), "port");
        int wsPort = !settings.websocket()
                ? 0
                : settings.wsPort() == 0 ? freePort(bind) : requireFree(bind, settings.wsPort(), "wsport");
        boolean ownsRoot = settings.dataFolder() == null;
        Path root = ownsRoot ? createTempRoot() : prepareRoot(settings.dataFolder());
        try {
            Files.writeString(
                    root.resolve("conf").resolve("config.xml"),
                    HiveMqConfig.xml(settings.address(), port, wsPort, settings.persistence()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            cleanUp(root, ownsRoot);
            throw new BrokerStartException("cannot write the broker configuration into " + root.resolve("conf") + ": "
                    + e.getMessage() + "; check that the data folder is writable");
        }
        PasswordAuthenticator authenticator = new PasswordAuthenticator(settings.anonymous(), settings.passwords());
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(root.resolve("conf"))
                .withDataFolder(root.resolve("data"))
                .withExtensionsFolder(root.resolve("extensions"))
                .withEmbeddedExtension(authenticationExtension(name, authenticator))
                // HiveMQ's bootstrap would replace the application's Logback configuration and add log files.
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            closeQuietly(hivemq);
            cleanUp(root, ownsRoot);
            throw new BrokerStartException(startFailure(settings, port, wsPort, e));
        } catch (InterruptedException e) {
            closeQuietly(hivemq);
            cleanUp(root, ownsRoot);
            throw e;
        }
        return new EmbeddedBroker(hivemq, root, ownsRoot, port, wsPort);
    }

    int port() {
        return port;
    }

    int wsPort() {
        return wsPort;
    }

    Path root() {
        return root;
    }

    /** {@return the number of connected MQTT clients} */
    long clients() {
        return read(CLIENTS);
    }

    /** {@return PUBLISH packets received from clients since start} */
    long messagesIn() {
        return read(MESSAGES_IN);
    }

    /** {@return PUBLISH packets sent to subscribers since start} */
    long messagesOut() {
        return read(MESSAGES_OUT);
    }

    /** Stops HiveMQ, waits for its ports to close and deletes a temporary root folder. */
    @Override
    public void close() throws InterruptedException {
        try {
            hivemq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Still release what we can; the next start reports a port conflict if HiveMQ hangs on.
        } finally {
            closeQuietly(hivemq);
            cleanUp(root, ownsRoot);
        }
    }

    private long read(String metricName) {
        MetricRegistry registry = hivemq.getMetricRegistry();
        Metric metric = registry.getMetrics().get(metricName);
        if (metric instanceof Counting c) {
            return c.getCount();
        }
        if (metric instanceof Gauge<?> g && g.getValue() instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    private static EmbeddedExtension authenticationExtension(String name, PasswordAuthenticator authenticator) {
        ExtensionMain main = new ExtensionMain() {
            @Override
            public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
            }

            @Override
            public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                // HiveMQ drops the provider with the extension.
            }
        };
        return EmbeddedExtension.builder()
                .withId("patchline-auth-" + name.replaceAll("[^A-Za-z0-9_-]", "_"))
                .withName("Patchline user list of node " + name)
                .withVersion("1")
                .withAuthor("Patchline")
                .withExtensionMain(main)
                .build();
    }

    private static InetAddress resolve(String address) throws BrokerStartException {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new BrokerStartException("address '" + address + "' is not an IP address or known host name;"
                    + " use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
    }

    private static int freePort(InetAddress bind) throws BrokerStartException {
        // HiveMQ does not report the port it bound for port 0, so pick one ourselves just before starting.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot find a free port on " + bind.getHostAddress() + ": " + e.getMessage()
                    + "; check that the address belongs to this machine");
        }
    }

    /**
     * Fails early, with a message naming the parameter, when a fixed port is taken: HiveMQ only logs
     * the bind failure and reports an exception without the reason.
     */
    private static int requireFree(InetAddress bind, int port, String parameter) throws BrokerStartException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port));
            return port;
        } catch (IOException e) {
            throw new BrokerStartException("cannot listen on " + bind.getHostAddress() + " port " + port
                    + " (parameter '" + parameter + "'): " + e.getMessage()
                    + "; another program uses the port: pick another port, or 0 for a free one");
        }
    }

    private static Path createTempRoot() throws BrokerStartException {
        try {
            return prepareRoot(Files.createTempDirectory("patchline-broker-"));
        } catch (IOException e) {
            throw new BrokerStartException("cannot create a temporary folder for the broker: " + e.getMessage()
                    + "; set the data folder parameter to a writable folder");
        }
    }

    private static Path prepareRoot(Path root) throws BrokerStartException {
        try {
            Files.createDirectories(root.resolve("conf"));
            Files.createDirectories(root.resolve("data"));
            Files.createDirectories(root.resolve("extensions"));
            return root;
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the broker folders under " + root.toAbsolutePath() + ": "
                    + e.getMessage() + "; pick a writable data folder");
        }
    }

    private static String startFailure(Settings settings, int port, int wsPort, Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on " + settings.address() + " port " + port + (wsPort > 0 ? " or " + wsPort : "")
                        + ": " + t.getMessage()
                        + "; another program uses the port: pick another port, or 0 for a free one";
            }
        }
        if (e instanceof TimeoutException) {
            return "HiveMQ did not start within " + START_TIMEOUT_SECONDS + " s";
        }
        return "HiveMQ failed to start on " + settings.address() + " port " + port
                + (wsPort > 0 ? " and " + wsPort : "") + ": " + cause
                + (cause.getMessage() == null ? " (see the log lines of com.hivemq above)" : "");
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (Exception | LinkageError e) {
            // the original failure is what the user needs to see
        }
    }

    private static void cleanUp(Path root, boolean ownsRoot) {
        if (!ownsRoot) {
            return;
        }
        try {
            Folders.deleteRecursively(root);
        } catch (UncheckedIOException e) {
            // A temp folder left behind is harmless; the OS cleans it.
        }
    }
}
