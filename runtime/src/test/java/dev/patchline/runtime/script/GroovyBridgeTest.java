package dev.patchline.runtime.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patchline.runtime.op.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroovyBridgeTest {
    private final GroovyBridge bridge = new GroovyBridge();

    @Test
    void an_expression_compiles_once_and_reads_live_variables() {
        CompiledExpression c = bridge.compileExpression("x * 2 + 1", "test");
        bridge.compileExpression("x * 2 + 1", "other");
        assertThat(bridge.compiledCount()).as("compiled once, cached by text").isEqualTo(1);
        Map<String, Object> vars = new HashMap<>();
        vars.put("x", 1);
        BoundExpression e = c.bind(vars);
        assertThat(e.evaluate()).isEqualTo(3);
        vars.put("x", 20);
        assertThat(e.evaluate()).isEqualTo(41);
    }

    @Test
    void a_compile_error_has_line_and_column() {
        assertThatThrownBy(() -> bridge.compileScript(
                        "def onConnect(dat) {\n  log.info 'x'\n}\ndef onMessage(dat {\n}", "cb.groovy"))
                .isInstanceOfSatisfying(ScriptCompileException.class, e -> {
                    assertThat(e.origin()).isEqualTo("cb.groovy");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.column()).isEqualTo(19);
                    assertThat(e.getMessage()).startsWith("cb.groovy:4:19: ");
                });
    }

    @Test
    void callbacks_are_found_by_name_and_take_the_leading_arguments() {
        List<Object> calls = new ArrayList<>();
        Map<String, Object> vars = new HashMap<>();
        vars.put("calls", calls);
        ScriptInstance s = bridge.compileScript("""
                def onPublish(dat) { calls << "publish ${dat}" }
                def onMessage(dat, topic, payload) { calls << "message ${topic}=${payload}"; 42 }
                """, "cb.groovy").instantiate(vars);
        List<String> problems = new ArrayList<>();
        ScriptCallbacks cb = new ScriptCallbacks(s, (state, msg) -> problems.add(state + " " + msg));
        assertThat(cb.has("onPublish")).isTrue();
        assertThat(cb.has("onConnect")).isFalse();
        assertThat(cb.invoke("onConnect", "dat")).isFalse();
        assertThat(cb.invoke("onPublish", "dat", "topic/a")).isTrue();
        assertThat(cb.call("onMessage", "dat", "t", "p", 1, false, false)).isEqualTo(42);
        assertThat(calls).extracting(Object::toString).containsExactly("publish dat", "message t=p");
        assertThat(problems).isEmpty();
    }

    @Test
    void a_throwing_callback_is_reported_with_its_line_and_does_not_throw() {
        ScriptInstance s = bridge.compileScript("""
                def onMessage(dat, topic) {
                    def x = 1
                    throw new IllegalStateException("bad topic " + topic)
                }
                """, "sensors.groovy").instantiate(new HashMap<>());
        List<String> problems = new ArrayList<>();
        ScriptCallbacks cb = new ScriptCallbacks(s, (state, msg) -> problems.add(state + " " + msg));
        assertThat(cb.invoke("onMessage", "dat", "a/b")).isTrue();
        assertThat(problems)
                .containsExactly(NodeState.ERROR + " onMessage failed in sensors.groovy at line 3: bad topic a/b");
    }

    @Test
    void java_objects_can_be_callbacks() {
        List<String> seen = new ArrayList<>();
        Object target = new Object() {
            @SuppressWarnings("unused")
            public void onConnect(Object dat) {
                seen.add("connect " + dat);
            }
        };
        ScriptCallbacks cb = ScriptCallbacks.ofObject(target, (s, m) -> seen.add(m));
        assertThat(cb.invoke("onConnect", "d", "extra")).isTrue();
        assertThat(cb.invoke("onMessage", "d")).isFalse();
        assertThat(seen).containsExactly("connect d");
    }

    @Test
    void op_without_a_graph_says_so() {
        BoundExpression e = bridge.compileExpression("op('x')", "t").bind(new HashMap<>());
        assertThatThrownBy(e::evaluate)
                .isInstanceOf(ScriptRuntimeException.class)
                .hasMessageContaining("op('x') is not available here (no graph attached)");
    }
}
