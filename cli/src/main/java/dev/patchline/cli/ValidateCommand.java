package dev.patchline.cli;

import dev.patchline.runtime.graph.Graph;
import dev.patchline.runtime.op.OperatorRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patchline validate GRAPH}: exit 0 when the graph is valid, 1 with every problem on stderr. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks a graph file without starting it: every problem with its line:column and JSON pointer.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "GRAPH", description = "The graph file (.json).")
    Path graph;

    @Mixin
    AllowPathOption allowPath;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Graph g = GraphFiles.load(
                graph,
                OperatorRegistry.load(),
                allowPath.folders(),
                spec.commandLine().getErr());
        spec.commandLine().getOut().println(graph + ": valid (" + g.nodes().size() + " nodes)");
        return 0;
    }
}
