package dev.patchline.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchline.nodes.core.chop.ConstantChop;
import dev.patchline.nodes.core.dat.TableDat;
import dev.patchline.runtime.cook.Patch;
import dev.patchline.runtime.cook.PatchOptions;
import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.op.OperatorPages;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.param.ParamValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's protocol against a real running patch and a real server socket. */
class StudioProtocolTest {
    static final OperatorRegistry REGISTRY = OperatorRegistry.load().with(FeedDat.TYPE);

    @TempDir
    Path dir;

    Patch patch;
    StudioServer studio;

    @AfterEach
    void stop() {
        if (studio != null) studio.close();
        if (patch != null) patch.close();
    }

    private PatchOptions options() {
        return PatchOptions.builder()
                .registry(REGISTRY)
                .baseDir(dir)
                .name("studio-test")
                .watchAll()
                .build();
    }

    private StudioServer serve(Graph graph, boolean readonly) throws Exception {
        Path file = dir.resolve("graph.json");
        GraphJson.save(graph, REGISTRY, file);
        PatchOptions options = options();
        patch = Patch.start(graph, options);
        studio = StudioServer.start(patch, StudioOptions.of(options, file).withReadonly(readonly));
        return studio;
    }

    static Graph graph() {
        return Graph.builder()
                .node("feed", FeedDat.TYPE, p -> p.set(FeedDat.RATE, 0).position(10, 20))
                .node("cfg", TableDat.TYPE, p -> p.set(TableDat.DATA, "name,value\na,1"))
                .build();
    }

