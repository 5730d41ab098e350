package dev.patchline.cli.mqtt;

import dev.patchline.cli.CliException;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.PayloadFormat;
import dev.patchline.protocol.mqtt.codec.packet.PublishProperties;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.Redacted;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.codec.packet.WillProperties;
import dev.patchline.protocol.mqtt.engine.MqttConnectionException;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.mqtt.transport.ServerUri;
import dev.patchline.protocol.mqtt.transport.TlsOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Option;

/**
 * Connection flags shared by {@code mqtt pub} and {@code mqtt sub}, named as in mosquitto_pub/mosquitto_sub, and the
 * translation into an {@link MqttClient}. Errors are {@link CliException}s with exit code 1, as mosquitto uses for bad
 * arguments.
 */
final class ConnectionOptions {

    /** Read when {@code -u} is given without {@code -P} or {@code --password-env}. */
    static final String DEFAULT_PASSWORD_ENV = "MQTT_PASSWORD";

    @Option(
            names = {"-h", "--host"},
            description = "Broker host (default: localhost).")
    String host;

    @Option(
            names = {"-p", "--port"},
            description = "Broker port (default: 1883, or 8883 with TLS).")
    Integer port;

    @Option(
            names = {"-L", "--url"},
            description =
                    "mqtt(s)://[user[:password]@]host[:port]/topic, or tcp://, ssl://, ws://, wss:// broker URLs.")
    String url;

    @Option(
            names = {"-V", "--protocol-version"},
            description = "mqttv5 (default), mqttv311 (also: 5, 311).")
    String protocolVersion = "mqttv5";

    @Option(
            names = {"-i", "--id"},
            description = "Client identifier (default: patchline_<pub|sub>_<pid>).")
    String clientId;

    @Option(
            names = {"-I", "--id-prefix"},
            description = "Client identifier prefix; the process id is appended.")
    String clientIdPrefix;

    @Option(
            names = {"-k", "--keepalive"},
            description = "Keep alive in seconds (default: 60).")
    int keepAlive = 60;

    @Option(
            names = {"-c", "--disable-clean-session"},
            description = "Keep the session (and queued messages) after disconnecting.")
    boolean disableCleanSession;

    @Option(
            names = {"-x", "--session-expiry"},
            description = "MQTT 5 session expiry in seconds; -1 for never (default: -1 with -c, else 0).")
    Long sessionExpiry;

    @Option(
            names = {"-u", "--username"},
            description = "User name.")
    String username;

    @Option(
            names = {"-P", "--pw"},
            description = "Password (prefer --password-env: arguments are visible to other users).")
    String password;

    @Option(
            names = "--password-env",
            paramLabel = "VAR",
            description = "Read the password from environment variable VAR. With -u and no -P, " + DEFAULT_PASSWORD_ENV
                    + " is read.")
    String passwordEnv;

    @Option(names = "--cafile", description = "PEM file of CA certificates to trust; enables TLS.")
    Path caFile;

    @Option(
            names = "--capath",
            paramLabel = "DIR",
            description = "Directory of PEM CA certificates to trust (e.g. /etc/ssl/certs); enables TLS.")
    Path caPath;

    @Option(names = "--cert", description = "Client certificate (PEM); enables TLS.")
    Path certFile;

    @Option(names = "--key", description = "Client private key (PKCS#8 PEM).")
    Path keyFile;

    @Option(names = "--insecure", description = "Do not verify the server certificate or host name (development only).")
    boolean insecure;

    @Option(names = "--tls-alpn", description = "ALPN protocol to offer, e.g. x-amzn-mqtt-ca.")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--tls-version", description = "tlsv1.3 or tlsv1.2 (default: both).")
    String tlsVersion;

    @Option(names = "--sni", description = "TLS server name to send and verify instead of the host.")
    String sni;

    @Option(names = "--will-topic", description = "Topic of the Will message.")
    String willTopic;

    @Option(names = "--will-payload", description = "Payload of the Will message (default: empty).")
    String willPayload;

    @Option(names = "--will-qos", description = "QoS of the Will message.")
    int willQos;

    @Option(names = "--will-retain", description = "Retain the Will message.")
    boolean willRetain;

