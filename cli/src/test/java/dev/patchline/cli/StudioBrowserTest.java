package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patchline.protocol.testing.MosquittoBroker;
import dev.patchline.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio end to end in a real browser: {@code patchline studio GRAPH} as its own process, a real mosquitto broker
 * that {@code patchline mqtt pub} publishes to, and the page driven in Debian's Chromium by {@code web/e2e/studio.mjs}
 * (playwright-core, installed by the web module's {@code npm ci}; no browser download). The script prints one
 * {@code ok STEP} per step and exits non-zero at the first failed one.
 *
 * <p>Skips when chromium, node or mosquitto is absent, unless {@code REQUIRE_TOOLS} is set. Screenshots go to
 * {@code target/studio-screenshots}, or to the folder in the system property {@code studio.screenshots} (the guide's
 * images are made with {@code -Dstudio.screenshots=../docs/guide/images}).
 */
class StudioBrowserTest {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(3);
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_\\-]+");

    @TempDir
    Path dir;

    private Process studio;
    private Process publisher;
    private Process browser;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : new Process[] {browser, publisher, studio}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    @Test
    void the_page_shows_and_edits_the_running_patch() throws Exception {
        Path chromium = ExternalTools.presentOrRequired("chromium", "apt-get install chromium", "CHROMIUM", null);
        Path node = ExternalTools.presentOrRequired("node", "install Node.js 20.19 or newer", "NODE", null);
        Path web = Path.of(System.getProperty("patchline.web.dir", "../web"))
                .toAbsolutePath()
                .normalize();
        assertThat(web.resolve("node_modules/playwright-core"))
                .as("playwright-core, installed by the web module's build (mvn -pl web verify runs npm ci)")
                .isDirectory();

        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Path graph = writeGraph(broker.port());
            studio = CliProcess.start(
                    dir,
                    List.of(),
                    dir.resolve("studio-out.txt"),
                    dir.resolve("studio-err.txt"),
                    "studio",
                    graph.toString(),
                    "--port",
                    "0");
            String url = await().atMost(START_LIMIT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("patchline studio ended early", () -> !studio.isAlive())
                    .until(() -> printedUrl(dir.resolve("studio-out.txt")), u -> u != null);

            String marker = "studio-e2e-" + UUID.randomUUID().toString().substring(0, 8);
            publisher = CliProcess.start(
                    dir,
                    List.of(),
                    dir.resolve("pub-out.txt"),
                    dir.resolve("pub-err.txt"),
                    "mqtt",
                    "pub",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(broker.port()),
                    "-t",
                    "studio/e2e",
                    "-m",
                    marker,
                    "--repeat",
                    "900",
                    "--repeat-delay",
                    "0.2");

            Path shots = Path.of(System.getProperty("studio.screenshots", "target/studio-screenshots"))
                    .toAbsolutePath();
            String output = runScript(node, chromium, web, url, graph.toString(), marker, shots.toString());

            assertThat(output)
                    .as(output + studioOutput())
                    .contains(
                            "ok the page is refused without the token",
                            "ok the sample graph's tiles and table cells appear",
                            "ok an MQTT message published to the broker appears live in its tile",
                            "ok a parameter change in the panel takes effect in the patch",
                            "ok a 10,000-row table scrolls to its last row in the panel",
                            "ok a node added from the palette and wired produces rows",
                            "ok Ctrl-S saves the file",
                            "ok an edit of the file on disk appears in the page")
                    .doesNotContain("FAIL");

            CliProcess.Result validated = CliProcess.run(dir, START_LIMIT, "validate", graph.toString());
            assertThat(validated.exitCode())
                    .as("the saved file validates: " + validated)
                    .isZero();
        }
    }

    private Path writeGraph(int brokerPort) throws IOException {
        String json = """
                {
                  "patchline": 1,
                  "nodes": [
                    { "id": "rooms", "type": "table", "x": 0, "y": 0,
                      "params": { "data": "room,temp\\nkitchen,21.5\\nhall,19.0\\nstudio,23.2\\nporch,12.4" } },
                    { "id": "warm", "type": "select", "inputs": ["rooms"], "x": 300, "y": 0,
                      "params": { "extractrows": "bynames", "rownames": "kitchen studio" } },
                    { "id": "sensors", "type": "mqttClient", "x": 0, "y": 220,
                      "params": { "netaddress": "tcp://127.0.0.1:%d",
                                  "subscriptions": [ { "topic": "studio/#", "qos": 0 } ] } },
                    { "id": "big", "type": "table", "x": 300, "y": 220, "params": { "file": "big.csv" } }
                  ]
                }
                """.formatted(brokerPort);
        StringBuilder big = new StringBuilder("index,room,temp\n");
        for (int i = 0; i < 10_000; i++)
            big.append(i)
                    .append(",room")
                    .append(i % 37)
                    .append(',')
                    .append(20 + i % 50 / 10.0)
                    .append('\n');
        Files.writeString(dir.resolve("big.csv"), big, StandardCharsets.UTF_8);
        Path file = dir.resolve("studio-e2e.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    private static String printedUrl(Path out) throws IOException {
        Matcher m = URL.matcher(Files.readString(out, StandardCharsets.UTF_8));
        return m.find() ? m.group() : null;
    }

    private String runScript(Path node, Path chromium, Path web, String... args) throws Exception {
        Path log = dir.resolve("browser.txt");
        List<String> command = new java.util.ArrayList<>(
                List.of(node.toString(), web.resolve("e2e/studio.mjs").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(web.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CHROMIUM", chromium.toString());
        browser = builder.start();
        if (!browser.waitFor(SCRIPT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the browser script still ran after " + SCRIPT_LIMIT + "; killed. It printed:\n"
                    + Files.readString(log, StandardCharsets.UTF_8) + studioOutput());
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        // The steps and the measured scrolling speed, for the test report.
        System.out.println(output);
        assertThat(browser.exitValue()).as(output + studioOutput()).isZero();
        return output;
    }

    private String studioOutput() throws IOException {
        return "\n--- patchline studio stdout ---\n"
                + Files.readString(dir.resolve("studio-out.txt"), StandardCharsets.UTF_8)
                + "\n--- stderr ---\n" + Files.readString(dir.resolve("studio-err.txt"), StandardCharsets.UTF_8);
    }
}
