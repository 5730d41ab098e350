package dev.patchline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PatchlineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path graph(String json) throws Exception {
        Path f = dir.resolve("g.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void validate_accepts_a_good_graph() throws Exception {
        Path g = graph("{\"patchline\":1,\"nodes\":[{\"id\":\"t\",\"type\":\"cliTicker\",\"params\":{\"limit\":2}}]}");
        assertThat(run("validate", g.toString())).isZero();
        assertThat(out.toString()).contains("valid (1 nodes)");
    }

    @Test
    void validate_lists_every_problem_with_line_and_column_and_exits_1() throws Exception {
        Path g = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "t", "type": "cliTickr"},
                  {"id": "u", "type": "cliTicker", "params": {"limt": 2}}
                ]}
                """);
        assertThat(run("validate", g.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(g + ":2:")
                .contains("/nodes/0/type")
                .contains("cliTicker") // the suggestion
                .contains(g + ":3:")
                .contains("limt")
                .contains("2 problems; the graph was not started")
                .doesNotContain("Exception");
    }

    @Test
    void validate_refuses_bad_mqtt_values_naming_node_parameter_and_fix() throws Exception {
        Path g = graph("""
                {"patchline": 1, "nodes": [
                  {"id": "sensors", "type": "mqttClient", "params": {
                    "netaddress": "http://127.0.0.1:1883",
                    "subscriptions": [{"topic": "a/#/b"}],
                    "cafile": "certs/missing-ca.pem",
                    "maxlines": 0}},
                  {"id": "hall", "type": "topicSelect", "inputs": ["sensors"], "params": {"filter": "x/#/y"}}
                ]}
                """);
        assertThat(run("validate", g.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(g + ":3:")
                .contains("node 'sensors' parameter 'netaddress': broker URL 'http://127.0.0.1:1883'")
                .contains(g + ":4:")
                .contains("node 'sensors' parameter 'subscriptions': entry 0 ('a/#/b')")
                .contains("write a filter like sensors/+/temp")
                .contains(g + ":5:")
                .contains("node 'sensors' parameter 'cafile': cannot read file "
                        + dir.resolve("certs/missing-ca.pem").toAbsolutePath())
                .contains(g + ":6:")
                .contains("parameter 'maxlines' must be between 1 and")
                .contains(g + ":7:")
                .contains("node 'hall' parameter 'filter'")
                .contains("5 problems; the graph was not started")
                .doesNotContain("Exception");
    }

    @Test
    void a_missing_file_is_one_clear_line_without_stack_trace() {
        assertThat(run("validate", dir.resolve("nope.json").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("patchline: graph file not found: " + dir.resolve("nope.json"));
    }

    @Test
    void bad_flags_exit_2_with_usage() {
        assertThat(run("run", "--for", "5 parsecs", "x.json")).isEqualTo(2);
        assertThat(err.toString()).contains("'5 parsecs' is not a duration");
        assertThat(run("nosuchcommand")).isEqualTo(2);
    }

    @Test
    void run_stops_after_the_duration_runs_onStop_and_dumps_the_table() throws Exception {
        Path g = graph(
                "{\"patchline\":1,\"nodes\":[{\"id\":\"t\",\"type\":\"cliTicker\",\"params\":{\"limit\":3,\"label\":\"a,b\"}}]}");
        Path dump = dir.resolve("out/t.csv");
        int stopsBefore = TickerDat.STOPS.get();
        assertThat(run("run", g.toString(), "--for", "400ms", "--view", "log", "--dump", "t=" + dump))
                .isZero();
        assertThat(TickerDat.STOPS.get()).isEqualTo(stopsBefore + 1);
        assertThat(Files.readString(dump)).isEqualTo("label,n\r\n\"a,b\",0\r\n\"a,b\",1\r\n\"a,b\",2\r\n");
        assertThat(out.toString()).contains("stopped g.json");
    }

    @Test
    void run_rejects_a_dump_of_an_unknown_node_before_starting() throws Exception {
        Path g = graph("{\"patchline\":1,\"nodes\":[{\"id\":\"t\",\"type\":\"cliTicker\"}]}");
        int stopsBefore = TickerDat.STOPS.get();
        assertThat(run("run", g.toString(), "--for", "1s", "--dump", "x=" + dir.resolve("x.csv")))
                .isEqualTo(1);
        assertThat(err.toString()).contains("the graph has no node 'x'");
        assertThat(TickerDat.STOPS.get()).isEqualTo(stopsBefore);
    }

    @Test
    void the_event_clock_cap_needs_the_event_clock_and_a_rate_of_at_least_one() throws Exception {
        Path g = graph("{\"patchline\":1,\"nodes\":[{\"id\":\"t\",\"type\":\"cliTicker\",\"params\":{\"limit\":3}}]}");
        assertThat(run("run", g.toString(), "--for", "200ms", "--max-event-rate", "500"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max-event-rate applies to the event clock only; add --event");
        err.getBuffer().setLength(0);
        assertThat(run("run", g.toString(), "--for", "200ms", "--event", "--max-event-rate", "0.5"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max-event-rate must be at least 1 frame per second, got 0.5");
        Path dump = dir.resolve("out/capped.csv");
        assertThat(run(
                        "run",
                        g.toString(),
                        "--for",
                        "400ms",
                        "--view",
                        "none",
                        "--event",
                        "--max-event-rate",
                        "200",
                        "--dump",
                        "t=" + dump))
                .isZero();
        assertThat(Files.readString(dump)).startsWith("label,n\r\n");
    }

    @Test
    void ops_lists_names_first_and_shows_one_type() {
        assertThat(run("ops")).isZero();
        assertThat(out.toString().lines()).anyMatch(l -> l.startsWith("cliTicker "));
        out.getBuffer().setLength(0);
        assertThat(run("ops", "cliTicker")).isZero();
        assertThat(out.toString())
                .contains("# Ticker DAT (`cliTicker`)")
                .contains("| `limit` | Limit | integer | `3` | 0 … 1000 |");
        assertThat(run("ops", "cliTickr")).isEqualTo(1);
        assertThat(err.toString()).contains("no operator type 'cliTickr'; did you mean cliTicker?");
    }

    @Test
    void schema_is_json_naming_the_operator_types() throws Exception {
        assertThat(run("schema")).isZero();
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(node.isObject()).isTrue();
        assertThat(out.toString()).contains("cliTicker");
    }

    @Test
    void docs_writes_pages_and_check_detects_stale_ones() throws Exception {
        Path docs = dir.resolve("ops");
        assertThat(run("docs", "--out", docs.toString())).isZero();
        assertThat(docs.resolve("README.md")).content().contains("[`cliTicker`](cliTicker.md)");
        assertThat(run("docs", "--out", docs.toString(), "--check")).isZero();
        Files.writeString(docs.resolve("cliTicker.md"), "edited by hand");
        Files.writeString(docs.resolve("gone.md"), "an operator that no longer exists");
        assertThat(run("docs", "--out", docs.toString(), "--check")).isEqualTo(1);
        assertThat(err.toString())
                .contains("differs: " + docs.resolve("cliTicker.md"))
                .contains("not generated: " + docs.resolve("gone.md"));
    }

    @Test
    void durations_accept_the_usual_spellings() {
        assertThat(Durations.parse("500ms").toMillis()).isEqualTo(500);
        assertThat(Durations.parse("5s").toMillis()).isEqualTo(5000);
        assertThat(Durations.parse("1m30s").toSeconds()).isEqualTo(90);
        assertThat(Durations.parse("PT2S").toSeconds()).isEqualTo(2);
    }
}
