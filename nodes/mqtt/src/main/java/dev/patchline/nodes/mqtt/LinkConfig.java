package dev.patchline.nodes.mqtt;

import dev.patchline.protocol.mqtt.client.ConnectionStateListener;
import dev.patchline.protocol.mqtt.client.MqttClient;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.codec.packet.Qos;
import dev.patchline.protocol.mqtt.codec.packet.UserProperties;
import dev.patchline.protocol.mqtt.codec.packet.Will;
import dev.patchline.protocol.mqtt.codec.packet.WillProperties;
import dev.patchline.protocol.mqtt.transport.ReconnectPolicy;
import dev.patchline.protocol.mqtt.transport.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything that shapes one broker connection. Two nodes whose parameters give equal configs may share a connection;
 * a parameter change that gives a different config means a new connection. The password never shows in
 * {@link #toString()}.
 */
record LinkConfig(
        String url,
        boolean mqtt5,
        String clientId,
        int keepAliveSeconds,
        int maxInflight,
        boolean cleanSession,
        long sessionExpirySeconds,
        boolean qos2ReplayGuard,
        boolean verifyCert,
        String caFile,
        String certFile,
        String keyFile,
        List<String> alpn,
        String username,
        String password,
        Map<String, String> userProperties,
        String willTopic,
        String willPayload,
        int willQos,
        boolean willRetain,
        long willDelaySeconds,
        int maxPacketSize) {

    /** How many received messages may wait for the message handler before the client stops reading. */
    private static final int HANDLER_BUFFER = 256;

    MqttClient newClient(ConnectionStateListener listener) {
        MqttClient.Builder b = MqttClient.builder(url)
                .stateListener(listener)
                .version(mqtt5 ? MqttVersion.V5 : MqttVersion.V3_1_1)
                .clientId(clientId)
                .keepAlive(Duration.ofSeconds(keepAliveSeconds))
                .maxInflight(maxInflight)
                .maximumPacketSize(maxPacketSize)
                .cleanStart(cleanSession)
                .engine(e -> e.qos2ReplayGuard(qos2ReplayGuard))
                .handlerBufferSize(HANDLER_BUFFER)
                .connectTimeout(Duration.ofSeconds(10))
                // Quick first retry, then back off to 10 s: an operator on a stage wants the link back fast.
                .reconnect(ReconnectPolicy.exponential(
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10), 2.0, 0.2));
        if (mqtt5 && sessionExpirySeconds > 0) b.sessionExpiry(Duration.ofSeconds(sessionExpirySeconds));
        if (!username.isEmpty() || !password.isEmpty()) {
            b.credentials(username.isEmpty() ? null : username, password.isEmpty() ? null : password);
        }
        if (mqtt5 && !userProperties.isEmpty()) b.connectUserProperties(userProperties(userProperties));
        if (!willTopic.isEmpty()) {
            WillProperties wp = mqtt5 && willDelaySeconds > 0
                    ? WillProperties.builder()
                            .willDelayInterval(willDelaySeconds)
                            .build()
                    : WillProperties.NONE;
            b.will(new Will(willTopic, BinaryData.ofUtf8(willPayload), Qos.of(willQos), willRetain, wp));
        }
        if (url.startsWith("ssl://") || url.startsWith("wss://")) {
            TlsOptions.Builder tls = TlsOptions.builder().insecure(!verifyCert);
            if (!caFile.isEmpty()) tls.caFile(Path.of(caFile));
            if (!certFile.isEmpty()) tls.clientCertificate(Path.of(certFile), Path.of(keyFile));
            if (!alpn.isEmpty()) tls.alpnProtocols(alpn);
            b.tls(tls.build());
        }
        return b.build();
    }

    static UserProperties userProperties(Map<String, String> map) {
        if (map.isEmpty()) return UserProperties.EMPTY;
        UserProperties.Builder b = UserProperties.builder();
        map.forEach(b::add);
        return b.build();
    }

    @Override
    public String toString() {
        return "LinkConfig[" + url + ", " + (mqtt5 ? "MQTT 5" : "MQTT 3.1.1") + ", client id '" + clientId + "', user '"
                + username + "'" + (password.isEmpty() ? "" : ", password ****") + "]";
    }
}
