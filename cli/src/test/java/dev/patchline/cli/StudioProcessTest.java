package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patchline studio} as users run it: its own JVM prints one URL, and the page behind it answers. */
class StudioProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern URL =
            Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=([0-9a-f]{32})$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) process.destroyForcibly();
    }

    private String out() throws Exception {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    private String err() throws Exception {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private Matcher awaitUrl() {
        Matcher[] found = new Matcher[1];
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) throw new AssertionError("patchline ended early:\n" + out() + "\n" + err());
            Matcher m = URL.matcher(out());
            if (!m.find()) return false;
            found[0] = m;
            return true;
        });
        return found[0];
    }

    @Test
    void studioPrintsOneUrlWhosePageAnswersOnlyWithTheToken() throws Exception {
        Path graph = dir.resolve("g.json");
        Files.writeString(graph, """
                {"patchline": 1, "nodes": [{"id": "cfg", "type": "table", "params": {"data": "a,b\\n1,2"}}]}
                """);
        process = CliProcess.start(
                dir, List.of(), dir.resolve("out.txt"), dir.resolve("err.txt"), "studio", graph.toString());
        Matcher url = awaitUrl();
        assertThat(out().lines().filter(l -> l.contains("token=")).toList()).containsExactly(url.group());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(url.group())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("<html").doesNotContain(url.group(2));
        URI noToken = URI.create("http://127.0.0.1:" + url.group(1) + "/");
        assertThat(http.send(HttpRequest.newBuilder(noToken).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        process.destroy(); // SIGTERM, as Ctrl-C: the patch and the studio stop cleanly
        assertThat(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void studioWithoutAGraphStartsAnEmptyOneInANewFile() throws Exception {
        Files.writeString(dir.resolve("patch.json"), "{}");
        process = CliProcess.start(
                dir, List.of(), dir.resolve("out.txt"), dir.resolve("err.txt"), "studio", "--for", "60s");
        awaitUrl();
        assertThat(err()).contains("patch-2.json");
        assertThat(Files.readString(dir.resolve("patch-2.json"))).contains("\"nodes\"");
        assertThat(Files.readString(dir.resolve("patch.json"))).isEqualTo("{}");
    }

    private int pageStatus(Matcher url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url.group())).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void runWithUiServesTheStudioBesideTheTerminalView() throws Exception {
        Path graph = dir.resolve("g.json");
        Files.writeString(graph, """
                {"patchline": 1, "nodes": [{"id": "cfg", "type": "table", "params": {"data": "a,b\\n1,2"}}]}
                """);
        process = CliProcess.start(
                dir,
                List.of(),
                dir.resolve("out.txt"),
                dir.resolve("err.txt"),
                "run",
                graph.toString(),
                "--ui",
                "--view",
                "log",
                "--for",
                "60s");
        assertThat(pageStatus(awaitUrl())).isEqualTo(200);
    }

    @Test
    void demoPrintsItsStudioUrl() throws Exception {
        process = CliProcess.start(
                dir,
                List.of(),
                dir.resolve("out.txt"),
                dir.resolve("err.txt"),
                "demo",
                "--view",
                "log",
                "--for",
                "60s",
                "--sensors",
                "2");
        Matcher url = awaitUrl();
        assertThat(out()).contains("open the studio:");
        assertThat(pageStatus(url)).isEqualTo(200);
    }

    @Test
    void onlyLoopbackAddressesGoWithoutTheWarning() {
        assertThat(StudioLauncher.isLoopback("127.0.0.1")).isTrue();
        assertThat(StudioLauncher.isLoopback("::1")).isTrue();
        assertThat(StudioLauncher.isLoopback("localhost")).isTrue();
        assertThat(StudioLauncher.isLoopback("0.0.0.0")).isFalse();
        assertThat(StudioLauncher.isLoopback("192.0.2.7")).isFalse();
    }
}
