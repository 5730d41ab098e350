package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.protocol.testing.TestCertificates;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS beyond the basic session: client certificates, host name checks, and sends queued until the handshake. */
@Timeout(60)
class TlsDatTest {

    @TempDir
    static Path dir;
    /** Generated once: key generation is the slow part of these tests. */
    private static TestCertificates certs;

    @BeforeAll
    static void generateCertificates() {
        certs = TestCertificates.create(dir);
    }

    private OperatorTestRunner tlsServer(TestCertificates certs, int port, boolean requireClientCert) {
        OperatorTestRunner server = TcpipDatTest.server(port)
                .set(TcpipDat.TLS, true)
                .set(TcpipDat.TLS_CERT, certs.serverCert().toString())
                .set(TcpipDat.TLS_KEY, certs.serverKey().toString());
        return requireClientCert ? server.set(TcpipDat.TLS_CA, certs.caCert().toString()) : server;
    }

    private OperatorTestRunner tlsClient(TestCertificates certs, int port) {
        return TcpipDatTest.client(port)
                .set(TcpipDat.TLS, true)
                .set(TcpipDat.TLS_CA, certs.caCert().toString());
    }

    @Test
    void server_with_tls_ca_accepts_only_clients_with_a_certificate_from_that_ca() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner server = tlsServer(certs, port, true);
                OperatorTestRunner anonymous = tlsClient(certs, port)) {
            server.cook();
            cookAllUntil(
                    () -> server.state() == NodeState.WARNING
                            && server.message().contains("TLS handshake"),
                    Duration.ofSeconds(10),
                    "the server's report of the rejected handshake",
                    server,
                    anonymous);
            // With TLS 1.3 the client may count itself connected until the server's alert arrives; the server never
            // lets the peer in.
            assertThat(server.info("connections")).isZero();
            assertThat(server.output().numRows()).isZero();
        }
        port = FreePorts.tcp();
        int p = port;
        try (OperatorTestRunner server = tlsServer(certs, p, true);
                OperatorTestRunner withCert = tlsClient(certs, p)
                        .set(TcpipDat.TLS_CERT, certs.clientCert().toString())
                        .set(TcpipDat.TLS_KEY, certs.clientKey().toString())) {
            server.cook();
            withCert.input(0).setHeader("text");
            cookAllUntil(
                    () -> server.info("connections") == 1.0,
                    Duration.ofSeconds(10),
                    "the mutual-TLS session",
                    server,
                    withCert);
            withCert.input(0).appendRow("signed and sealed");
            cookAllUntil(() -> server.output().numRows() == 1, Duration.ofSeconds(10), "the message", server, withCert);
            assertThat(server.output().cell(0, "message")).isEqualTo("signed and sealed");
        }
    }

    @Test
    void client_checks_the_server_name_unless_told() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner server = TcpipDatTest.server(port)
                        .set(TcpipDat.TLS, true)
                        .set(TcpipDat.TLS_CERT, certs.wrongHostCert().toString())
                        .set(TcpipDat.TLS_KEY, certs.wrongHostKey().toString());
                OperatorTestRunner client = tlsClient(certs, port)) {
            server.cook();
            cookAllUntil(
                    () -> client.state() == NodeState.WARNING
                            && client.message().contains("TLS handshake"),
                    Duration.ofSeconds(10),
                    "the client's report of the name mismatch",
                    server,
                    client);
            assertThat(client.info("connections")).isZero();
            client.set(TcpipDat.TLS_VERIFY_HOST, false);
            cookAllUntil(
                    () -> client.info("connections") == 1.0,
                    Duration.ofSeconds(10),
                    "a session without the name check",
                    server,
                    client);
        }
    }

    @Test
    void sends_before_the_handshake_are_queued_and_arrive_in_order() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner client = tlsClient(certs, port)) {
            client.input(0).setHeader("text");
            client.input(0).appendRow("first");
            client.input(0).appendRow("second");
            client.cook();
            cookAllUntil(() -> client.info("sends_queued") == 2.0, Duration.ofSeconds(10), "two queued sends", client);
            try (OperatorTestRunner server = tlsServer(certs, port, false)) {
                cookAllUntil(
                        () -> server.output().numRows() == 2,
                        Duration.ofSeconds(10),
                        "both messages over TLS",
                        server,
                        client);
                assertThat(server.output().cell(0, "message")).isEqualTo("first");
                assertThat(server.output().cell(1, "message")).isEqualTo("second");
                // Info channels are as of the client's last cook, which may have preceded the flush.
                cookAllUntil(
                        () -> client.info("sends_queued") == 0.0, Duration.ofSeconds(10), "the queue emptied", client);
            }
        }
    }
}
