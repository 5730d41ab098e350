package dev.patchline.cli;

import dev.patchline.runtime.op.OperatorPages;
import dev.patchline.runtime.op.OperatorRegistry;
import dev.patchline.runtime.op.OperatorType;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patchline ops [NAME]}: lists operator types, or shows one in full. */
@Command(
        name = "ops",
        mixinStandardHelpOptions = true,
        description = "Lists operator types (name first on each line), or shows one type's parameters, ports and docs.")
final class OpsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "An operator type id, e.g. mqttClient.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OperatorRegistry registry = OperatorRegistry.load();
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            for (OperatorType t : OperatorPages.sorted(registry.all())) {
                out.println(listLine(t));
            }
            return 0;
        }
        OperatorType type = registry.find(name)
                .orElseThrow(() -> new CliException("no operator type '" + name + "'" + suggestion(registry)));
        out.print(OperatorPages.page(type));
        return 0;
    }

    /** {@return the line of {@code type} in the list: id, family and summary} */
    static String listLine(OperatorType type) {
        return String.format(
                "%-14s %-5s %s", type.id(), type.family(), type.doc().summary());
    }

    private String suggestion(OperatorRegistry registry) {
        var close = registry.suggest(name);
        return close.isEmpty() ? "; `patchline ops` lists them" : "; did you mean " + String.join(", ", close) + "?";
    }
}
