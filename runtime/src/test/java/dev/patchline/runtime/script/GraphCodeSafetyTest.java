package dev.patchline.runtime.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.patchline.runtime.graph.GraphException;
import dev.patchline.runtime.graph.GraphJson;
import dev.patchline.runtime.graph.GraphValidator;
import dev.patchline.runtime.testops.TestOps;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graph code runs none of its own code while it compiles, and compiled classes do not pile up. */
class GraphCodeSafetyTest {
    @TempDir
    Path dir;

    private static String json(String escapedExpression) {
        return """
                {"nodes": [
                  {"id": "src", "type": "testSource", "params": {"rows": {"expr": "%s"}}}
                ]}""".formatted(escapedExpression);
    }

    private String astTest(Path marker) {
        return "@groovy.transform.ASTTest(value={ new File('" + marker + "').text = 'x' }) def a = 1; a";
    }

    @Test
    void validating_a_graph_with_an_ASTTest_runs_none_of_its_code_and_names_the_construct() {
        Path marker = dir.resolve("validated");
        String graph = json(astTest(marker).replace("'", "\\u0027"));
        GraphValidator.Context context = GraphValidator.Context.of(Map.of(), dir, new GroovyBridge());
        assertThatThrownBy(() -> GraphJson.read(graph, "sent.json", TestOps.registry(), context))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("/nodes/0/params/rows")
                .hasMessageContaining("@groovy.transform.ASTTest is not allowed in graph code");
        assertThat(marker).doesNotExist();
    }

    @Test
    void compiling_to_run_refuses_an_ASTTest_too() {
        Path marker = dir.resolve("compiled");
        GroovyBridge bridge = new GroovyBridge();
        assertThatThrownBy(() -> bridge.compileExpression(astTest(marker), "n/params/x"))
                .isInstanceOf(ScriptCompileException.class)
                .hasMessageContaining("@groovy.transform.ASTTest")
                .satisfies(e -> assertThat(((ScriptCompileException) e).line()).isEqualTo(1));
        assertThatThrownBy(() -> bridge.compileScript("def onStart() { }\n" + astTest(marker), "n/callbacks"))
                .isInstanceOf(ScriptCompileException.class)
                .satisfies(e -> assertThat(((ScriptCompileException) e).line()).isEqualTo(2));
        assertThat(marker).doesNotExist();
    }

    @Test
    void grab_and_annotation_definitions_are_refused_with_their_name() {
        GroovyBridge bridge = new GroovyBridge();
        String grab = "@Grab('org.example:evil:1.0') import org.example.Evil\n1";
        assertThatThrownBy(() -> bridge.checkExpression(grab, "g")).hasMessageContaining("@Grab is not allowed");
        assertThatThrownBy(() -> bridge.compileExpression(grab, "g")).hasMessageContaining("@Grab is not allowed");
        String definition = "@interface Evil { }\n1";
        assertThatThrownBy(() -> bridge.checkScript(definition, "d"))
                .hasMessageContaining("annotation type definitions");
    }

    @Test
    void groovy_code_generators_stay_allowed_and_work_when_running() {
        GroovyBridge bridge = new GroovyBridge();
        String script = """
                @groovy.transform.CompileStatic
                int twice(int x) { x * 2 }
                @groovy.transform.Memoized
                int square(int x) { x * x }
                """;
        bridge.checkScript(script, "cb");
        ScriptInstance instance = bridge.compileScript(script, "cb").instantiate(new HashMap<>());
        assertThat(instance.call("twice", 21)).isEqualTo(42);
        assertThat(instance.call("square", 5)).isEqualTo(25);
    }

    @Test
    void records_and_value_classes_compile_in_both_modes() {
        GroovyBridge bridge = new GroovyBridge();
        String script = """
                record Reading(String sensor, double value) { }
                @groovy.transform.Canonical class Point { int x, y }
                @groovy.transform.Immutable class Span { int from, to }
                @groovy.transform.Field int seen = 0
                def describe() { seen++; new Reading('t', 1.5).toString() + new Point(1, 2) + new Span(from: 1, to: 2).to }
                """;
        bridge.checkScript(script, "cb");
        ScriptInstance instance = bridge.compileScript(script, "cb").instantiate(new HashMap<>());
        assertThat((String) instance.call("describe"))
                .contains("Reading", "1.5", "Point(1, 2)")
                .endsWith("2");
    }

    @Test
    void validation_still_reports_ordinary_compile_errors() {
        GroovyBridge bridge = new GroovyBridge();
        assertThatThrownBy(() -> bridge.checkExpression("new NoSuchClassAnywhere()", "x"))
                .isInstanceOf(ScriptCompileException.class)
                .hasMessageContaining("NoSuchClassAnywhere");
        assertThatThrownBy(() -> bridge.checkExpression("1 +", "x")).isInstanceOf(ScriptCompileException.class);
    }

    @Test
    void a_loop_that_never_ends_stops_when_its_thread_is_interrupted() throws Exception {
        GroovyBridge bridge = new GroovyBridge();
        BoundExpression forever = bridge.compileExpression("long n = 0; while (true) { n++ }; n", "loop")
                .bind(new HashMap<>());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                forever.evaluate();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        t.interrupt();
        t.join(Duration.ofSeconds(30).toMillis());
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(ScriptRuntimeException.class).hasMessageContaining("interrupted");
    }

    @Test
    void the_class_cache_is_bounded_and_evicted_classes_can_be_unloaded() {
        GroovyBridge bridge = new GroovyBridge(GroovyBridge.class.getClassLoader(), 8);
        WeakReference<Class<?>> first = new WeakReference<>(classOf(bridge.compileExpression("1 + 0", "e")));
        for (int i = 1; i < 40; i++) {
            CompiledExpression e = bridge.compileExpression("[1, 2].collect { it * " + i + " }.sum()", "e" + i);
            assertThat(e.bind(new HashMap<>()).evaluate()).isEqualTo(3 * i);
            assertThat(bridge.compiledCount()).isLessThanOrEqualTo(8);
        }
        assertThat(bridge.compiledCount()).isEqualTo(8);
        // Nothing but the cache held the first class: once evicted it is garbage, class loader and all.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return first.get() == null;
        });
    }

    /** {@return the compiled class behind {@code e}} */
    private static Class<?> classOf(CompiledExpression e) {
        try {
            var accessor = e.getClass().getDeclaredMethod("type");
            accessor.setAccessible(true);
            return (Class<?>) accessor.invoke(e);
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }
}
