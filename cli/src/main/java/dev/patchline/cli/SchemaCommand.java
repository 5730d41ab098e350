package dev.patchline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchline.runtime.graph.GraphSchema;
import dev.patchline.runtime.op.OperatorRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patchline schema}: the JSON Schema of graph files, generated from the operator descriptors. */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Prints the JSON Schema of graph files for the operators on the class path.")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String json = new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(GraphSchema.generate(OperatorRegistry.load()));
        spec.commandLine().getOut().println(json);
        return 0;
    }
}