    @Option(
            names = {"-D", "--property"},
            paramLabel = "CMD ID VALUE",
            parameterConsumer = MqttProperty.Consumer.class,
            description =
                    "MQTT 5 property, e.g. -D publish user-property name value, -D connect session-expiry-interval 60.")
    List<MqttProperty> properties = new ArrayList<>();

    @Option(names = "--quiet", description = "Do not print error messages.")
    boolean quiet;

    @Option(names = "--connect-timeout", description = "Seconds to wait for the connection (default: 10).")
    int connectTimeoutSeconds = 10;

    private String urlTopic;

    MqttVersion version() {
        return switch (protocolVersion.toLowerCase(Locale.ROOT)) {
            case "mqttv5", "5" -> MqttVersion.V5;
            case "mqttv311", "311", "mqttv3.1.1" -> MqttVersion.V3_1_1;
            case "mqttv31", "31" ->
                throw new CliException("MQTT 3.1 (-V mqttv31) is not supported; use mqttv311 or mqttv5");
            default -> throw new CliException("-V " + protocolVersion + " is unknown; use mqttv5 or mqttv311");
        };
    }

    /** The topic given in an {@code mqtt://host/topic} URL, or null. */
    String urlTopic() {
        serverUri();
        return urlTopic;
    }

    boolean tlsRequested() {
        return caFile != null || caPath != null || certFile != null || insecure || !alpn.isEmpty() || sni != null;
    }

