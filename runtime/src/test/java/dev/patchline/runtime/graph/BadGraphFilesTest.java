package dev.patchline.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.patchline.runtime.script.GroovyBridge;
import dev.patchline.runtime.testops.TestOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed graph file in {@code src/test/resources/graphs/bad} is refused before anything starts,
 * with every problem listed as {@code file:line:column: pointer: message}, in file order.
 */
class BadGraphFilesTest {
    static final Path BAD = Path.of("src/test/resources/graphs/bad");

    static Stream<Arguments> badGraphs() {
        return Stream.of(
                arguments(
                        "bad-node-id.json",
                        List.of(
                                "bad-node-id.json:4:7: /nodes/0/id: node id 'my node' must start with a letter or '_' and contain only letters, digits and '_'")),
                arguments(
                        "bind-bad-target.json",
                        List.of(
                                "bind-bad-target.json:6:19: /nodes/1/params/rows: parameter 'rows': bind target 'val' must be \"node/channel\" or \"node/row/column\"")),
                arguments(
                        "bind-dat-needs-cell.json",
                        List.of(
                                "bind-dat-needs-cell.json:6:19: /nodes/1/params/rows: parameter 'rows': 't' is a DAT, bind to a cell as \"t/row/column\"")),
                arguments(
                        "callbacks-compile-error.json",
                        List.of(
                                "callbacks-compile-error.json:5:7: /nodes/0/callbacks: callbacks do not compile: in/callbacks:2:11: Unexpected input: '('")),
                arguments(
                        "callbacks-missing-file.json",
                        List.of(
                                "callbacks-missing-file.json:4:40: /nodes/0/callbacks: callbacks file 'callbacks/nope.groovy' not found (looked for "
                                        + BAD.toAbsolutePath().normalize().resolve("callbacks/nope.groovy") + ")")),
                arguments(
                        "cycle.json",
                        List.of("cycle.json:5:49: /nodes/1/inputs/0: wire from 'a' closes a cycle: a -> b -> c -> a")),
                arguments(
                        "duplicate-id.json",
                        List.of(
                                "duplicate-id.json:5:7: /nodes/1/id: duplicate node id 'a' (already used by /nodes/0)")),
                arguments(
                        "duplicate-key.json",
                        List.of("duplicate-key.json:4:40: /nodes/0/id: duplicate key 'id'; each key may appear once")),
                arguments(
                        "empty.json",
                        List.of(
                                "empty.json:1:1: (root): the file is empty; a graph is {\"patchline\": 1, \"nodes\": [...]}")),
                arguments(
                        "env-missing.json",
                        List.of(
                                "env-missing.json:5:19: /nodes/0/params/password: parameter 'password': environment variable MQTT_PASSWORD is not set")),
                arguments(
                        "expression-syntax.json",
                        List.of(
                                "expression-syntax.json:5:19: /nodes/0/params/rows: parameter 'rows': expression does not compile at line 1, column 3: Unexpected input: '+'")),
                arguments(
                        "inputs-not-strings.json",
                        List.of(
                                "inputs-not-strings.json:5:5: /nodes/1: input 0 ('input', DAT) of 'p' is required but not wired",
                                "inputs-not-strings.json:5:49: /nodes/1/inputs/0: an input must be a node id string, got number 0")),
                arguments(
                        "list-item-unknown-field.json",
                        List.of(
                                "list-item-unknown-field.json:5:19: /nodes/0/params/subscriptions: parameter 'subscriptions' item 1 has unknown field 'qoss'; valid fields: topic, qos")),
                arguments(
                        "menu-bad.json",
                        List.of(
                                "menu-bad.json:5:19: /nodes/0/params/mode: parameter 'mode' must be one of 'client', 'server', got 'peer'")),
                arguments("missing-type.json", List.of("missing-type.json:4:5: /nodes/0: node has no \"type\"")),
                arguments(
                        "missing-version.json",
                        List.of(
                                "missing-version.json:1:1: (root): missing \"patchline\": 1 (the graph format version)")),
                arguments(
                        "mode-object-two-keys.json",
                        List.of(
                                "mode-object-two-keys.json:5:19: /nodes/0/params/rows: a mode object has exactly one key, \"expr\", \"bind\" or \"env\"; found expr, env")),
                arguments(
                        "node-not-object.json",
                        List.of(
                                "node-not-object.json:3:14: /nodes/0: a node must be an object with \"id\" and \"type\", got string \"a\"")),
                arguments(
                        "nodes-not-array.json",
                        List.of(
                                "nodes-not-array.json:3:3: /nodes: \"nodes\" must be an array of node objects, got an object")),
                arguments(
                        "not-object.json",
                        List.of(
                                "not-object.json:1:1: (root): a graph file must be a JSON object like {\"patchline\": 1, \"nodes\": [...]}, got an array")),
                arguments(
                        "operator-ref-unknown.json",
                        List.of(
                                "operator-ref-unknown.json:5:49: /nodes/1/params/target: parameter 'target' refers to unknown node 'sourc'; did you mean 'source'?")),
                arguments(
                        "out-of-range.json",
                        List.of(
                                "out-of-range.json:5:19: /nodes/0/params/rows: parameter 'rows' must be between 0 and 1000000, got -3")),
                arguments(
                        "pulse-value.json",
                        List.of(
                                "pulse-value.json:5:19: /nodes/0/params/clear: parameter 'clear' is a pulse and has no stored value; fire it at run time instead")),
                arguments(
                        "required-input-missing.json",
                        List.of(
                                "required-input-missing.json:4:5: /nodes/0: input 0 ('input', DAT) of 'sink' is required but not wired")),
                arguments(
                        "secret-literal.json",
                        List.of(
                                "secret-literal.json:5:19: /nodes/0/params/password: parameter 'password' is a secret: write {\"env\": \"VARIABLE\"} instead of a literal value, so the secret never lands in the graph file")),
                arguments(
                        "self-wire.json",
                        List.of("self-wire.json:4:49: /nodes/0/inputs/0: node 'a' cannot be wired into itself")),
                arguments(
                        "several-problems.json",
                        List.of(
                                "several-problems.json:4:52: /nodes/0/params/rows: parameter 'rows' expects an integer, got number 1.5",
                                "several-problems.json:4:65: /nodes/0/params/prefix: parameter 'prefix' expects a string, got number 7",
                                "several-problems.json:5:18: /nodes/1/type: unknown operator type 'testPas'; did you mean 'testPass'?",
                                "several-problems.json:6:49: /nodes/2/inputs/0: unknown input node 'z'; did you mean 'a'?",
                                "several-problems.json:6:55: /nodes/2/x: \"x\" must be a number, got string \"left\"")),
                arguments(
                        "syntax-error.json",
                        List.of(
                                "syntax-error.json:4:17: (root): invalid JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries")),
                arguments(
                        "too-many-inputs.json",
                        List.of(
                                "too-many-inputs.json:6:54: /nodes/2/inputs/1: operator type 'testPass' takes at most 1 input, but 2 are wired")),
                arguments(
                        "unknown-input.json",
                        List.of(
                                "unknown-input.json:5:52: /nodes/1/inputs/0: unknown input node 'tabel'; did you mean 'table'?")),
                arguments(
                        "unknown-node-key.json",
                        List.of(
                                "unknown-node-key.json:4:40: /nodes/0/input: unknown key 'input'; did you mean 'inputs'?; valid keys: id, type, params, inputs, callbacks, x, y, comment")),
                arguments(
                        "unknown-param.json",
                        List.of(
                                "unknown-param.json:5:19: /nodes/0/params/rowz: unknown parameter 'rowz' for operator type 'testSource'; did you mean 'rows'?; valid parameters: rows, prefix, gain")),
                arguments(
                        "unknown-top-key.json",
                        List.of(
                                "unknown-top-key.json:1:1: (root): missing \"nodes\": [...] (the list of nodes)",
                                "unknown-top-key.json:3:3: /node: unknown key 'node'; did you mean 'nodes'?; valid keys: patchline, comment, nodes")),
                arguments(
                        "unknown-type.json",
                        List.of(
                                "unknown-type.json:4:18: /nodes/0/type: unknown operator type 'testSorce'; did you mean 'testSource'?")),
                arguments(
                        "wire-family.json",
                        List.of(
                                "wire-family.json:5:52: /nodes/1/inputs/0: cannot wire CHOP 'val' into DAT input 'input' of 'sink': wires join nodes of the same family; convert with a 'chopTo' (CHOP to DAT) node")),
                arguments(
                        "wrong-value-type.json",
                        List.of(
                                "wrong-value-type.json:5:19: /nodes/0/params/rows: parameter 'rows' expects an integer, got string \"ten\"")),
                arguments(
                        "wrong-version.json",
                        List.of(
                                "wrong-version.json:2:3: /patchline: unsupported graph format version 2; this Patchline reads version 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badGraphs")
    void is_refused_with_exact_messages_and_locations(String file, List<String> expected) throws Exception {
        String json = Files.readString(BAD.resolve(file));
        GraphException e = catchThrowableOfType(
                GraphException.class,
                () -> GraphJson.read(
                        json,
                        file,
                        TestOps.registry(),
                        GraphValidator.Context.of(Map.of("ROWS", "3"), BAD, new GroovyBridge())));
        assertThat(e).as("graph must be refused").isNotNull();
        assertThat(e.getMessage().split("\n")).containsExactlyElementsOf(expected);
        assertThat(e.problems())
                .hasSameSizeAs(expected)
                .allSatisfy(p -> assertThat(p.line()).isPositive());
    }

    @org.junit.jupiter.api.Test
    void every_bad_file_has_an_expectation() throws Exception {
        try (Stream<Path> files = Files.list(BAD)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(badGraphs().map(a -> (String) a.get()[0]).sorted().toList())
                    .isEqualTo(names);
            assertThat(names).hasSizeGreaterThanOrEqualTo(20);
        }
    }
}
