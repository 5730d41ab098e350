package dev.patchline.nodes.tcp;

import static dev.patchline.runtime.testing.OperatorTestRunner.cookAllUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.protocol.testing.FreePorts;
import dev.patchline.protocol.testing.TestCertificates;
import dev.patchline.runtime.graph.CallbackSpec;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class TcpipDatTest {

    static OperatorTestRunner server(int port) {
        return OperatorTestRunner.of(TcpipDat.TYPE)
                .set(TcpipDat.MODE, TcpipDat.Mode.SERVER)
                .set(TcpipDat.PORT, port);
    }

    static OperatorTestRunner client(int port) {
        return OperatorTestRunner.of(TcpipDat.TYPE)
                .set(TcpipDat.MODE, TcpipDat.Mode.CLIENT)
                .set(TcpipDat.PORT, port)
                .set(TcpipDat.RECONNECT_MIN, 0.05)
                .set(TcpipDat.RECONNECT_MAX, 0.2);
    }

    @Test
    void server_turns_lines_into_rows_and_runs_callbacks_on_the_cook_thread() throws Exception {
        int port = FreePorts.tcp();
        RecordingCallbacks callbacks = new RecordingCallbacks();
        try (OperatorTestRunner r = server(port).set(TcpipDat.BYTES, true).callbacks(CallbackSpec.object(callbacks))) {
            r.cook();
            assertThat(r.state()).isNotEqualTo(NodeState.ERROR);
            try (Socket s = Cooking.connect(port, r)) {
                OutputStream out = s.getOutputStream();
                out.write("hel".getBytes(StandardCharsets.UTF_8));
                out.flush();
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "a connection", r);
                out.write("lo\r\nwörld\nall\n".getBytes(StandardCharsets.UTF_8));
                cookAllUntil(() -> r.output().numRows() == 3, Duration.ofSeconds(10), "three rows", r);

                assertThat(r.output().header(0)).isEqualTo("message");
                assertThat(r.output().header(1)).isEqualTo("peer");
                assertThat(r.output().header(2)).isEqualTo("bytes");
                assertThat(r.output().cell(0, "message")).isEqualTo("hello");
                assertThat(r.output().cell(1, "message")).isEqualTo("wörld");
                assertThat(r.output().cell(0, "peer")).isEqualTo("127.0.0.1:" + s.getLocalPort());
                assertThat(r.output().cell(0, "bytes")).isEqualTo("68 65 6c 6c 6f");
                assertThat(r.output().bytes(1, 2)).isEqualTo("wörld".getBytes(StandardCharsets.UTF_8));

                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("echo hello");
                assertThat(in.readLine()).isEqualTo("echo wörld");
                assertThat(in.readLine()).isEqualTo("echo all");
                assertThat(in.readLine()).isEqualTo("to everyone"); // sent with "\r\n"; readLine takes both
                assertThat(r.info("bytes_in")).isEqualTo(18.0);
            }
            // Info channels are as of the last cook; the close makes one after every reply was read.
            cookAllUntil(() -> r.info("connections") == 0.0, Duration.ofSeconds(10), "the close", r);
            assertThat(r.info("bytes_out")).isEqualTo(11 + 12 + 9 + 13);
            assertThat(r.info("messages_in")).isEqualTo(3);
            assertThat(r.info("messages_pending")).isZero();
            assertThat(callbacks.events)
                    .containsExactly(
                            "connect 127.0.0.1 cook-thread",
                            "row 0 hello 5 cook-thread",
                            "row 1 wörld 6 cook-thread",
                            "row 2 all 3 cook-thread",
                            "close " + callbacks.peers.get(0).getPort() + " cook-thread");
        }
    }

    @Test
    void hundred_clients_on_one_server_dat_each_get_the_broadcast() throws Exception {
        int port = FreePorts.tcp();
        int clients = 100;
        try (OperatorTestRunner r = server(port).set(TcpipDat.MAX_LINES, 1000)) {
            r.input(0).setHeader("text");
            r.cook();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket s = Cooking.connect(port, r);
                    sockets.add(s);
                    s.getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                cookAllUntil(
                        () -> r.output().numRows() == clients && r.info("connections") == clients,
                        Duration.ofSeconds(10),
                        clients + " rows from " + clients + " peers",
                        r);
                Set<String> peers = new HashSet<>();
                Set<String> messages = new HashSet<>();
                for (int i = 0; i < clients; i++) {
                    peers.add(r.output().cell(i, "peer"));
                    messages.add(r.output().cell(i, "message"));
                }
                assertThat(peers).hasSize(clients);
                assertThat(messages).hasSize(clients).contains("client 0", "client 99");
                r.input(0).appendRow("to all");
                r.cook();
                for (Socket s : sockets) {
                    s.setSoTimeout(5_000);
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).isEqualTo("to all");
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            cookAllUntil(() -> r.info("connections") == 0.0, Duration.ofSeconds(10), "all closed", r);
        }
    }

    @Test
    void groovy_callbacks_use_touchdesigner_style_send() throws Exception {
        int port = FreePorts.tcp();
        String script = """
                def onReceive(dat, rowIndex, message, bytes, peer) {
                    peer.send("got ${message} from ${peer.address}", terminator: '\\r\\n')
                    dat.sendBytes('raw', 33, [10] as byte[])
                }
                """;
        try (OperatorTestRunner r = server(port).callbacks(CallbackSpec.inline(script))) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "a row", r);
                byte[] expected = "got ping from 127.0.0.1\r\nraw!\n".getBytes(StandardCharsets.US_ASCII);
                assertThat(new DataInputStream(s.getInputStream()).readNBytes(expected.length))
                        .isEqualTo(expected);
            }
            assertThat(r.state()).isEqualTo(NodeState.OK);
        }
    }

    @Test
    void client_sends_new_input_rows_and_receives_replies() throws Exception {
        try (ServerSocket device = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                OperatorTestRunner r = client(device.getLocalPort())) {
            r.input(0).setHeader("cmd", "arg");
            r.input(0).appendRow("before", "connect");
            r.cook();
            try (Socket s = device.accept()) {
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "connected", r);
                r.input(0).appendRow("play", "1");
                r.input(0).appendRow("stop", "2");
                r.cook();
                r.set(TcpipDat.INPUT_COLUMN, "arg");
                r.input(0).appendRow("seek", "42");
                r.cook();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                // The row present before the connection was queued and goes out first, then the later ones in order.
                assertThat(in.readLine()).isEqualTo("before connect");
                assertThat(in.readLine()).isEqualTo("play 1");
                assertThat(in.readLine()).isEqualTo("stop 2");
                assertThat(in.readLine()).isEqualTo("42");
                s.getOutputStream().write("ack\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "the reply", r);
                assertThat(r.output().cell(0, "message")).isEqualTo("ack");
                assertThat(r.output().cell(0, "peer")).isEqualTo("127.0.0.1:" + device.getLocalPort());
            }
        }
    }

    @ParameterizedTest(name = "{0} + terminator {1}")
    @CsvSource({
        "perline, default, 'a|b', 61 0a 62 0a",
        "perline, none, 'a|b', 61 62",
        "perline, crlf, 'a|b', 61 0d 0a 62 0d 0a",
        "perline, cr, 'a|b', 61 0d 62 0d",
        "perline, null, 'a|b', 61 00 62 00",
        "perline, lf, 'a|b', 61 0a 62 0a",
        "perbyte, default, 'a|b', 61 62",
        "all, default, 'a|b', 61 62",
        "delimited, default, 'a|b', 61 3c 45 3e 62 3c 45 3e",
        "delimited, lf, 'a|b', 61 0a 62 0a",
        "lengthprefixed, default, 'a|bc', 00 01 61 00 02 62 63",
        "lengthprefixed, none, 'a|bc', 00 01 61 00 02 62 63"
    })
    void each_format_and_terminator_frames_what_it_sends(String format, String terminator, String messages, String hex)
            throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = server(port)) {
            r.set(TcpipDat.FORMAT, TcpipDat.Format.valueOf(format.toUpperCase()));
            r.set(TcpipDat.TERMINATOR, TcpipDat.Terminator.valueOf(terminator.toUpperCase()));
            r.set(TcpipDat.DELIMITER, "<E>");
            r.set(TcpipDat.PREFIX_BYTES, TcpipDat.PrefixBytes.TWO);
            r.input(0).setHeader("text");
            r.cook();
            assertThat(r.state()).as(r.message()).isNotEqualTo(NodeState.ERROR);
            try (Socket s = Cooking.connect(port, r)) {
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "connected", r);
                for (String m : messages.split("\\|")) {
                    r.input(0).appendRow(m);
                }
                r.cook();
                byte[] expected = unhex(hex);
                s.setSoTimeout(5_000);
                assertThat(hexOf(new DataInputStream(s.getInputStream()).readNBytes(expected.length)))
                        .isEqualTo(hex);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "perline, 'a\\r\\nb\\0c\\rd\\n', 'a|b|c|d'",
        "perbyte, 'xyz', 'x|y|z'",
        "delimited, 'one<E>two<E>', 'one|two'",
        "lengthprefixed, '\\x00\\x03abc\\x00\\x00\\x00\\x01z', 'abc||z'"
    })
    void each_format_frames_what_it_receives(String format, String wire, String rows) throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = server(port)) {
            r.set(TcpipDat.FORMAT, TcpipDat.Format.valueOf(format.toUpperCase()));
            r.set(TcpipDat.DELIMITER, "<E>");
            r.set(TcpipDat.PREFIX_BYTES, TcpipDat.PrefixBytes.TWO);
            r.cook();
            String[] expected = rows.split("\\|", -1);
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write(Escapes.unescape(wire, "test"));
                cookAllUntil(
                        () -> r.output().numRows() == expected.length,
                        Duration.ofSeconds(10),
                        expected.length + " rows",
                        r);
            }
            String[] actual = new String[r.output().numRows()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = r.output().cell(i, 0);
            }
            assertThat(actual).containsExactly(expected);
        }
    }

    @Test
    void all_format_gives_one_row_per_read() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = server(port)) {
            r.set(TcpipDat.FORMAT, TcpipDat.Format.ALL);
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write("first chunk\nwith newline".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(() -> r.output().numRows() == 1, Duration.ofSeconds(10), "one row", r);
                assertThat(r.output().cell(0, "message")).isEqualTo("first chunk\nwith newline");
            }
        }
    }

    @Test
    void over_long_message_warns_counts_and_the_stream_goes_on() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = server(port).set(TcpipDat.MAX_LENGTH, 8)) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write("ok\nthis is much too long\nfine\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(() -> r.output().numRows() == 2, Duration.ofSeconds(10), "two rows", r);
                assertThat(r.output().cell(1, "message")).isEqualTo("fine");
                cookAllUntil(() -> r.info("dropped") == 1.0, Duration.ofSeconds(10), "the drop counted", r);
            }
        }
    }

    @Test
    void clamp_keeps_the_newest_rows_and_clear_empties() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = server(port).set(TcpipDat.MAX_LINES, 3)) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                s.getOutputStream().write("1\n2\n3\n4\n5\n".getBytes(StandardCharsets.US_ASCII));
                cookAllUntil(
                        () -> r.output().numRows() == 3 && r.output().cell(2, 0).equals("5"),
                        Duration.ofSeconds(10),
                        "rows 3-5",
                        r);
                assertThat(r.output().cell(0, 0)).isEqualTo("3");
                r.pulse(TcpipDat.CLEAR).cook();
                assertThat(r.output().numRows()).isZero();
            }
        }
    }

    @Test
    void tls_server_and_client_dats(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        int port = FreePorts.tcp();
        try (OperatorTestRunner server = server(port)
                        .set(TcpipDat.TLS, true)
                        .set(TcpipDat.TLS_CERT, certs.serverCert().toString())
                        .set(TcpipDat.TLS_KEY, certs.serverKey().toString());
                OperatorTestRunner client = client(port)
                        .set(TcpipDat.TLS, true)
                        .set(TcpipDat.TLS_CA, certs.caCert().toString())) {
            server.cook();
            client.input(0).setHeader("text");
            cookAllUntil(
                    () -> client.info("connections") == 1.0 && server.info("connections") == 1.0,
                    Duration.ofSeconds(10),
                    "TLS session",
                    server,
                    client);
            client.input(0).appendRow("secret over tls");
            cookAllUntil(
                    () -> server.output().numRows() == 1,
                    Duration.ofSeconds(10),
                    "the message at the server",
                    server,
                    client);
            assertThat(server.output().cell(0, "message")).isEqualTo("secret over tls");
            assertThat(server.state()).isEqualTo(NodeState.OK);
        }
    }

    @Test
    void client_reconnects_when_the_server_dat_restarts() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner client = client(port)) {
            client.input(0).setHeader("text");
            try (OperatorTestRunner first = server(port)) {
                cookAllUntil(
                        () -> client.info("connections") == 1.0,
                        Duration.ofSeconds(10),
                        "first connection",
                        first,
                        client);
            }
            cookAllUntil(() -> client.info("connections") == 0.0, Duration.ofSeconds(10), "the drop", client);
            try (OperatorTestRunner second = server(port)) {
                cookAllUntil(
                        () -> client.info("connections") == 1.0,
                        Duration.ofSeconds(10),
                        "reconnection",
                        second,
                        client);
                client.input(0).appendRow("again");
                cookAllUntil(
                        () -> second.output().numRows() == 1,
                        Duration.ofSeconds(10),
                        "message after reconnect",
                        second,
                        client);
                assertThat(second.output().cell(0, "message")).isEqualTo("again");
            }
        }
    }

    @Test
    void port_in_use_is_an_error_that_says_what_to_do() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                OperatorTestRunner r = server(taken.getLocalPort())) {
            cookAllUntil(() -> r.state() == NodeState.ERROR, Duration.ofSeconds(10), "the bind error", r);
            assertThat(r.message())
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("change 'port' or 'address'");
        }
    }

    @Test
    void unreadable_certificate_is_an_error_naming_the_files(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        try (OperatorTestRunner r = server(FreePorts.tcp())
                .set(TcpipDat.TLS, true)
                .set(TcpipDat.TLS_CERT, junk.toString())
                .set(TcpipDat.TLS_KEY, junk.toString())) {
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).startsWith("TLS setup failed").contains("'tlscert'");
            r.set(TcpipDat.TLS_KEY, dir.resolve("missing.pem").toString()).cook();
            assertThat(r.message()).contains("'tlskey' file").contains("does not exist");
        }
    }

    @Test
    void bad_parameters_are_errors_naming_the_parameter() {
        try (OperatorTestRunner r = server(FreePorts.tcp()).set(TcpipDat.ENCODING, "no-such-charset")) {
            r.cook();
            assertThat(r.state()).isEqualTo(NodeState.ERROR);
            assertThat(r.message()).contains("'encoding' no-such-charset is not a known character set");
            r.set(TcpipDat.ENCODING, "UTF-8").set(TcpipDat.TLS, true).cook();
            assertThat(r.message()).contains("set 'tlscert' and 'tlskey'");
            r.set(TcpipDat.TLS, false)
                    .set(TcpipDat.FORMAT, TcpipDat.Format.DELIMITED)
                    .set(TcpipDat.DELIMITER, "\\q")
                    .cook();
            assertThat(r.message()).contains("parameter 'delimiter'").contains("unknown escape \\q");
            r.set(TcpipDat.DELIMITER, "\\n").cook();
            assertThat(r.state()).isNotEqualTo(NodeState.ERROR);
        }
    }

    @Test
    void turning_active_off_closes_peers_with_on_close_and_on_reopens() throws Exception {
        int port = FreePorts.tcp();
        RecordingCallbacks callbacks = new RecordingCallbacks();
        try (OperatorTestRunner r = server(port).callbacks(CallbackSpec.object(callbacks))) {
            r.cook();
            try (Socket s = Cooking.connect(port, r)) {
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "connected", r);
                r.set(TcpipDat.ACTIVE, false).cook();
                assertThat(r.info("connections")).isZero();
                assertThat(callbacks.events).last().asString().startsWith("close ");
                s.setSoTimeout(5_000);
                assertThat(s.getInputStream().read())
                        .as("socket closed by the DAT")
                        .isEqualTo(-1);
            }
            r.set(TcpipDat.ACTIVE, true).cook();
            try (Socket again = Cooking.connect(port, r)) {
                cookAllUntil(() -> r.info("connections") == 1.0, Duration.ofSeconds(10), "connected again", r);
            }
        }
    }

    @Test
    void inactive_dat_opens_nothing() throws Exception {
        int port = FreePorts.tcp();
        try (OperatorTestRunner r = server(port).set(TcpipDat.ACTIVE, false)) {
            r.cook();
            try (ServerSocket probe = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                assertThat(probe.getLocalPort()).isEqualTo(port); // the port is still free
            }
        }
    }

    private static byte[] unhex(String hex) {
        String[] parts = hex.trim().split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static String hexOf(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    @Test
    void prefixbytes_reads_in_scripts_as_graph_files_write_it() {
        try (OperatorTestRunner r = OperatorTestRunner.of(TcpipDat.TYPE)
                .set(TcpipDat.ACTIVE, false)
                .set(TcpipDat.PREFIX_BYTES, TcpipDat.PrefixBytes.TWO)) {
            r.cook();
            assertThat(String.valueOf(r.node().getPar().get("prefixbytes"))).isEqualTo("2");
            r.node().getPar().put("prefixbytes", "1");
            r.cook();
            assertThat(r.par(TcpipDat.PREFIX_BYTES)).isEqualTo(TcpipDat.PrefixBytes.ONE);
        }
    }
}
