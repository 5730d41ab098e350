package dev.patchline.cli.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command line's connection flags print without the password, whether it came from -P or the URL. */
class ConnectionOptionsSecretsTest {
    private static final String PASSWORD = "hunter2-secret";

    @Test
    void a_password_given_with_dash_p_is_hidden() {
        ConnectionOptions options = new ConnectionOptions();
        options.host = "127.0.0.1";
        options.username = "stage";
        options.password = PASSWORD;
        assertThat(options.toString())
                .contains("host=127.0.0.1", "user=stage", "password=(hidden)")
                .doesNotContain(PASSWORD);
    }

    @Test
    void a_password_inside_the_url_is_hidden_before_and_after_parsing() {
        ConnectionOptions options = new ConnectionOptions();
        options.url = "mqtt://stage:" + PASSWORD + "@127.0.0.1:1883/lights/#";
        assertThat(options.toString())
                .contains("url=mqtt://stage:(hidden)@127.0.0.1:1883/lights/#")
                .doesNotContain(PASSWORD);
        options.serverUri();
        assertThat(options.resolvePassword(java.util.Map.of())).isEqualTo(PASSWORD);
        assertThat(options.toString())
                .contains("user=stage", "password=(hidden)")
                .doesNotContain(PASSWORD);
    }

    @Test
    void a_url_that_does_not_parse_is_reported_without_its_password() {
        ConnectionOptions options = new ConnectionOptions();
        options.url = "mqtt://stage:" + PASSWORD + "@127.0.0.1:1883/a b";
        assertThatThrownBy(options::serverUri)
                .isInstanceOf(dev.patchline.cli.CliException.class)
                .hasMessageContaining("is not a URL")
                .hasMessageContaining("stage:(hidden)@")
                .message()
                .doesNotContain(PASSWORD);
    }
}
