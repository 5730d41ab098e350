package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.runtime.op.OperatorPages;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command as a user runs it: a new JVM started like {@code ./patchline}, its exit code and what reaches its
 * real stdout and stderr. The in-process tests ({@link CliTest}) read a {@code StringWriter} and cannot see output
 * that stays in a buffer when the process exits.
 */
class CliProcessTest {
    /** The checked-in operator reference; {@code mvn verify} fails when it differs from the generated pages. */
    private static final Path OPERATOR_DOCS = Path.of("..", "docs", "operators");

    private static final OperatorRegistry REGISTRY = OperatorRegistry.load();

    @TempDir
    Path dir;

    @Test
    void version_and_help_print_and_exit_0() {
        CliProcess.Result version = CliProcess.run("--version");
        assertThat(version.exitCode()).as("%s", version).isZero();
        assertThat(version.out()).matches("patchline \\S+\\R");
        assertThat(version.err()).isEmpty();

        CliProcess.Result help = CliProcess.run("--help");
        assertThat(help.exitCode()).as("%s", help).isZero();
        assertThat(help.out())
                .startsWith("Usage: patchline")
                .contains("run", "validate", "ops", "schema", "docs", "demo", "mqtt");

        CliProcess.Result runHelp = CliProcess.run("help", "run");
        assertThat(runHelp.exitCode()).as("%s", runHelp).isZero();
        assertThat(runHelp.out()).startsWith("Usage: patchline run").contains("--for=DURATION", "--allow-path=DIR");
    }