    ServerUri serverUri() {
        if (url == null) {
            boolean tls = tlsRequested();
            String h = host == null ? "localhost" : host;
            int p = port == null ? (tls ? 8883 : 1883) : port;
            return ServerUri.of(tls ? ServerUri.Scheme.TLS : ServerUri.Scheme.TCP, h, p);
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new CliException("-L " + ServerUri.withoutPassword(url) + " is not a URL: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (parsed.getUserInfo() != null) {
            String[] userAndPassword = parsed.getUserInfo().split(":", 2);
            if (username == null) {
                username = decode(userAndPassword[0]);
            }
            if (userAndPassword.length > 1 && password == null) {
                password = decode(userAndPassword[1]);
            }
        }
        String target;
        if (scheme.equals("mqtt") || scheme.equals("mqtts")) {
            // mosquitto's form: the path is the topic, not part of the broker address.
            String path = parsed.getRawPath();
            if (path != null && path.length() > 1) {
                urlTopic = decode(path.substring(1));
            }
            String hostPart = parsed.getHost() == null
                    ? ""
                    : (parsed.getHost().contains(":") ? "[" + parsed.getHost() + "]" : parsed.getHost());
            target = (scheme.equals("mqtts") ? "ssl" : "tcp") + "://" + hostPart
                    + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "");
        } else {
            target = url.replaceFirst("//[^@/]*@", "//");
        }
        try {
            return ServerUri.parse(target);
        } catch (IllegalArgumentException e) {
            throw new CliException("-L: " + e.getMessage());
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Resolves the password from -P, --password-env, or MQTT_PASSWORD (with -u only). */
    String resolvePassword(Map<String, String> environment) {
        if (password != null) {
            return password;
        }
        if (passwordEnv != null) {
            String value = environment.get(passwordEnv);
            if (value == null) {
                throw new CliException("--password-env " + passwordEnv + ": the environment variable is not set");
            }
            return value;
        }
        return username != null ? environment.get(DEFAULT_PASSWORD_ENV) : null;
    }

    /** A client builder for these flags; {@code role} is "pub" or "sub" (for the default client id). */
    MqttClient.Builder clientBuilder(String role, Map<String, String> environment, boolean reconnect) {
        ServerUri uri = serverUri();
        MqttVersion version = version();
        long pid = ProcessHandle.current().pid();
        String id = clientId != null
                ? clientId
                : clientIdPrefix != null ? clientIdPrefix + pid : "patchline_" + role + "_" + pid;
        if (clientId != null && clientIdPrefix != null) {
            throw new CliException("-i and -I cannot be used together");
        }
        if (keepAlive < 0 || keepAlive > 65_535) {
            throw new CliException("-k " + keepAlive + " is outside 0..65535 seconds");
        }
        MqttClient.Builder builder = MqttClient.builder(uri.toString())
                .clientId(id)
                .version(version)
                .cleanStart(!disableCleanSession)
                .keepAlive(Duration.ofSeconds(keepAlive))
                .connectTimeout(Duration.ofSeconds(Math.max(1, connectTimeoutSeconds)))
                .reconnect(reconnect ? ReconnectPolicy.defaults() : ReconnectPolicy.never());
        long expiry = sessionExpiry != null ? sessionExpiry : disableCleanSession ? -1 : 0;
        if (version.isV5()) {
            builder.sessionExpiry(Duration.ofSeconds(expiry < 0 ? 0xFFFF_FFFFL : expiry));
        } else if (sessionExpiry != null) {
            throw new CliException("-x (session expiry) needs MQTT 5 (-V mqttv5)");
        }
        String secret = resolvePassword(environment);
        if (username != null || secret != null) {
            builder.credentials(username, secret);
        }
        if (uri.scheme().isSecure()) {
            TlsOptions.Builder tls = TlsOptions.builder()
                    .caFile(caFile)
                    .caDirectory(caPath)
                    .insecure(insecure)
                    .serverName(sni)
                    .alpnProtocols(alpn);
            if (certFile != null || keyFile != null) {
                if (certFile == null || keyFile == null) {
                    throw new CliException("--cert and --key must be given together");
                }
                tls.clientCertificate(certFile, keyFile);
            }
            if (tlsVersion != null) {
                tls.protocols(List.of(
                        switch (tlsVersion.toLowerCase(Locale.ROOT)) {
                            case "tlsv1.3" -> "TLSv1.3";
                            case "tlsv1.2" -> "TLSv1.2";
                            default ->
                                throw new CliException(
                                        "--tls-version " + tlsVersion + " is unknown; use tlsv1.3 or tlsv1.2");
                        }));
            }
            builder.tls(tls.build());
        }
        applyConnectProperties(builder, version);
        if (willTopic != null) {
            builder.will(new Will(
                    willTopic,
                    BinaryData.ofUtf8(willPayload == null ? "" : willPayload),
                    qos(willQos, "--will-qos"),
                    willRetain,
                    willProperties()));
        } else if (willPayload != null || willRetain) {
            throw new CliException("--will-payload and --will-retain need --will-topic");
        }
        return builder;
    }

    private void applyConnectProperties(MqttClient.Builder builder, MqttVersion version) {
        UserProperties.Builder user = UserProperties.builder();
        boolean anyUser = false;
        for (MqttProperty p : properties) {
            if (!version.isV5()) {
                throw new CliException("-D properties need MQTT 5 (-V mqttv5)");
            }
            if (!p.command().equals("connect")) {
                continue;
            }
            switch (p.identifier()) {
                case "session-expiry-interval" -> builder.sessionExpiry(Duration.ofSeconds(number(p)));
                case "receive-maximum" -> builder.receiveMaximum((int) number(p));
                case "maximum-packet-size" -> builder.maximumPacketSize((int) number(p));
                case "topic-alias-maximum" -> builder.engine(e -> e.topicAliasMaximum((int) number(p)));
                case "request-response-information" ->
                    builder.engine(e -> e.requestResponseInformation(number(p) != 0));
                case "request-problem-information" -> builder.engine(e -> e.requestProblemInformation(number(p) != 0));
                case "user-property" -> {
                    user.add(p.value(), p.value2());
                    anyUser = true;
                }
                default -> throw unsupported(p);
            }
        }
        if (anyUser) {
            builder.connectUserProperties(user.build());
        }
    }

    /** MQTT 5 publish properties from {@code -D publish ...}. */
    PublishProperties publishProperties() {
        PublishProperties.Builder b = PublishProperties.builder();
        UserProperties.Builder user = UserProperties.builder();
        boolean anyUser = false;
        for (MqttProperty p : properties) {
            if (!p.command().equals("publish")) {
                continue;
            }
            switch (p.identifier()) {
                case "content-type" -> b.contentType(p.value());
                case "correlation-data" -> b.correlationData(BinaryData.ofUtf8(p.value()));
                case "message-expiry-interval" -> b.messageExpiryInterval(number(p));
                case "payload-format-indicator" ->
                    b.payloadFormat(number(p) == 0 ? PayloadFormat.UNSPECIFIED : PayloadFormat.UTF_8);
                case "response-topic" -> b.responseTopic(p.value());
                case "user-property" -> {
                    user.add(p.value(), p.value2());
                    anyUser = true;
                }
                case "topic-alias" ->
                    throw new CliException("-D publish topic-alias: Patchline assigns topic aliases itself"
                            + " (bounded, per connection); leave it out");
                default -> throw unsupported(p);
            }
        }
        if (anyUser) {
            b.userProperties(user.build());
        }
        return b.build();
    }

    /** User properties for a command other than connect/publish (subscribe, unsubscribe). */
    UserProperties userProperties(String command) {
        UserProperties.Builder user = UserProperties.builder();
        for (MqttProperty p : properties) {
            if (p.command().equals(command)) {
                if (!p.identifier().equals("user-property")) {
                    throw unsupported(p);
                }
                user.add(p.value(), p.value2());
            }
        }
        return user.build();
    }

    private WillProperties willProperties() {
        WillProperties.Builder b = WillProperties.builder();
        UserProperties.Builder user = UserProperties.builder();
        boolean anyUser = false;
        for (MqttProperty p : properties) {
            if (!p.command().equals("will")) {
                continue;
            }
            switch (p.identifier()) {
                case "will-delay-interval" -> b.willDelayInterval(number(p));
                case "content-type" -> b.contentType(p.value());
                case "correlation-data" -> b.correlationData(BinaryData.ofUtf8(p.value()));
                case "message-expiry-interval" -> b.messageExpiryInterval(number(p));
                case "payload-format-indicator" ->
                    b.payloadFormat(number(p) == 0 ? PayloadFormat.UNSPECIFIED : PayloadFormat.UTF_8);
                case "response-topic" -> b.responseTopic(p.value());
                case "user-property" -> {
                    user.add(p.value(), p.value2());
                    anyUser = true;
                }
                default -> throw unsupported(p);
            }
        }
        if (anyUser) {
            b.userProperties(user.build());
        }
        return b.build();
    }

    private static long number(MqttProperty p) {
        try {
            return Long.parseLong(p.value());
        } catch (NumberFormatException e) {
            throw new CliException(
                    "-D " + p.command() + " " + p.identifier() + " needs a number, got '" + p.value() + "'");
        }
    }

    private static CliException unsupported(MqttProperty p) {
        return new CliException("-D " + p.command() + " " + p.identifier() + " is not supported here");
    }

    static Qos qos(int value, String flag) {
        if (value < 0 || value > 2) {
            throw new CliException(flag + " " + value + " is not a QoS; use 0, 1 or 2");
        }
        return Qos.of(value);
    }

    /**
     * Connects and returns the exit code for a failure as mosquitto does: the CONNACK reason code (the 3.1.1 return
     * code for MQTT 3.1.1) when the server refused, 1 for anything else. Returns 0 on success.
     */
    int connect(MqttClient client, PrintStream err) throws InterruptedException {
        try {
            client.connect().get();
            return 0;
        } catch (ExecutionException e) {
            return connectFailure(e.getCause(), err);
        }
    }

    /** Prints why connecting failed and returns mosquitto's exit code for it. */
    int connectFailure(Throwable cause, PrintStream err) {
        if (cause instanceof MqttConnectionException refused && refused.reasonCode() > 0) {
            error(err, "Connection error: " + refused.getMessage());
            return version().isV5()
                    ? refused.reasonCode()
                    : ConnectReasonCode.ofCode(refused.reasonCode()).v3ReturnCode();
        }
        error(err, "Error: " + describe(cause) + " (" + serverUri() + ")");
        return 1;
    }

    /**
     * Builds the client, or reports what is wrong with the options it was built from (TLS material that cannot be
     * read, say) and returns null: exit code 1, as mosquitto exits for bad TLS options.
     */
    MqttClient build(MqttClient.Builder builder, PrintStream err) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            error(err, "Error: " + e.getMessage());
            return null;
        }
    }

    void error(PrintStream err, String message) {
        if (!quiet) {
            err.println(message);
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** The connection these flags describe; a password (from -P or the URL) shows as {@code (hidden)}. */
    @Override
    public String toString() {
        return "ConnectionOptions["
                + (url != null ? "url=" + ServerUri.withoutPassword(url) : "host=" + host + ", port=" + port)
                + ", version=" + protocolVersion + ", id=" + clientId + ", user=" + username
                + ", password=" + (password == null ? "none" : Redacted.HIDDEN)
                + (passwordEnv == null ? "" : ", passwordEnv=" + passwordEnv) + ", tls=" + tlsRequested() + "]";
    }
}
