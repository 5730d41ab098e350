package dev.patchline.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.graph.Graph;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableToTcpSampleTest {

    @Test
    void json_and_java_build_equal_graphs() {
        assertThat(TableToTcpSample.graph()).isEqualTo(SampleTesting.load("table-to-tcp/graph.json"));
    }

    @Test
    void saving_the_cue_file_sends_its_rows_as_lines_to_a_connected_client(@TempDir Path dir) throws Exception {
        Path cues = dir.resolve("cues.csv");
        Files.copy(SampleTesting.SAMPLES.resolve("table-to-tcp/cues.csv"), cues);
        int port = SampleTesting.freePort();
        Graph g = SampleTesting.load("table-to-tcp/graph.json");
        g = SampleTesting.withParam(g, "controller", "port", port);
        // The graph names its file relative to its folder; here the folder is the copy's.
        try (Patch patch = SampleTesting.start(g, dir)) {
            AtomicReference<Socket> socket = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                socket.set(new Socket("127.0.0.1", port));
                return true;
            });
            try (Socket s = socket.get()) {
                s.setSoTimeout(20_000);
                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                patch.query(v -> v.node("controller").getInfo().getOrDefault("connections", 0.0))
                                                .join()
                                        >= 1);
                Files.writeString(cues, "4,outro,blackout\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("4,outro,blackout")) break;
                }
                assertThat(lines)
                        .contains("1,intro,go", "2,verse,fade 3.0", "3,chorus,go")
                        .endsWith("4,outro,blackout");
            }
        }
    }
}
