package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Redacted;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.topic.InvalidTopicException;
import dev.patchline.protocol.mqtt.topic.Topics;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an {@link MqttClientEngine} needs to know before its first connection. Immutable; build one with
 * {@link #builder()}. Invalid combinations are rejected by {@link Builder#build()} with a message naming the field.
 *
 * @param version                   protocol version, MQTT 5 by default
 * @param clientId                  client identifier; empty asks the server to assign one (MQTT 5, or 3.1.1 with
 *                                  clean session)
 * @param cleanStart                Clean Start (Clean Session in 3.1.1) of the <em>first</em> connection; later
 *                                  reconnects resume the session when it can outlive the connection
 * @param keepAliveSeconds          Keep Alive sent in CONNECT, 0..65535 (0 disables PINGREQ)
 * @param sessionExpiryInterval     MQTT 5 Session Expiry Interval in seconds (0 = session ends with the connection,
 *                                  4294967295 = never)
 * @param receiveMaximum            how many unacknowledged QoS 1/2 messages the server may send us, 1..65535
 * @param maximumPacketSize         largest packet we accept from the server, in bytes
 * @param topicAliasMaximum         how many topic aliases the server may use towards us (0 = none)
 * @param outboundTopicAliasMaximum how many topic aliases we use towards the server at most (also capped by the
 *                                  server's Topic Alias Maximum); 0 disables outbound aliases
 * @param maxInflight               our own cap on unacknowledged outbound QoS 1/2 messages; the window is
 *                                  min(this, server Receive Maximum)
 * @param publishQueueCapacity      how many publishes may wait beyond the window (or while offline)
 * @param maxOutboundBytes          how many encoded bytes may wait for the socket (in the engine and in the
 *                                  transport's buffer) before new publishes wait in the publish queue instead of
 *                                  being encoded; 4 MiB by default
 * @param connAckTimeout            how long to wait for CONNACK after the link opens
 * @param pingResponseTimeout       how long to wait for the server's answer to PINGREQ; at most half the keep alive
 *                                  is used, so that a dead server is noticed within 1.5 times the keep alive
 * @param username                  user name or {@code null}
 * @param password                  password or {@code null}
 * @param will                      Will Message (with MQTT 5 will properties) or {@code null}
 * @param requestResponseInformation MQTT 5: ask the server for Response Information
 * @param requestProblemInformation  MQTT 5: let the server send Reason Strings and User Properties on failures
 * @param connectUserProperties     MQTT 5 User Properties of CONNECT
 * @param authHandler               MQTT 5 enhanced authentication, or {@code null}
 * @param allocator                 where outbound buffers come from
 * @param qos2ReplayGuard           off by default: see {@link Builder#qos2ReplayGuard(boolean)}
 */
public record EngineConfig(
        MqttVersion version,
        String clientId,
        boolean cleanStart,
        int keepAliveSeconds,
        long sessionExpiryInterval,
        int receiveMaximum,
        int maximumPacketSize,
        int topicAliasMaximum,
        int outboundTopicAliasMaximum,
        int maxInflight,
        int publishQueueCapacity,
        int maxOutboundBytes,
        Duration connAckTimeout,
        Duration pingResponseTimeout,
        String username,
        BinaryData password,
        Will will,
        boolean requestResponseInformation,
        boolean requestProblemInformation,
        UserProperties connectUserProperties,
        EnhancedAuthHandler authHandler,
        ByteBufAllocator allocator,
        boolean qos2ReplayGuard) {

    /** The default of {@link #maxOutboundBytes()}: 4 MiB. */
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 4 << 20;

    public EngineConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connAckTimeout, "connAckTimeout");
        Objects.requireNonNull(pingResponseTimeout, "pingResponseTimeout");
        Objects.requireNonNull(allocator, "allocator");
        connectUserProperties = connectUserProperties == null ? UserProperties.EMPTY : connectUserProperties;
        range("keepAliveSeconds", keepAliveSeconds, 0, 65_535);
        range("sessionExpiryInterval", sessionExpiryInterval, 0, 0xFFFF_FFFFL);
        range("receiveMaximum", receiveMaximum, 1, 65_535);
        range("maximumPacketSize", maximumPacketSize, 16, DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE);
        range("topicAliasMaximum", topicAliasMaximum, 0, 65_535);
        range("outboundTopicAliasMaximum", outboundTopicAliasMaximum, 0, 65_535);
        range("maxInflight", maxInflight, 1, 65_535);
        range("publishQueueCapacity", publishQueueCapacity, 1, Integer.MAX_VALUE);
        range("maxOutboundBytes", maxOutboundBytes, 1, Integer.MAX_VALUE);
        if (connAckTimeout.isNegative() || connAckTimeout.isZero()) {
            throw new IllegalArgumentException("connAckTimeout must be positive, got " + connAckTimeout);
        }
        if (pingResponseTimeout.isNegative() || pingResponseTimeout.isZero()) {
            throw new IllegalArgumentException("pingResponseTimeout must be positive, got " + pingResponseTimeout);
        }
        if (will != null) {
            try {
                Topics.validateName(will.topic());
            } catch (InvalidTopicException e) {
                throw new IllegalArgumentException("invalid will topic: " + e.getMessage(), e);
            }
        }
        if (!version.isV5()) {
            if (clientId.isEmpty() && !cleanStart) {
                throw new IllegalArgumentException("MQTT 3.1.1 needs a client id when clean session is off "
                        + "(MQTT-3.1.3-7); set clientId or cleanStart(true)");
            }
            if (password != null && username == null) {
                throw new IllegalArgumentException(
                        "MQTT 3.1.1 cannot send a password without a user name (MQTT-3.1.2-22)");
            }
            if (authHandler != null) {
                throw new IllegalArgumentException(
                        "enhanced authentication needs MQTT 5; remove authHandler or use MqttVersion.V5");
            }
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** Whether the session can outlive a connection, so that a reconnect should resume it. */
    boolean sessionOutlivesConnection() {
        return version.isV5() ? sessionExpiryInterval > 0 : !cleanStart;
    }

    /** Shows every component except {@code password} and {@code authHandler}, so that the record can be logged. */
    @Override
    public String toString() {
        return Redacted.toString(this, Set.of("password", "authHandler"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.version = version;
        b.clientId = clientId;
        b.cleanStart = cleanStart;
        b.keepAliveSeconds = keepAliveSeconds;
        b.sessionExpiryInterval = sessionExpiryInterval;
        b.receiveMaximum = receiveMaximum;
        b.maximumPacketSize = maximumPacketSize;
        b.topicAliasMaximum = topicAliasMaximum;
        b.outboundTopicAliasMaximum = outboundTopicAliasMaximum;
        b.maxInflight = maxInflight;
        b.publishQueueCapacity = publishQueueCapacity;
        b.maxOutboundBytes = maxOutboundBytes;
        b.connAckTimeout = connAckTimeout;
        b.pingResponseTimeout = pingResponseTimeout;
        b.username = username;
        b.password = password;
        b.will = will;
        b.requestResponseInformation = requestResponseInformation;
        b.requestProblemInformation = requestProblemInformation;
        b.connectUserProperties = connectUserProperties;
        b.authHandler = authHandler;
        b.allocator = allocator;
        b.qos2ReplayGuard = qos2ReplayGuard;
        return b;
    }

    /** Builds an {@link EngineConfig}; every field has a usable default. */
    public static final class Builder {
        private MqttVersion version = MqttVersion.V5;
        private String clientId = "";
        private boolean cleanStart = true;
        private int keepAliveSeconds = 60;
        private long sessionExpiryInterval;
        private int receiveMaximum = 65_535;
        private int maximumPacketSize = DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE;
        private int topicAliasMaximum = 16;
        private int outboundTopicAliasMaximum = 16;
        private int maxInflight = 65_535;
        private int publishQueueCapacity = 10_000;
        private int maxOutboundBytes = DEFAULT_MAX_OUTBOUND_BYTES;
        private Duration connAckTimeout = Duration.ofSeconds(10);
        private Duration pingResponseTimeout = Duration.ofSeconds(10);
        private String username;
        private BinaryData password;
        private Will will;
        private boolean requestResponseInformation;
        private boolean requestProblemInformation = true;
        private UserProperties connectUserProperties = UserProperties.EMPTY;
        private EnhancedAuthHandler authHandler;
        private ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        private boolean qos2ReplayGuard;

        private Builder() {}

        public Builder version(MqttVersion version) {
            this.version = version;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        public Builder keepAliveSeconds(int keepAliveSeconds) {
            this.keepAliveSeconds = keepAliveSeconds;
            return this;
        }

        public Builder sessionExpiryInterval(long seconds) {
            this.sessionExpiryInterval = seconds;
            return this;
        }

        public Builder receiveMaximum(int receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        public Builder maximumPacketSize(int maximumPacketSize) {
            this.maximumPacketSize = maximumPacketSize;
            return this;
        }

        public Builder topicAliasMaximum(int topicAliasMaximum) {
            this.topicAliasMaximum = topicAliasMaximum;
            return this;
        }

        public Builder outboundTopicAliasMaximum(int outboundTopicAliasMaximum) {
            this.outboundTopicAliasMaximum = outboundTopicAliasMaximum;
            return this;
        }

        public Builder maxInflight(int maxInflight) {
            this.maxInflight = maxInflight;
            return this;
        }

        public Builder publishQueueCapacity(int publishQueueCapacity) {
            this.publishQueueCapacity = publishQueueCapacity;
            return this;
        }

        /**
         * How many encoded bytes may wait for the socket before new publishes wait in the publish queue; together with
         * {@link #publishQueueCapacity} this bounds the memory of a client whose server reads slowly or not at all.
         */
        public Builder maxOutboundBytes(int maxOutboundBytes) {
            this.maxOutboundBytes = maxOutboundBytes;
            return this;
        }

        public Builder connAckTimeout(Duration connAckTimeout) {
            this.connAckTimeout = connAckTimeout;
            return this;
        }

        public Builder pingResponseTimeout(Duration pingResponseTimeout) {
            this.pingResponseTimeout = pingResponseTimeout;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(BinaryData password) {
            this.password = password;
            return this;
        }

        public Builder will(Will will) {
            this.will = will;
            return this;
        }

        public Builder requestResponseInformation(boolean on) {
            this.requestResponseInformation = on;
            return this;
        }

        public Builder requestProblemInformation(boolean on) {
            this.requestProblemInformation = on;
            return this;
        }

        public Builder connectUserProperties(UserProperties userProperties) {
            this.connectUserProperties = userProperties;
            return this;
        }

        public Builder authHandler(EnhancedAuthHandler authHandler) {
            this.authHandler = authHandler;
            return this;
        }

        public Builder allocator(ByteBufAllocator allocator) {
            this.allocator = allocator;
            return this;
        }

        /**
         * Guards the application against a broker that replays a QoS 2 message it had already released. The standard
         * leaves a receiver no defence: once it has answered PUBREL with PUBCOMP, a PUBLISH with that packet id is a
         * new message (MQTT-4.3.3-12), and a server must never resend a PUBLISH after PUBREL (MQTT-4.3.3-6). mosquitto
         * 2.0.11 does exactly that when it restarts from its persistence file ({@code FaultToleranceTest}: tens to
         * thousands of QoS 2 messages delivered twice over ten restarts), so exactly-once ends at the broker.
         *
         * <p>With the guard on, the engine remembers a 64-bit fingerprint (topic and payload) of the last QoS 2
         * message completed under each packet id in this session, 512 KiB once the first QoS 2 message arrives. A
         * PUBLISH with the DUP flag, an id not awaiting PUBREL, and the same fingerprint as the message last completed
         * under that id is taken for a replay: acknowledged (PUBREC, then PUBCOMP) but not delivered again.
         *
         * <p>The price, why it is off by default: a genuinely new message that reuses the id, whose first
         * transmission was lost with a connection, and whose topic and payload are byte for byte those of the message
         * last completed under that id, would be dropped. Brokers hand out ids in sequence, so that takes the same
         * content exactly 65,535 messages later plus a connection loss at that moment; streams of identical payloads
         * make it possible. Turn it on where a duplicate costs more than that risk.
         */
        public Builder qos2ReplayGuard(boolean on) {
            this.qos2ReplayGuard = on;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(
                    version,
                    clientId,
                    cleanStart,
                    keepAliveSeconds,
                    sessionExpiryInterval,
                    receiveMaximum,
                    maximumPacketSize,
                    topicAliasMaximum,
                    outboundTopicAliasMaximum,
                    maxInflight,
                    publishQueueCapacity,
                    maxOutboundBytes,
                    connAckTimeout,
                    pingResponseTimeout,
                    username,
                    password,
                    will,
                    requestResponseInformation,
                    requestProblemInformation,
                    connectUserProperties,
                    authHandler,
                    allocator,
                    qos2ReplayGuard);
        }
    }
}
