package dev.patchline.protocol.mqtt.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MqttTransport} reaches its broker: URL, TLS, timeouts, reconnect policy and WebSocket framing.
 * Immutable and thread-safe; build with {@link #builder(String)}.
 */
public final class TransportOptions {

    /** The largest packet MQTT can express: 268,435,455 bytes of remaining length plus a 5-byte fixed header. */
    public static final int MQTT_MAX_PACKET_SIZE = 268_435_460;

    private final ServerUri serverUri;
    private final TlsOptions tls;
    private final ReconnectPolicy reconnect;
    private final Duration connectTimeout;
    private final int maxIncomingPacketSize;
    private final int webSocketFragmentSize;
    private final String webSocketSubprotocol;
    private final boolean tcpNoDelay;
    private final boolean nativeTransport;

    private TransportOptions(Builder b) {
        this.serverUri = b.serverUri;
        this.tls = b.tls;
        this.reconnect = b.reconnect;
        this.connectTimeout = b.connectTimeout;
        this.maxIncomingPacketSize = b.maxIncomingPacketSize;
        this.webSocketFragmentSize = b.webSocketFragmentSize;
        this.webSocketSubprotocol = b.webSocketSubprotocol;
        this.tcpNoDelay = b.tcpNoDelay;
        this.nativeTransport = b.nativeTransport;
    }

    /** Starts from a broker URL such as {@code tcp://127.0.0.1:1883}; see {@link ServerUri#parse}. */
    public static Builder builder(String serverUrl) {
        return new Builder(ServerUri.parse(serverUrl));
    }

    public static Builder builder(ServerUri serverUri) {
        return new Builder(serverUri);
    }

    public ServerUri serverUri() {
        return serverUri;
    }

    public TlsOptions tls() {
        return tls;
    }

    public ReconnectPolicy reconnect() {
        return reconnect;
    }

    /** Budget for TCP connect, TLS handshake and WebSocket upgrade together. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The largest MQTT packet this client accepts; bounds WebSocket frames too. */
    public int maxIncomingPacketSize() {
        return maxIncomingPacketSize;
    }

    /** Outgoing MQTT packets larger than this are sent as several WebSocket frames (continuation frames). */
    public int webSocketFragmentSize() {
        return webSocketFragmentSize;
    }

    public String webSocketSubprotocol() {
        return webSocketSubprotocol;
    }

    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /** Whether epoll is used when the platform has it (otherwise NIO). */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    public Builder toBuilder() {
        Builder b = new Builder(serverUri);
        b.tls = tls;
        b.reconnect = reconnect;
        b.connectTimeout = connectTimeout;
        b.maxIncomingPacketSize = maxIncomingPacketSize;
        b.webSocketFragmentSize = webSocketFragmentSize;
        b.webSocketSubprotocol = webSocketSubprotocol;
        b.tcpNoDelay = tcpNoDelay;
        b.nativeTransport = nativeTransport;
        return b;
    }

    @Override
    public String toString() {
        return "TransportOptions[" + serverUri + ", connectTimeout " + connectTimeout.toMillis() + " ms, " + reconnect
                + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private ServerUri serverUri;
        private TlsOptions tls = TlsOptions.defaults();
        private ReconnectPolicy reconnect = ReconnectPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxIncomingPacketSize = MQTT_MAX_PACKET_SIZE;
        private int webSocketFragmentSize = 64 * 1024;
        private String webSocketSubprotocol = "mqtt";
        private boolean tcpNoDelay = true;
        private boolean nativeTransport = true;

        private Builder(ServerUri serverUri) {
            this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        }

        public Builder serverUri(ServerUri serverUri) {
            this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
            return this;
        }

        /** TLS settings; used only for {@code ssl://}, {@code mqtts://} and {@code wss://} URLs. */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        public Builder reconnect(ReconnectPolicy reconnect) {
            this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder maxIncomingPacketSize(int bytes) {
            if (bytes < 2) {
                throw new IllegalArgumentException("maxIncomingPacketSize must be at least 2 bytes, got " + bytes);
            }
            this.maxIncomingPacketSize = Math.min(bytes, MQTT_MAX_PACKET_SIZE);
            return this;
        }

        public Builder webSocketFragmentSize(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("webSocketFragmentSize must be at least 16 bytes, got " + bytes);
            }
            this.webSocketFragmentSize = bytes;
            return this;
        }

        public Builder webSocketSubprotocol(String subprotocol) {
            this.webSocketSubprotocol = Objects.requireNonNull(subprotocol, "subprotocol");
            return this;
        }

        public Builder tcpNoDelay(boolean on) {
            this.tcpNoDelay = on;
            return this;
        }

        public Builder nativeTransport(boolean on) {
            this.nativeTransport = on;
            return this;
        }

        public TransportOptions build() {
            return new TransportOptions(this);
        }
    }
}