    @Test
    void the_commands_not_run_here_print_their_help() {
        for (List<String> command : List.of(List.of("demo"), List.of("mqtt", "pub"), List.of("mqtt", "sub"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliProcess.Result r = CliProcess.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s: %s", args, r).isZero();
            assertThat(r.out()).as("%s", args).startsWith("Usage: patchline " + String.join(" ", command));
        }
    }

    @Test
    void usage_errors_exit_2_on_stderr() {
        CliProcess.Result none = CliProcess.run();
        assertThat(none.exitCode()).as("%s", none).isEqualTo(2);
        assertThat(none.err()).contains("a command is needed (try: patchline --help)");
        assertThat(none.out()).isEmpty();

        CliProcess.Result unknown = CliProcess.run("nosuchcommand");
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(2);
        assertThat(unknown.err()).contains("nosuchcommand");
    }

    @Test
    void ops_lists_every_operator_of_the_reference_one_line_each() throws IOException {
        CliProcess.Result list = CliProcess.run("ops");
        assertThat(list.exitCode()).as("%s", list).isZero();
        List<String> expected = new ArrayList<>();
        for (String id : documentedOperators()) expected.add(OpsCommand.listLine(type(id)));
        assertThat(list.out().lines().toList()).containsExactlyElementsOf(expected);
        assertThat(list.err()).isEmpty();
    }

    @Test
    void ops_name_prints_the_whole_generated_page_of_every_operator() throws Exception {
        List<String> ids = documentedOperators();
        assertThat(ids).hasSizeGreaterThan(30);
        Map<String, Future<CliProcess.Result>> runs = new LinkedHashMap<>();
        // Two at a time: enough to halve the wall time on a two-core machine without starving it.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String id : ids) runs.put(id, pool.submit(() -> CliProcess.run("ops", id)));
            for (Map.Entry<String, Future<CliProcess.Result>> run : runs.entrySet()) {
                CliProcess.Result r = run.getValue().get(2 * CliProcess.DEFAULT_LIMIT.toSeconds(), TimeUnit.SECONDS);
                String id = run.getKey();
                assertThat(r.exitCode()).as("ops %s: %s", id, r).isZero();
                assertThat(r.out()).as("ops %s", id).isEqualTo(OperatorPages.page(type(id)));
                assertThat(r.err()).as("ops %s", id).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        // The page that the lost flush cut at 8,192 bytes is one of them, and longer than that.
        assertThat(OperatorPages.page(type("mqttClient")).getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(8192);
    }

    @Test
    void ops_with_an_unknown_name_exits_1_with_a_suggestion() {
        CliProcess.Result r = CliProcess.run("ops", "mqttClent");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("patchline: no operator type 'mqttClent'; did you mean mqttClient?");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validate_says_valid_and_exits_0() throws IOException {
        Path g = write("ok.json", """
                {"patchline": 1, "nodes": [
                  {"id": "cues", "type": "table", "params": {"data": "a,b\\n1,2"}},
                  {"id": "last", "type": "null", "inputs": ["cues"]}
                ]}
                """);
        CliProcess.Result r = CliProcess.run("validate", g.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo(g + ": valid (2 nodes)" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validate_lists_every_problem_on_stderr_and_exits_1() throws IOException {
        Path g = write("bad.json", """
                {"patchline": 1, "nodes": [
                  {"id": "cues", "type": "tabel"},
                  {"id": "out", "type": "fileOut", "params": {"file": "../outside.csv", "maxbites": 3}}
                ]}
                """);
        CliProcess.Result r = CliProcess.run("validate", g.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList())
                .anyMatch(l ->
                        l.startsWith(g + ":2:") && l.contains("unknown operator type 'tabel'") && l.contains("table"))
                .anyMatch(l -> l.startsWith(g + ":3:")
                        && l.contains("node 'out' parameter 'file': '../outside.csv' leaves the graph's folder"))
                .anyMatch(l ->
                        l.startsWith(g + ":3:") && l.contains("unknown parameter 'maxbites'") && l.contains("maxbytes"))
                .anyMatch(l -> l.startsWith(g + ":3:") && l.contains("input 0") && l.contains("required"));
        assertThat(r.err())
                .endsWith("patchline: " + g + ": 4 problems; the graph was not started" + System.lineSeparator())
                .doesNotContain("Exception");
    }

    @Test
    void validate_of_a_missing_file_exits_1_and_of_a_bad_option_exits_2() {
        CliProcess.Result missing =
                CliProcess.run("validate", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).as("%s", missing).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("patchline: graph file not found: " + dir.resolve("nope.json"));

        CliProcess.Result option = CliProcess.run("validate", "--nosuchoption", "x.json");
        assertThat(option.exitCode()).as("%s", option).isEqualTo(2);
        assertThat(option.err()).contains("--nosuchoption");
    }

    @Test
    void schema_prints_the_whole_json_schema() throws IOException {
        CliProcess.Result r = CliProcess.run("schema");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode schema = new ObjectMapper().readTree(r.out());
        assertThat(schema.isObject()).isTrue();
        for (String id : documentedOperators())
            assertThat(r.out()).as("schema names %s", id).contains("\"" + id + "\"");
    }

    @Test
    void docs_writes_the_checked_in_reference_and_check_accepts_it() throws IOException {
        Path out = dir.resolve("operators");
        CliProcess.Result write = CliProcess.run("docs", "--out", out.toString());
        assertThat(write.exitCode()).as("%s", write).isZero();
        List<String> files = markdownFiles(OPERATOR_DOCS);
        assertThat(write.out()).isEqualTo("wrote " + files.size() + " pages to " + out + System.lineSeparator());
        assertThat(markdownFiles(out)).isEqualTo(files);
        for (String f : files) {
            assertThat(Files.readString(out.resolve(f))).as(f).isEqualTo(Files.readString(OPERATOR_DOCS.resolve(f)));
        }

        Files.writeString(out.resolve("table.md"), "edited by hand");
        CliProcess.Result check = CliProcess.run("docs", "--check", "--out", out.toString());
        assertThat(check.exitCode()).as("%s", check).isEqualTo(1);
        assertThat(check.err())
                .contains("differs: " + out.resolve("table.md"))
                .contains("1 pages differ; regenerate with `./patchline docs --out " + out + "`");
    }

    @Test
    void run_prints_stopped_and_exits_0_writing_only_where_the_graph_may() throws IOException {
        Path show = Files.createDirectories(dir.resolve("show"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(show.resolve("run.json"), """
                {"patchline": 1, "nodes": [
                  {"id": "cues", "type": "table", "params": {"file": "cues.csv"}},
                  {"id": "log", "type": "fileOut", "inputs": ["cues"], "params": {"file": "../logs/cues.csv"}}
                ]}
                """);
        Files.writeString(show.resolve("cues.csv"), "name,value\nintro,1\n");
        Path dump = dir.resolve("dump.csv");

        CliProcess.Result refused = CliProcess.run(show, CliProcess.DEFAULT_LIMIT, "run", "run.json", "--for", "1s");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "run.json:3:",
                        "node 'log' parameter 'file': '../logs/cues.csv' leaves the graph's folder",
                        "--allow-path DIR",
                        "1 problem; the graph was not started");

        CliProcess.Result r = CliProcess.run(
                show,
                CliProcess.DEFAULT_LIMIT,
                "run",
                "run.json",
                "--for",
                "1s",
                "--view",
                "log",
                "--allow-path",
                logs.toString(),
                "--dump",
                "cues=" + dump);
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).endsWith("stopped run.json" + System.lineSeparator());
        assertThat(Files.readString(dump)).isEqualTo("name,value\r\nintro,1\r\n");
        assertThat(Files.readAllLines(logs.resolve("cues.csv"))).containsExactly("name,value", "intro,1");
    }

    /** {@return the operator ids of the checked-in reference, sorted as {@code patchline ops} lists them} */
    private static List<String> documentedOperators() throws IOException {
        return markdownFiles(OPERATOR_DOCS).stream()
                .filter(f -> !f.equals("README.md"))
                .map(f -> f.substring(0, f.length() - ".md".length()))
                .sorted()
                .toList();
    }

    private static List<String> markdownFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .sorted()
                    .toList();
        }
    }

    private static OperatorType type(String id) {
        return REGISTRY.find(id)
                .orElseThrow(() -> new AssertionError("no operator type " + id + " on the test class path"));
    }

    private Path write(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }
}
