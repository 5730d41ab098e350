package dev.patchline.nodes.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded broker's accounts print with their names, never their passwords. */
class SecretsNeverPrintedTest {
    private static final String PASSWORD = "hunter2-secret";

    @Test
    void broker_settings_list_the_users_without_their_passwords() {
        EmbeddedBroker.Settings settings = new EmbeddedBroker.Settings(
                "127.0.0.1", 1883, 0, false, null, false, false, Map.of("stage", PASSWORD, "lights", PASSWORD + "-2"));
        assertThat(settings.passwords()).containsEntry("stage", PASSWORD);
        assertThat(settings.toString())
                .contains("address=127.0.0.1", "users=[lights, stage]")
                .doesNotContain(PASSWORD);
    }

    @Test
    void a_broker_user_holds_the_name_of_its_password_variable_only() {
        assertThat(BrokerUser.of("stage", "BROKER_PASSWORD").toString()).contains("stage", "BROKER_PASSWORD");
    }
}
