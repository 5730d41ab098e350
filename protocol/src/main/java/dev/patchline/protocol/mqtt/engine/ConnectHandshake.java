package dev.patchline.protocol.mqtt.engine;

import dev.patchline.protocol.mqtt.codec.DecoderConfig;
import dev.patchline.protocol.mqtt.codec.MqttEncodeException;
import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAck;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.DisconnectReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of opening a connection: the CONNECT it sends (resuming the session after the first
 * connection), what a CONNACK must satisfy to be accepted, and MQTT 5 enhanced authentication (AUTH during CONNECT
 * and re-authentication). It remembers across connections what identifies the session: whether one was
 * established and the client identifier the server assigned. Same thread as the engine.
 */
final class ConnectHandshake {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandshake.class);

    private final EngineConfig config;
    private final EngineContext ctx;
    private final boolean v5;

    private String assignedClientId;
    private boolean connectedBefore;
    /** Clean Start of the CONNECT of the current connection. */
    private boolean cleanStart;

    ConnectHandshake(EngineConfig config, EngineContext ctx) {
        this.config = config;
        this.ctx = ctx;
        this.v5 = config.version().isV5();
    }

    /** Whether a CONNACK accepted an earlier connection of this engine, so that a session may exist. */
    boolean connectedBefore() {
        return connectedBefore;
    }

    /** A CONNACK accepted the current connection and the session's flows are set up. */
    void established() {
        connectedBefore = true;
    }

    /** The CONNECT for a new connection. */
    Connect connect() {
        // The first connection follows the configuration; later ones resume the session when it can outlive a
        // connection, so that in-flight messages and subscriptions carry over.
        cleanStart = connectedBefore ? !config.sessionOutlivesConnection() : config.cleanStart();
        String clientId =
                config.clientId().isEmpty() && assignedClientId != null ? assignedClientId : config.clientId();
        ConnectProperties properties = ConnectProperties.NONE;
        if (v5) {
            ConnectProperties.Builder p = ConnectProperties.builder()
                    .sessionExpiryInterval(config.sessionExpiryInterval() == 0 ? null : config.sessionExpiryInterval())
                    .receiveMaximum(config.receiveMaximum() == 65_535 ? null : config.receiveMaximum())
                    .maximumPacketSize(
                            config.maximumPacketSize() >= DecoderConfig.PROTOCOL_MAXIMUM_PACKET_SIZE
                                    ? null
                                    : (long) config.maximumPacketSize())
                    .topicAliasMaximum(config.topicAliasMaximum() == 0 ? null : config.topicAliasMaximum())
                    .requestResponseInformation(config.requestResponseInformation() ? Boolean.TRUE : null)
                    .requestProblemInformation(config.requestProblemInformation() ? null : Boolean.FALSE)
                    .userProperties(config.connectUserProperties());
            EnhancedAuthHandler auth = config.authHandler();
            if (auth != null) {
                p.authenticationMethod(auth.method()).authenticationData(auth.initialData());
            }
            properties = p.build();
        }
        return new Connect(
                config.version(),
                clientId,
                cleanStart,
                config.keepAliveSeconds(),
                config.username(),
                config.password(),
                config.will(),
                properties);
    }

    /** Why the server refused the connection (a CONNACK with an error reason code), in one line. */
    static String refusal(ConnAck ack) {
        String reason = ack.properties().reasonString();
        return "the server refused the connection: " + ack.reasonCode() + " (0x"
                + Integer.toHexString(ack.reasonCode().code()) + ")" + (reason == null ? "" : ": " + reason)
                + (ack.properties().serverReference() == null
                        ? ""
                        : "; server reference " + ack.properties().serverReference());
    }

    /**
     * A CONNACK with success arrived: checks it, notes the assigned client identifier and ends enhanced
     * authentication.
     *
     * @return the limits of the connection, or {@code null} when the CONNACK broke the protocol (reported)
     */
    ConnectionInfo accept(ConnAck ack) {
        if (ack.sessionPresent() && cleanStart) {
            ctx.protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR,
                    "the server reported a present session although CONNECT"
                            + " asked for a clean start (MQTT-3.2.2-2, MQTT-3.2.2-4)",
                    null);
            return null;
        }
        if (ack.properties().assignedClientIdentifier() != null) {
            assignedClientId = ack.properties().assignedClientIdentifier();
        }
        if (config.authHandler() != null) {
            authSucceeded(ack.properties().authenticationData());
        }
        return ConnectionInfo.of(config, ack);
    }

    /** AUTH from the server: a challenge to answer or the success of a re-authentication. */
    void onAuth(Auth auth, boolean connected) {
        EnhancedAuthHandler handler = config.authHandler();
        if (handler == null) {
            ctx.protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR,
                    "the server sent AUTH although CONNECT named no Authentication Method (MQTT-4.12.0-6)",
                    null);
            return;
        }
        if (auth.authenticationMethod() == null || !auth.authenticationMethod().equals(handler.method())) {
            ctx.protocolError(
                    DisconnectReasonCode.PROTOCOL_ERROR,
                    "the server's AUTH names the method '" + auth.authenticationMethod() + "' but CONNECT used '"
                            + handler.method() + "' (MQTT-4.12.0-5)",
                    null);
            return;
        }
        switch (auth.reasonCode()) {
            case CONTINUE_AUTHENTICATION -> {
                BinaryData answer;
                try {
                    answer = handler.challenge(auth.authenticationData());
                } catch (RuntimeException e) {
                    ctx.protocolError(
                            DisconnectReasonCode.UNSPECIFIED_ERROR,
                            "enhanced authentication '" + handler.method() + "' gave up: " + e.getMessage(),
                            e);
                    return;
                }
                ctx.send(new Auth(
                        AuthReasonCode.CONTINUE_AUTHENTICATION, handler.method(), answer, null, UserProperties.EMPTY));
            }
            case SUCCESS -> {
                if (!connected) {
                    ctx.protocolError(
                            DisconnectReasonCode.PROTOCOL_ERROR,
                            "AUTH success before CONNACK; the server ends"
                                    + " the authentication of a new connection with CONNACK",
                            null);
                    return;
                }
                authSucceeded(auth.authenticationData());
            }
            default ->
                ctx.protocolError(
                        DisconnectReasonCode.PROTOCOL_ERROR,
                        "a server cannot send AUTH with " + auth.reasonCode(),
                        null);
        }
    }

    /**
     * Starts MQTT 5 re-authentication (AUTH 0x19) on a connected link.
     *
     * @return false when not possible: no handler, MQTT 3.1.1, or the AUTH cannot be sent
     */
    boolean reauthenticate() {
        EnhancedAuthHandler handler = config.authHandler();
        if (handler == null || !v5) {
            return false;
        }
        try {
            ctx.send(new Auth(
                    AuthReasonCode.REAUTHENTICATE,
                    handler.method(),
                    handler.initialData(),
                    null,
                    UserProperties.EMPTY));
        } catch (MqttEncodeException e) {
            LOG.warn("cannot send AUTH for re-authentication: {}", e.getMessage());
            return false;
        }
        return true;
    }

    private void authSucceeded(BinaryData data) {
        try {
            config.authHandler().succeeded(data);
        } catch (RuntimeException e) {
            LOG.warn("enhanced auth handler failed in succeeded()", e);
        }
    }
}
