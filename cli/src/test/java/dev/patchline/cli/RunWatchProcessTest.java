package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patchline run GRAPH --watch} as a user runs it: its own JVM, a real file edited while it runs. */
class RunWatchProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) process.destroyForcibly();
    }

    private static String graph(String text, String nullType) {
        return """
                {"patchline": 1, "nodes": [
                  {"id": "words", "type": "text", "params": {"text": "%s"}},
                  {"id": "out", "type": "%s", "inputs": ["words"]}
                ]}
                """.formatted(text, nullType);
    }

    private String out() throws IOException {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    private String err() throws IOException {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void run_watch_applies_an_edit_of_the_file_and_reports_an_invalid_one_like_validate() throws Exception {
        Path g = Files.writeString(dir.resolve("g.json"), graph("a", "null"));
        process = CliProcess.start(
                dir,
                List.of(),
                dir.resolve("out.txt"),
                dir.resolve("err.txt"),
                "run",
                "g.json",
                "--watch",
                "--view",
                "none");
        await().atMost(LIMIT).until(() -> out().contains("watching g.json for changes"));

        Files.writeString(g, graph("b", "null"));
        await().atMost(LIMIT).until(() -> out().contains("g.json: applied: 1 node changed (1 changed)"));

        String invalid = graph("c", "nul");
        Files.writeString(g, invalid);
        await().atMost(LIMIT).until(() -> err().contains("g.json: rejected: 1 problem; the graph runs on as it was"));
        Path copy = Files.writeString(
                Files.createDirectories(dir.resolve("copy")).resolve("g.json"), invalid, StandardCharsets.UTF_8);
        CliProcess.Result validate = CliProcess.run(copy.getParent(), LIMIT, "validate", "g.json");
        String problem = validate.err()
                .lines()
                .filter(l -> l.startsWith("g.json:"))
                .findFirst()
                .orElseThrow();
        assertThat(problem).contains("/nodes/1/type: unknown operator type 'nul'");
        await().atMost(LIMIT).until(() -> err().lines().anyMatch(problem::equals));

        process.destroy(); // SIGTERM, as a service manager stops it
        assertThat(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(out().lines().filter(l -> l.contains("applied"))).hasSize(1);
    }
}
