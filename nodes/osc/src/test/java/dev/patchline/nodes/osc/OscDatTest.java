package dev.patchline.nodes.osc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.testing.OperatorTestRunner;
import dev.patchline.testing.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OSC In and Out against liblo's oscsend/oscdump and against each other, on 127.0.0.1 with free ports. */
class OscDatTest {
    /** {@return liblo's tool {@code name}; skips without it unless REQUIRE_TOOLS is set} */
    private static Path liblo(String name) {
        return ExternalTools.presentOrRequired(name, "apt-get install liblo-tools");
    }

    private static OperatorTestRunner listener() throws InterruptedException {
        OperatorTestRunner in = OperatorTestRunner.of(OscInDat.TYPE);
        in.set(OscInDat.PORT, 0);
        in.set(OscInDat.LOCALADDRESS, "127.0.0.1");
        in.cook();
        assertThat(in.state()).isEqualTo(NodeState.OK);
        return in;
    }

    @Test
    void receives_from_oscsend() throws Exception {
        Path oscsend = liblo("oscsend");
        try (OperatorTestRunner in = listener()) {
            int port = (int) in.info("port");
            Process p = new ProcessBuilder(
                            oscsend.toString(),
                            "127.0.0.1",
                            Integer.toString(port),
                            "/test/a",
                            "ifsTFNIhd",
                            "42",
                            "2.5",
                            "hello world",
                            "9000000000",
                            "0.125")
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(new String(p.getInputStream().readAllBytes()))
                    .isZero();
            in.cookUntil(() -> in.output().numRows() == 1, Duration.ofSeconds(10), "one message");
            assertThat(in.output().cell(0, "address")).isEqualTo("/test/a");
            assertThat(in.output().cell(0, "typetag")).isEqualTo("ifsTFNIhd");
            assertThat(in.output().cell(0, "args"))
                    .isEqualTo("42 2.5 \"hello world\" true false nil impulse 9000000000 0.125");
            assertThat(in.output().cell(0, "peer")).startsWith("127.0.0.1:");
            assertThat(in.info("received")).isEqualTo(1.0);
        }
    }

    @Test
    void sends_to_oscdump() throws Exception {
        Path oscdump = liblo("oscdump");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Process dump = new ProcessBuilder(oscdump.toString(), "-L", Integer.toString(port))
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader br =
                    new BufferedReader(new InputStreamReader(dump.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = br.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the process was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        try (OperatorTestRunner out = OperatorTestRunner.of(OscOutDat.TYPE)) {
            out.input(0).setHeader("address", "a", "b", "c");
            out.set(OscOutDat.PORT, port);
            String line = null;
            // oscdump needs a moment to bind; UDP sent before that is lost, so resend until it shows up.
            for (int i = 0; i < 50 && line == null; i++) {
                out.input(0).appendRow("/fader/" + i, "7", "0.5", "on air");
                out.cook();
                line = lines.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(line).isNotNull();
            assertThat(line).matches(".*/fader/\\d+ ifs 7 0\\.5+0* \"on air\"");
            assertThat(out.output().cell(out.output().numRows() - 1, "message")).contains("7 0.5 \"on air\"");
        } finally {
            dump.destroy();
            dump.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void out_to_in_with_explicit_tags_bundles_and_address_scope() throws Exception {
        try (OperatorTestRunner in = listener();
                OperatorTestRunner out = OperatorTestRunner.of(OscOutDat.TYPE)) {
            in.set(OscInDat.ADDSCOPE, "/keep/*");
            in.set(OscInDat.BUNDLETIMESTAMP, true);
            out.input(0).setHeader("address", "typetag", "v1", "v2");
            out.input(0).appendRow("/keep/x", "hT", "5", "");
            out.input(0).appendRow("/drop/y", "", "1", "2");
            out.input(0).appendRow("/keep/z", "Sc", "sym", "q");
            out.set(OscOutDat.PORT, (int) in.info("port"));
            out.set(OscOutDat.ASBUNDLE, true);
            out.cook();
            assertThat(out.state()).isEqualTo(NodeState.OK);
            in.cookUntil(() -> in.output().numRows() == 2, Duration.ofSeconds(10), "two messages");
            assertThat(in.output().cell(0, "message")).isEqualTo("/keep/x 5 true");
            assertThat(in.output().cell(0, "typetag")).isEqualTo("hT");
            assertThat(in.output().cell(0, "timetag")).isEqualTo("immediately");
            assertThat(in.output().cell(1, "message")).isEqualTo("/keep/z sym q");
            assertThat(out.info("sent")).isEqualTo(3.0);

            out.input(0).appendRow("no-slash", "", "1");
            out.cook();
            assertThat(out.state()).isEqualTo(NodeState.WARNING);
            assertThat(out.message()).isEqualTo("row 3 not sent: address 'no-slash' must start with /");
        }
    }

    @Test
    void busy_port_is_an_error_naming_the_parameter() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                OperatorTestRunner in = OperatorTestRunner.of(OscInDat.TYPE)) {
            in.set(OscInDat.PORT, taken.getLocalPort());
            in.set(OscInDat.LOCALADDRESS, "127.0.0.1");
            in.cook();
            assertThat(in.state()).isEqualTo(NodeState.ERROR);
            assertThat(in.message())
                    .startsWith("parameter 'port': cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void malformed_packets_are_counted_and_shown() throws Exception {
        try (OperatorTestRunner in = listener();
                DatagramSocket s = new DatagramSocket()) {
            byte[] junk = {'/', 'a', 0, 0, ',', 'i', 0, 0, 1};
            s.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), (int) in.info("port")));
            in.cookUntil(() -> in.info("malformed") == 1.0, Duration.ofSeconds(10), "the malformed packet counted");
            assertThat(in.state()).isEqualTo(NodeState.WARNING);
            assertThat(in.message())
                    .contains("malformed packet from 127.0.0.1:", "packet size 9 at byte 0 is not a multiple of 4");
            assertThat(in.output().numRows()).isZero();
        }
    }
}
