package dev.patchline.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.protocol.mqtt.codec.packet.Auth;
import dev.patchline.protocol.mqtt.codec.packet.AuthReasonCode;
import dev.patchline.protocol.mqtt.codec.packet.BinaryData;
import dev.patchline.protocol.mqtt.codec.packet.ConnAckProperties;
import dev.patchline.protocol.mqtt.codec.packet.Connect;
import dev.patchline.protocol.mqtt.codec.packet.ConnectProperties;
import dev.patchline.protocol.mqtt.codec.packet.MqttVersion;
import dev.patchline.protocol.mqtt.engine.EngineConfig;
import dev.patchline.protocol.mqtt.engine.EnhancedAuthHandler;
import dev.patchline.protocol.mqtt.transport.ServerUri;
import dev.patchline.protocol.mqtt.transport.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

/** Every value that carries a password or authentication data prints without it, in any spelling. */
class SecretsNeverPrintedTest {
    private static final String PASSWORD = "hunter2-secret";
    private static final BinaryData SECRET_BYTES = BinaryData.ofUtf8(PASSWORD);

    @Test
    void connect_hides_its_password_and_authentication_data() {
        Connect connect = Connect.builder(MqttVersion.V5, "lamp-1")
                .username("stage")
                .password(SECRET_BYTES)
                .properties(ConnectProperties.builder()
                        .authenticationMethod("SCRAM-SHA-256")
                        .authenticationData(SECRET_BYTES)
                        .build())
                .build();
        assertHidden(connect.toString())
                .contains(
                        "clientId=lamp-1",
                        "username=stage",
                        "password=(hidden)",
                        "authenticationMethod=SCRAM-SHA-256",
                        "authenticationData=(hidden)");
        assertThat(Connect.builder(MqttVersion.V5, "lamp-1").build().toString()).contains("password=null");
    }

    @Test
    void connack_properties_and_auth_hide_authentication_data() {
        assertHidden(ConnAckProperties.builder()
                        .authenticationMethod("SCRAM-SHA-256")
                        .authenticationData(SECRET_BYTES)
                        .build()
                        .toString())
                .contains("authenticationData=(hidden)");
        assertHidden(new Auth(AuthReasonCode.CONTINUE_AUTHENTICATION, "SCRAM-SHA-256", SECRET_BYTES, null, null)
                        .toString())
                .contains("reasonCode=CONTINUE_AUTHENTICATION", "authenticationData=(hidden)");
    }

    @Test
    void engine_config_hides_the_password_and_the_authentication_handler() {
        EnhancedAuthHandler handler = new EnhancedAuthHandler() {
            @Override
            public String method() {
                return "SCRAM-SHA-256";
            }

            @Override
            public BinaryData initialData() {
                return SECRET_BYTES;
            }

            @Override
            public BinaryData challenge(BinaryData serverData) {
                return SECRET_BYTES;
            }

            @Override
            public String toString() {
                return "handler holding " + PASSWORD;
            }
        };
        EngineConfig config = EngineConfig.builder()
                .clientId("lamp-1")
                .username("stage")
                .password(SECRET_BYTES)
                .authHandler(handler)
                .build();
        assertHidden(config.toString())
                .contains("clientId=lamp-1", "username=stage", "password=(hidden)", "authHandler=(hidden)");
    }

    @Test
    void tls_options_do_not_show_the_key_password() {
        TlsOptions tls = TlsOptions.builder()
                .clientCertificate(Path.of("client.pem"), Path.of("client.key"))
                .keyPassword(PASSWORD)
                .build();
        assertHidden(tls.toString()).contains("client.pem");
    }

    @Test
    void a_broker_url_with_a_password_prints_and_fails_without_it() {
        ServerUri uri = ServerUri.parse("tcp://stage:" + PASSWORD + "@127.0.0.1:1883");
        assertHidden(uri.toString()).isEqualTo("tcp://stage:(hidden)@127.0.0.1:1883");
        assertThat(uri.host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> ServerUri.parse("http://stage:" + PASSWORD + "@127.0.0.1"))
                .satisfies(e -> assertHidden(e.getMessage()).contains("http://stage:(hidden)@127.0.0.1"));
        assertThatThrownBy(() -> ServerUri.parse("tcp://stage:" + PASSWORD + "@bad host"))
                .satisfies(e -> assertHidden(e.getMessage()).contains("is not a valid URL"))
                .satisfies(e -> assertThat(e.getCause()).isNull());
        assertThat(ServerUri.withoutPassword("ws://host:8080/mqtt?user=a@b")).isEqualTo("ws://host:8080/mqtt?user=a@b");
        assertThat(ServerUri.withoutPassword("stage:" + PASSWORD + "@host:1883"))
                .isEqualTo("stage:(hidden)@host:1883");
    }

    /** Asserts that {@code text} holds the password neither as text nor as the hex of its bytes. */
    static AbstractStringAssert<?> assertHidden(String text) {
        String hex = HexFormat.of().formatHex(PASSWORD.getBytes(StandardCharsets.UTF_8));
        return assertThat(text).doesNotContain(PASSWORD).doesNotContainIgnoringCase(hex);
    }
}
