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

/**
 * {@code patchline run} and {@code validate} as users run them: a separate {@code java} process started the way the
 * {@code ./patchline} launcher starts it (class path of the distribution, main class {@link PatchlineCommand}).
 * The bounds asserted here are limits on a test machine under load, wider than the ≈10 s the command itself needs.
 */
class RunProcessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) process.destroyForcibly();
    }

    private Path graph(String callbacks) throws IOException {
        String json = """
                {"patchline": 1, "nodes": [
                  {"id": "loop", "type": "execute", "callbacks": {"inline": %s}}
                ]}""".formatted(quote(callbacks));
        Path f = dir.resolve("g.json");
        Files.writeString(f, json);
        return f;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Starts {@code patchline ARGS} as its own JVM in the test's folder; {@code jvmOptions} such as -Xmx. */
    private Process patchline(List<String> jvmOptions, String... args) throws IOException {
        process = CliProcess.start(dir, jvmOptions, dir.resolve("out.txt"), dir.resolve("err.txt"), args);
        return process;
    }

    private String err() throws IOException {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private String out() throws IOException {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    private static int ended(Process p) throws InterruptedException {
        assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .as("the process ended within " + LIMIT)
                .isTrue();
        return p.exitValue();
    }

    @Test
    void run_for_ends_a_graph_whose_callback_loops_forever_and_names_the_node() throws Exception {
        Path g = graph("def onFrameStart(frame) { while (true) { } }");
        Process p = patchline(List.of(), "run", "--for", "2s", "--view", "none", g.toString());
        assertThat(ended(p)).isEqualTo(1);
        assertThat(err()).contains("node 'loop' (callback onFrameStart)", "interrupted");
        assertThat(out()).doesNotContain("stopped g.json");
    }

    @Test
    void run_for_abandons_a_callback_that_swallows_interrupts_and_still_ends() throws Exception {
        Path g = graph("""
                def onFrameStart(frame) {
                    while (true) { try { Thread.sleep(50) } catch (InterruptedException ignored) { } }
                }""");
        Process p = patchline(List.of(), "run", "--for", "2s", "--view", "none", g.toString());
        assertThat(ended(p)).isEqualTo(1);
        assertThat(err()).contains("node 'loop' (callback onFrameStart)", "abandoned");
    }

    @Test
    void ctrl_c_ends_a_stuck_graph_and_names_the_node() throws Exception {
        Path g = graph("def onFrameStart(frame) { while (true) { } }");
        Process p = patchline(List.of(), "run", "--watchdog", "300ms", "--view", "none", g.toString());
        // The watchdog's warning says the callback is running: the moment a user would press Ctrl-C.
        await().atMost(LIMIT).until(() -> err().contains("node 'loop' (callback onFrameStart) has been running"));
        assertThat(err()).contains("at pl"); // the cook thread's stack, inside the compiled callback
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(ended(p)).as("exit code after SIGINT").isEqualTo(130);
        assertThat(err()).contains("did not return within", "node 'loop' (callback onFrameStart)");
    }

    @Test
    void a_cook_thread_killed_by_out_of_memory_makes_run_fail_with_the_node_and_the_cause() throws Exception {
        Path g = graph("def onFrameStart(frame) { def keep = []; while (true) { keep << new byte[1 << 20] } }");
        Process p = patchline(List.of("-Xmx96m"), "run", "--for", "20s", "--view", "none", g.toString());
        assertThat(ended(p)).isEqualTo(1);
        assertThat(err()).contains("died in node 'loop' (callback onFrameStart)", "OutOfMemoryError");
        assertThat(out()).doesNotContain("stopped g.json");
    }

    @Test
    void validate_runs_no_code_of_an_ASTTest_expression() throws Exception {
        Path marker = dir.resolve("written-by-validate");
        String expression = "@groovy.transform.ASTTest(value={ new File('" + marker + "').text = 'x' }) def a = 1; a";
        Path g = dir.resolve("sent.json");
        Files.writeString(g, """
                {"patchline": 1, "nodes": [
                  {"id": "tick", "type": "lfo", "params": {"frequency": {"expr": %s}}}
                ]}""".formatted(quote(expression)));
        Process p = patchline(List.of(), "validate", g.toString());
        assertThat(ended(p)).isEqualTo(1);
        assertThat(marker).doesNotExist();
        assertThat(err())
                .contains("/nodes/0/params/frequency", "@groovy.transform.ASTTest is not allowed in graph code");
    }
}
