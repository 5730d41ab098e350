package dev.patchline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.op.NodeState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo graph end to end: real embedded broker, real MQTT client, real TCP socket reading the lines. */
class DemoGraphTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void sensor_messages_become_rows_channels_and_tcp_lines() throws Exception {
        int mqtt = freePort();
        int tcp = freePort();
        try (Patch patch = Patch.start(
                DemoGraph.build(mqtt, tcp, 8, 5),
                PatchOptions.builder().watchAll().build())) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> patch.query(v ->
                                            v.node(DemoGraph.SENSORS).getTable().numRows())
                                    .join()
                            >= 10);

            // A media-server stand-in connects to the TCP server and receives "room value" lines.
            List<String> lines = new ArrayList<>();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
                socket.setSoTimeout(60_000);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                while (lines.size() < 3) {
                    lines.add(in.readLine());
                }
            }
            assertThat(lines).allSatisfy(line -> assertThat(line).matches("[a-z0-9]+ -?\\d+(\\.\\d+)?"));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> patch.query(v -> v.node(DemoGraph.SMOOTH)
                                            .getChannels()
                                            .numChans())
                                    .join()
                            > 0);
            DemoSnapshot snapshot = patch.query(DemoSnapshot::take).join();
            assertThat(snapshot.latestRows()).isNotEmpty();
            assertThat(snapshot.header()).contains("topic");
            assertThat(snapshot.smoothed().values())
                    .allSatisfy(v -> assertThat(v).isBetween(-40.0, 60.0));
            assertThat(snapshot.nodes().values()).noneMatch(n -> n.state() == NodeState.ERROR);
            assertThat(snapshot.nodes().get(DemoGraph.SENSORS).info("connected"))
                    .isEqualTo(1.0);
        }
    }
}