    @Test
    void helloIsAnsweredWithHelloAndASnapshotOfGraphTypesAndState() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.open(studio.port(), null)) {
            c.send("{\"type\":\"hello\",\"proto\":1,\"token\":\"" + StudioClient.token(studio) + "\"}");
            JsonNode hello = c.await("hello");
            assertThat(hello.path("proto").asInt()).isEqualTo(1);
            assertThat(hello.path("readonly").asBoolean()).isFalse();
            assertThat(hello.path("file").asText())
                    .isEqualTo(dir.resolve("graph.json").toString());
            assertThat(hello.toString()).doesNotContain(StudioClient.token(studio));

            JsonNode snap = c.await("snapshot");
            assertThat(snap.path("rev").asLong()).isNotNegative();
            JsonNode graph = snap.path("graph");
            assertThat(graph.path("patchline").asInt()).isEqualTo(1);
            assertThat(graph.path("nodes").get(0).path("id").asText()).isEqualTo("feed");
            assertThat(graph.path("nodes").get(0).path("x").asDouble()).isEqualTo(10);
            assertThat(graph.path("nodes").get(1).path("params").path("data").asText())
                    .isEqualTo("name,value\na,1");
            assertThat(snap.path("file").path("dirty").asBoolean()).isFalse();

            JsonNode table = null;
            for (JsonNode t : snap.path("types")) if (t.path("id").asText().equals("table")) table = t;
            assertThat(table).as("the table type in the snapshot").isNotNull();
            assertThat(table.path("family").asText()).isEqualTo("DAT");
            assertThat(table.path("doc").asText()).isEqualTo(OperatorPages.page(TableDat.TYPE));
            JsonNode format = null;
            for (JsonNode p : table.path("params")) if (p.path("name").asText().equals("format")) format = p;
            assertThat(format.path("kind").asText()).isEqualTo("menu");
            assertThat(format.path("menu").size()).isPositive();
            assertThat(snap.path("nodes").has("feed")).isTrue();
            assertThat(snap.path("nodes").path("cfg").path("state").asText()).isIn("idle", "ok");
        }
    }

    @Test
    void aWatchedTableSendsAResetThenTheRowsAppendedSince() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.connect(studio)) {
            c.await("snapshot");
            c.send("{\"type\":\"watch\",\"id\":\"feed\",\"rows\":5}");
            JsonNode reset = c.await("table", m -> m.path("reset").asBoolean());
            assertThat(reset.path("header").toString()).isEqualTo("[\"topic\",\"payload\",\"qos\",\"retained\"]");
            assertThat(reset.path("rows").size()).isZero();

            patch.edit(e -> e.setParam("feed", "rate", ParamValue.constant(2))).get(5, TimeUnit.SECONDS);
            JsonNode append = c.await(
                    "table",
                    m -> !m.path("reset").asBoolean() && m.path("append").size() > 0);
            assertThat(append.path("id").asText()).isEqualTo("feed");
            assertThat(append.path("append").get(0).get(0).asText()).isEqualTo("sensors/a");
            assertThat(append.path("append").get(0).get(1).asText()).startsWith("0");
            long rows = append.path("numRows").asLong();
            JsonNode next = c.await(
                    "table",
                    m -> m.path("numRows").asLong() > rows || m.path("firstSeq").asLong() > 0);
            assertThat(next.path("append").size() + (next.path("reset").asBoolean() ? 0 : 0))
                    .isPositive();
        }
    }

    @Test
    void anEditTakesEffectInThePatchAndEveryClientGetsTheNewGraph() throws Exception {
        serve(graph(), false);
        try (StudioClient a = StudioClient.connect(studio);
                StudioClient b = StudioClient.connect(studio)) {
            long rev = a.await("snapshot").path("rev").asLong();
            b.await("snapshot");
            a.send("{\"type\":\"edit\",\"reqId\":\"r1\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"param\",\"id\":\"cfg\",\"name\":\"data\",\"value\":\"name,value\\nb,2\"},"
                    + "{\"op\":\"move\",\"id\":\"feed\",\"x\":50,\"y\":60}]}");
            JsonNode ack = a.await("ack");
            assertThat(ack.path("reqId").asText()).isEqualTo("r1");
            assertThat(ack.path("rev").asLong()).isGreaterThan(rev);
            for (StudioClient c : new StudioClient[] {a, b}) {
                JsonNode g = c.await("graph");
                assertThat(g.path("source").asText()).isEqualTo("studio");
                assertThat(g.path("rev").asLong()).isEqualTo(ack.path("rev").asLong());
                assertThat(g.path("graph")
                                .path("nodes")
                                .get(1)
                                .path("params")
                                .path("data")
                                .asText())
                        .isEqualTo("name,value\nb,2");
                assertThat(g.path("graph").path("nodes").get(0).path("x").asDouble())
                        .isEqualTo(50);
                assertThat(c.await("file").path("dirty").asBoolean()).isTrue();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> patch.query(v -> v.node("cfg").getTable().cell(0, 0))
                                    .get(5, TimeUnit.SECONDS),
                            "b"::equals);

            a.send("{\"type\":\"save\",\"reqId\":\"s1\"}");
            assertThat(a.await("ack").path("reqId").asText()).isEqualTo("s1");
            assertThat(a.await("file").path("dirty").asBoolean()).isFalse();
            Graph saved = GraphJson.load(dir.resolve("graph.json"), REGISTRY);
            assertThat(saved.node("cfg").orElseThrow().params().get("data"))
                    .isEqualTo(ParamValue.constant("name,value\nb,2"));
            assertThat(saved.node("feed").orElseThrow().x()).isEqualTo(50.0);
        }
    }

    @Test
    void anInvalidOrStaleEditIsRefusedAndChangesNothing() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.connect(studio)) {
            long rev = c.await("snapshot").path("rev").asLong();
            c.send("{\"type\":\"edit\",\"reqId\":\"bad\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"param\",\"id\":\"feed\",\"name\":\"rate\",\"value\":-5}]}");
            JsonNode nack = c.await("nack");
            assertThat(nack.path("reqId").asText()).isEqualTo("bad");
            assertThat(nack.path("errors").get(0).path("id").asText()).isEqualTo("feed");
            assertThat(nack.path("errors").get(0).path("param").asText()).isEqualTo("rate");

            c.send(
                    "{\"type\":\"edit\",\"reqId\":\"wire\",\"baseRev\":" + rev
                            + ",\"ops\":[{\"op\":\"add\",\"node\":{\"id\":\"sel\",\"type\":\"select\",\"inputs\":[\"nope\"]}}]}");
            JsonNode wire = c.await("nack", m -> m.path("reqId").asText().equals("wire"));
            assertThat(wire.path("errors").get(0).path("id").asText()).isEqualTo("sel");
            assertThat(wire.path("errors").get(0).path("message").asText()).contains("nope");

            c.send("{\"type\":\"edit\",\"reqId\":\"new\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"move\",\"id\":\"feed\",\"x\":2,\"y\":2}]}");
            assertThat(c.await("ack").path("rev").asLong()).isGreaterThan(rev);
            c.send("{\"type\":\"edit\",\"reqId\":\"old\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"move\",\"id\":\"feed\",\"x\":1,\"y\":1}]}");
            JsonNode stale = c.await("nack", m -> m.path("reqId").asText().equals("old"));
            assertThat(stale.path("stale").asBoolean()).isTrue();
            assertThat(patch.graph().node("sel")).isEmpty();
            assertThat(patch.graph().node("feed").orElseThrow().x()).isEqualTo(2.0);
        }
    }

    @Test
    void aNodeAddedAndWiredStartsAndARenameKeepsTheWires() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.connect(studio)) {
            long rev = c.await("snapshot").path("rev").asLong();
            c.send("{\"type\":\"edit\",\"reqId\":\"add\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"add\",\"node\":{\"id\":\"out\",\"type\":\"null\",\"inputs\":[\"cfg\"],\"x\":5,\"y\":5}},"
                    + "{\"op\":\"rename\",\"id\":\"cfg\",\"to\":\"config\"}]}");
            c.await("ack");
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> patch.query(v -> v.node("out") == null
                                            ? -1
                                            : v.node("out").getNumRows())
                                    .get(5, TimeUnit.SECONDS),
                            n -> n == 1);
            assertThat(patch.graph().node("out").orElseThrow().inputs()).containsExactly("config");
        }
    }

    @Test
    void readonlyRefusesEditsAndSaves() throws Exception {
        serve(graph(), true);
        try (StudioClient c = StudioClient.connect(studio)) {
            long rev = c.await("snapshot").path("rev").asLong();
            c.send("{\"type\":\"edit\",\"reqId\":\"r1\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"param\",\"id\":\"feed\",\"name\":\"rate\",\"value\":3}]}");
            assertThat(c.await("nack").path("errors").get(0).path("message").asText())
                    .contains("read-only");
            c.send("{\"type\":\"save\",\"reqId\":\"s1\"}");
            assertThat(c.await("nack").path("reqId").asText()).isEqualTo("s1");
            assertThat(patch.graph().node("feed").orElseThrow().params().get("rate"))
                    .isEqualTo(ParamValue.constant(0));
        }
    }

    @Test
    void aTappedNodeSendsItsNewRowsAsMessagesAndRowsAnswersARange() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.connect(studio)) {
            c.await("snapshot");
            c.send("{\"type\":\"tap\",\"id\":\"feed\"}");
            patch.edit(e -> e.setParam("feed", "rate", ParamValue.constant(1))).get(5, TimeUnit.SECONDS);
            JsonNode m = c.await("messages");
            JsonNode item = m.path("items").get(0);
            assertThat(item.path("node").asText()).isEqualTo("feed");
            assertThat(item.path("topic").asText()).isEqualTo("sensors/a");
            assertThat(item.path("qos").asInt()).isEqualTo(1);
            assertThat(item.path("retained").asBoolean()).isFalse();

            c.send("{\"type\":\"rows\",\"reqId\":\"q\",\"id\":\"cfg\",\"from\":0,\"count\":10}");
            JsonNode rows = c.await("rows");
            assertThat(rows.path("reqId").asText()).isEqualTo("q");
            assertThat(rows.path("header").toString()).isEqualTo("[\"name\",\"value\"]");
            assertThat(rows.path("rows").toString()).isEqualTo("[[\"a\",\"1\"]]");
        }
    }

    @Test
    void aWatchedChopSendsItsLatestValuesAndAParameterEditChangesThem() throws Exception {
        var channels =
                ConstantChop.CHANNELS.fromJson(StudioClient.JSON.readTree("[{\"name\":\"gain\",\"value\":0.5}]"));
        serve(
                graph().toBuilder()
                        .node("level", ConstantChop.TYPE, p -> p.set(ConstantChop.CHANNELS, channels))
                        .build(),
                false);
        try (StudioClient c = StudioClient.connect(studio)) {
            long rev = c.await("snapshot").path("rev").asLong();
            c.send("{\"type\":\"watch\",\"id\":\"level\"}");
            JsonNode first = c.await("channels");
            assertThat(first.path("id").asText()).isEqualTo("level");
            assertThat(first.path("names").toString()).isEqualTo("[\"gain\"]");
            assertThat(first.path("values").get(0).asDouble()).isEqualTo(0.5);
            c.send("{\"type\":\"edit\",\"reqId\":\"v\",\"baseRev\":" + rev
                    + ",\"ops\":[{\"op\":\"param\",\"id\":\"level\",\"name\":\"channels\","
                    + "\"value\":[{\"name\":\"gain\",\"value\":0.75}]}]}");
            c.await("ack");
            assertThat(c.await("channels", m -> m.path("values").get(0).asDouble() == 0.75)
                            .path("names")
                            .toString())
                    .isEqualTo("[\"gain\"]");
        }
    }

    @Test
    void nodeStateArrivesForCookingNodes() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.connect(studio)) {
            c.await("snapshot");
            patch.edit(e -> e.setParam("feed", "rate", ParamValue.constant(3))).get(5, TimeUnit.SECONDS);
            JsonNode state = c.await(
                    "state", m -> m.path("nodes").path("feed").path("rows").asLong() > 0);
            assertThat(state.path("nodes").path("feed").path("state").asText()).isEqualTo("ok");
            assertThat(state.path("nodes").path("feed").path("cookCount").asLong())
                    .isPositive();
        }
    }

    @Test
    void aChangeOfTheFileOnDiskReachesThePatchAndEveryClientAndABrokenFileIsReported() throws Exception {
        serve(graph(), false);
        try (StudioClient c = StudioClient.connect(studio)) {
            c.await("snapshot");
            Path file = dir.resolve("graph.json");
            Graph changed = graph().toBuilder()
                    .remove("cfg")
                    .node("cfg", TableDat.TYPE, p -> p.set(TableDat.DATA, "name,value\nfromdisk,3"))
                    .build();
            Files.writeString(file, GraphJson.write(changed, REGISTRY));
            JsonNode g = c.await("graph", m -> m.path("source").asText().equals("disk"));
            assertThat(g.path("graph")
                            .path("nodes")
                            .get(1)
                            .path("params")
                            .path("data")
                            .asText())
                    .isEqualTo("name,value\nfromdisk,3");
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> patch.query(v -> v.node("cfg").getTable().cell(0, 0))
                                    .get(5, TimeUnit.SECONDS),
                            "fromdisk"::equals);

            Files.writeString(file, "{\"patchline\": 1, \"nodes\": [{\"id\": \"x\", \"type\": \"nosuchtype\"}]}");
            JsonNode log = c.await("log", m -> m.path("items").toString().contains("nosuchtype"));
            assertThat(log.path("items").get(0).path("level").asText()).isEqualTo("error");
            assertThat(log.path("items").get(0).path("text").asText()).contains("graph.json:1:");
            assertThat(patch.graph().node("cfg")).isPresent();
        }
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }
}
