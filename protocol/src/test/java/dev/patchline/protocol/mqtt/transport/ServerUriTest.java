package dev.patchline.protocol.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerUriTest {

    @ParameterizedTest
    @CsvSource({
        "tcp://broker.example, TCP, broker.example, 1883, ''",
        "mqtt://10.0.0.1:1884, TCP, 10.0.0.1, 1884, ''",
        "ssl://broker.example, TLS, broker.example, 8883, ''",
        "mqtts://broker.example:8884, TLS, broker.example, 8884, ''",
        "tls://broker.example, TLS, broker.example, 8883, ''",
        "ws://broker.example, WS, broker.example, 80, /mqtt",
        "ws://broker.example:9001/, WS, broker.example, 9001, /",
        "wss://broker.example/ws?token=a, WSS, broker.example, 443, /ws?token=a",
        "tcp://[::1]:1883, TCP, ::1, 1883, ''",
        "TCP://Broker.Example:1, TCP, Broker.Example, 1, ''",
    })
    void parsesEverySchemeWithDefaults(String url, ServerUri.Scheme scheme, String host, int port, String path) {
        ServerUri uri = ServerUri.parse(url);
        assertThat(uri.scheme()).isEqualTo(scheme);
        assertThat(uri.host()).isEqualTo(host);
        assertThat(uri.port()).isEqualTo(port);
        assertThat(uri.path()).isEqualTo(path);
        assertThat(uri.toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://broker:80 | unsupported scheme 'http'",
                "broker:1883 | unsupported scheme 'broker'",
                "127.0.0.1 | has no scheme",
                "tcp:// | not a valid URL",
                "tcp://:1883 | has no host",
                "tcp://broker:1883/path | only ws:// and wss:// use",
                "tcp://bro ker | not a valid URL",
                "'' | empty",
            })
    void rejectsBadUrlsWithAReason(String url, String message) {
        assertThatThrownBy(() -> ServerUri.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"TCP, 127.0.0.1, 1883, tcp://127.0.0.1:1883", "WSS, ::1, 443, wss://[::1]:443"})
    void buildsFromParts(ServerUri.Scheme scheme, String host, int port, String expected) {
        assertThat(ServerUri.of(scheme, host, port)).isEqualTo(ServerUri.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"ws://[::1]:9001, ws://[::1]:9001/mqtt", "wss://h/p, wss://h:443/p"})
    void webSocketUriForTheUpgrade(String url, String expected) {
        assertThat(ServerUri.parse(url).webSocketUri().toString()).isEqualTo(expected);
    }
}
